// A meeting through the real window, on the demo council: prepare it, take
// attendance, write minutes (autosaved, surviving a kill), record a decision that
// adopts the previous minutes and an action, then find it all locked after a restart.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BIN,
  axeViolations,
  chooseRadio,
  clickButton,
  fill,
  heading,
  launch,
  screenshot,
  setDate,
  startDriver,
} from "./harness.mjs";

const COUNCIL = "Conseil citoyen des Tilleuls";
const TITLE = "Plénière de décembre";
let driver;
let browser;

async function expectAccessible(name) {
  const violations = await axeViolations(browser);
  await screenshot(browser, name);
  assert.deepEqual(violations, [], `accessibility violations on ${name}`);
}

function isoToday() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function openMeeting(title) {
  await clickButton(browser, "Conseils");
  await clickButton(browser, COUNCIL);
  await heading(browser, COUNCIL);
  await (await browser.$("#tab-meetings")).click();
  await clickButton(browser, title);
  await heading(browser, title);
}

async function agendaTitles() {
  const items = await browser.$$('[data-testid="agenda"] .agenda-title');
  const out = [];
  for (const i of items) out.push(await i.getText());
  return out;
}

describe("a meeting from agenda to adopted minutes", () => {
  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "quorum-e2e-meeting-"));
    execFileSync(BIN, ["--data-dir", dataDir, "demo"], { stdio: "ignore" });
    driver = await startDriver(dataDir);
    browser = await launch(driver);
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
    await driver?.stop();
  });

  it("creates a meeting", async () => {
    await clickButton(browser, COUNCIL);
    await heading(browser, COUNCIL);
    await (await browser.$("#tab-meetings")).click();
    await clickButton(browser, "Nouvelle réunion");
    await heading(browser, "Nouvelle réunion");
    await expectAccessible("20-meeting-form");
    await fill(browser, "title", TITLE);
    await setDate(browser, "date", isoToday());
    await fill(browser, "place", "Maison des Tilleuls");
    await chooseRadio(browser, "status", "tenue");
    await clickButton(browser, "Enregistrer");
    await heading(browser, TITLE);
    assert.match(await (await browser.$(".subtitle")).getText(), /Séance plénière · \S+ \d+ \S+ \d{4} à 18 h 30 · Maison des Tilleuls/);
  });

  it("builds the agenda, takes up the previous minutes, and reorders by keyboard", async () => {
    await fill(browser, "item-title", "Budget de la fête de quartier");
    await (await browser.$("#item-kind")).selectByAttribute("value", "decision");
    await clickButton(browser, "Ajouter un point");
    await browser.waitUntil(async () => (await agendaTitles()).length === 1, { timeout: 10000 });
    await fill(browser, "item-title", "Approbation du compte rendu du 10 novembre");
    await (await browser.$("#item-kind")).selectByAttribute("value", "approbation_cr");
    const target = await browser.$("#item-approves");
    await target.waitForExist({ timeout: 5000 });
    await target.selectByVisibleText(await (await browser.$("//select[@id='item-approves']/option[contains(., \"Séance plénière d'automne\")]")).getText());
    await clickButton(browser, "Ajouter un point");
    await browser.waitUntil(async () => (await agendaTitles()).length === 2, { timeout: 10000 });
    let titles = await agendaTitles();
    assert.equal(titles[0], "Budget de la fête de quartier");
    assert.match(titles[1], /^Approbation du compte rendu du /);
    const down = await browser.$('button[aria-label="Descendre « Budget de la fête de quartier »"]');
    await down.click();
    await browser.waitUntil(async () => (await agendaTitles())[1] === "Budget de la fête de quartier", {
      timeout: 10000,
      timeoutMsg: "the item should have moved down",
    });
    titles = await agendaTitles();
    assert.match(titles[0], /^Approbation du compte rendu du /);
    await expectAccessible("21-meeting-agenda");
  });

  it("takes attendance and the quorum follows", async () => {
    await (await browser.$("#mtab-attendance")).click();
    const quorum = await browser.$('[data-testid="quorum"]');
    await quorum.waitForExist({ timeout: 10000 });
    assert.match(await quorum.getText(), /Quorum non atteint : 0 présent\(s\) sur 6 nécessaire\(s\)/);
    const names = ["Nadia Benali", "Fatou Diallo", "Marie-Thérèse Dubois", "Pascal Girard", "Karim Haddad", "Jean-Pierre Lefèvre"];
    for (const name of names) {
      const select = await browser.$(`select[aria-label="Présence de ${name}"]`);
      await select.selectByAttribute("value", "present");
      await browser.pause(150);
    }
    await browser.waitUntil(async () => /Quorum atteint : 6 présent\(s\)/.test(await quorum.getText()), {
      timeout: 10000,
      timeoutMsg: "six titulaires present should reach the quorum of six",
    });
    await (await browser.$('select[aria-label="Présence de Sylvie Moreau"]')).selectByAttribute("value", "represente");
    const proxy = await browser.$("//tr[contains(., 'Sylvie Moreau')]//label[contains(., 'Pouvoir donné à')]/select");
    await proxy.waitForExist({ timeout: 10000 });
    await proxy.selectByVisibleText("Fatou Diallo");
    await browser.waitUntil(async () => /1 représenté/.test(await quorum.getText()), { timeout: 10000 });
    await expectAccessible("22-meeting-attendance");
  });

  it("autosaves the minutes, which survive the app being killed", async () => {
    await (await browser.$("#mtab-minutes")).click();
    const area = await browser.$("//label[contains(., 'Notes du point 2')]/following-sibling::textarea");
    await area.waitForExist({ timeout: 10000 });
    const text = "Le conseil débat du budget : « 1 000 € » pour la fête, œuvre commune des associations.";
    await area.setValue(text);
    const status = await browser.$("//label[contains(., 'Notes du point 2')]/following-sibling::p[@data-status]");
    await browser.waitUntil(async () => (await status.getAttribute("data-status")) === "saved", {
      timeout: 3000,
      timeoutMsg: "the notes should save by themselves within 2 seconds of the last keystroke",
    });
    assert.match(await status.getText(), /Enregistré à \d\d:\d\d:\d\d/);
    // Kill the app without letting it close: what was saved must be there after.
    execFileSync("pkill", ["-KILL", "-f", BIN]);
    await browser.deleteSession().catch(() => {});
    browser = await launch(driver);
    await openMeeting(TITLE);
    await (await browser.$("#mtab-minutes")).click();
    const again = await browser.$("//label[contains(., 'Notes du point 2')]/following-sibling::textarea");
    await again.waitForExist({ timeout: 10000 });
    assert.equal(await again.getValue(), text);
  });

  it("records the adoption of the previous minutes and an action", async () => {
    const approval = await browser.$("//section[contains(@class, 'minutes-item')][1]");
    await (await approval.$("summary=Ajouter une décision")).click();
    const text = await approval.$("textarea[id$='-text']");
    await text.setValue("Le compte rendu de la séance précédente est adopté sans modification.");
    await (await approval.$("select[id$='-outcome']")).selectByAttribute("value", "adopte");
    await (await approval.$("select[id$='-vote']")).selectByAttribute("value", "unanimite");
    await (await approval.$("button=Ajouter une décision")).click();
    await browser.waitUntil(async () => (await browser.$$('[data-testid="decision"]')).length === 1, { timeout: 10000 });
    assert.match(await (await browser.$('[data-testid="decision"]')).getText(), /Adopté — Le compte rendu de la séance précédente est adopté/);

    const budget = await browser.$("//section[contains(@class, 'minutes-item')][2]");
    await (await budget.$("summary=Ajouter une action")).click();
    await (await budget.$("input[id$='-description']")).setValue("Demander un devis pour la sono");
    await (await budget.$("select[id$='-owner_kind']")).selectByAttribute("value", "institution");
    await (await budget.$("input[id$='-owner_text']")).setValue("Centre social Espace Tilleuls");
    await (await budget.$("input[id$='-due_text']")).setValue("à la rentrée");
    await (await budget.$("button=Ajouter une action")).click();
    await browser.waitUntil(async () => /Demander un devis pour la sono/.test(await budget.getText()), { timeout: 10000 });
    await expectAccessible("23-meeting-minutes");
  });

  it("writes the compte rendu as a PDF that reads back exactly", async () => {
    const meetingId = await (await browser.$("section.documents")).getAttribute("data-meeting-id");
    const out = join(mkdtempSync(join(tmpdir(), "quorum-e2e-pdf-")), "compte-rendu.pdf");
    // The native save dialog cannot be driven; call the command the button calls, with the
    // path the dialog would return, through the page's own IPC.
    const opened = await browser.executeAsync(
      (id, path, done) => {
        window.__TAURI_INTERNALS__
          .invoke("meeting_pdf_export", { meetingId: id, document: "minutes", path, open: false })
          .then((r) => done(r), (e) => done(JSON.stringify(e)));
      },
      meetingId,
      out,
    );
    assert.equal(opened, false);
    const text = execFileSync("pdftotext", [out, "-"], { encoding: "utf8" }).split(/\s+/).join(" ");
    assert.match(text, /Compte rendu — Plénière de décembre/);
    assert.match(text, /Projet — document de travail, non adopté/);
    assert.match(text, /Le conseil débat du budget : « 1 000 € » pour la fête, œuvre commune des associations\./);
    assert.match(text, /Adopté \(à l'unanimité\) : Le compte rendu de la séance précédente est adopté sans modification\./);
    assert.match(text, /Demander un devis pour la sono Centre social Espace Tilleuls à la rentrée À faire/);
  });

  it("shows the previous minutes adopted and locked, even after a restart", async () => {
    await browser.deleteSession();
    browser = await launch(driver);
    await openMeeting("Séance plénière d'automne");
    const badge = await browser.$('[data-testid="minutes-status"]');
    assert.equal((await badge.getText()).trim(), "Adopté");
    assert.match(await (await browser.$(".banner")).getText(), /ne peut plus être modifié/);
    await (await browser.$("#mtab-minutes")).click();
    const area = await browser.$("textarea");
    await area.waitForExist({ timeout: 10000 });
    assert.equal(await area.getAttribute("disabled"), "true");
    await expectAccessible("24-meeting-locked");
  });

  it("opens a rectificatif with its reason and keeps the adopted text in the history", async () => {
    await clickButton(browser, "Ouvrir un rectificatif");
    await fill(browser, "rectify-reason", "Oubli d'un membre excusé dans la liste");
    await clickButton(browser, "Ouvrir le rectificatif");
    const badge = await browser.$('[data-testid="minutes-status"]');
    await browser.waitUntil(async () => /Projet\s*\(version 2\)/.test(await badge.getText()), {
      timeout: 10000,
      timeoutMsg: "the rectificatif should open version 2 as a draft",
    });
    await (await browser.$("#mtab-history")).click();
    const history = await browser.$("ol.history");
    await history.waitForExist({ timeout: 10000 });
    assert.match(await history.getText(), /Version 1, adoptée le .*\n?.*Raison du rectificatif : Oubli d'un membre excusé dans la liste/s);
    await (await browser.$("summary=Voir le texte adopté de la version 1")).click();
    assert.match(await history.getText(), /Aucune remarque n'est formulée sur le compte rendu\./);
    await expectAccessible("25-meeting-history");
  });
});
