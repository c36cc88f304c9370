// The foundation's path through the real window: create a council, add members in
// both collèges, watch the parity warning change, restart and find the data.
// axe-core checks every screen visited.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  axeViolations,
  chooseRadio,
  clickButton,
  driverProcesses,
  fill,
  heading,
  launch,
  screenshot,
  setDate,
  startDriver,
} from "./harness.mjs";

let driver;
let browser;

async function expectAccessible(screenName) {
  const violations = await axeViolations(browser);
  await screenshot(browser, screenName);
  assert.deepEqual(violations, [], `accessibility violations on ${screenName}`);
}

async function warningCodes() {
  const items = await browser.$$('[data-testid="warnings"] li');
  const codes = [];
  for (const li of items) codes.push(await li.getAttribute("data-code"));
  return codes;
}

async function addMember({ college, status = "titulaire", first, last, sex, organisation, email = "" }) {
  await clickButton(browser, "Ajouter un membre");
  await heading(browser, "Nouveau membre");
  await chooseRadio(browser, "college", college);
  await chooseRadio(browser, "status", status);
  await fill(browser, "first_name", first);
  await fill(browser, "last_name", last);
  await chooseRadio(browser, "sex", sex);
  if (organisation) await fill(browser, "organisation", organisation);
  if (email) await fill(browser, "email", email);
  await clickButton(browser, "Enregistrer");
  await heading(browser, "Conseil citoyen du Moulin");
  await browser.waitUntil(async () => (await browser.$(`//th//button[normalize-space(.)="${first} ${last}"]`)).isExisting(), {
    timeout: 10000,
    timeoutMsg: `${first} ${last} should be listed`,
  });
}

describe("councils and members through the window", () => {
  before(async () => {
    driver = await startDriver();
    browser = await launch(driver);
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
    await driver?.stop();
  });

  it("opens on an empty list of councils, in French", async () => {
    assert.equal(await heading(browser), "Vos conseils");
    assert.equal(await browser.getTitle(), "Quorum");
    assert.equal(await (await browser.$("html")).getAttribute("lang"), "fr");
    assert.ok(await (await browser.$("//h2[.=\"Aucun conseil pour l'instant.\"]")).isExisting());
    await expectAccessible("01-councils-empty");
  });

  it("has WebKit paint without accelerated compositing, unless the person chose otherwise", () => {
    // Software GL made each full repaint about 120 ms, a third of the start-up
    // (docs/PERFORMANCE.md): the app sets the variable for its WebKit processes.
    const web = driverProcesses(driver.dataDir).filter((p) => p.comm.startsWith("WebKitWebProces"));
    assert.ok(web.length > 0, "the app's WebKit web process should be running");
    const expected = process.env.WEBKIT_DISABLE_COMPOSITING_MODE ?? "1";
    for (const p of web) assert.equal(p.env.WEBKIT_DISABLE_COMPOSITING_MODE, expected, `process ${p.pid}`);
  });

  it("refuses an empty council form with French messages beside the fields, keeping what was typed", async () => {
    await clickButton(browser, "Nouveau conseil");
    assert.equal(await heading(browser, "Nouveau conseil"), "Nouveau conseil");
    await expectAccessible("02-council-form");
    await fill(browser, "contrat_de_ville", "Engagements Quartiers 2030");
    await fill(browser, "prefectoral_order_date", "");
    await clickButton(browser, "Enregistrer");
    const summary = await browser.$(".error-summary");
    await summary.waitForExist({ timeout: 10000 });
    const text = await summary.getText();
    assert.match(text, /Nom du conseil : Ce champ est obligatoire\./);
    assert.match(text, /Commune : Ce champ est obligatoire\./);
    assert.match(await (await browser.$("#name-error")).getText(), /Ce champ est obligatoire\./);
    assert.equal(await (await browser.$("#name")).getAttribute("aria-invalid"), "true");
    assert.equal(await (await browser.$("#contrat_de_ville")).getValue(), "Engagements Quartiers 2030");
    await expectAccessible("03-council-form-errors");
  });

  it("creates the council", async () => {
    await fill(browser, "name", "Conseil citoyen du Moulin");
    await fill(browser, "commune", "Saint-Éloi-les-Prés");
    await fill(browser, "neighbourhoods-0-qpv_name", "Le Moulin");
    await fill(browser, "neighbourhoods-0-qpv_code", "qp099001");
    await clickButton(browser, "Enregistrer");
    assert.equal(await heading(browser, "Conseil citoyen du Moulin"), "Conseil citoyen du Moulin");
    assert.deepEqual(await warningCodes(), ["no_members"]);
    await expectAccessible("04-council-empty");
  });

  it("adds members in both collèges and the parity warning follows", async () => {
    await addMember({ college: "habitants", first: "Awa", last: "Diallo", sex: "f", email: "awa@exemple.fr" });
    await addMember({ college: "habitants", first: "Lucie", last: "Bernard", sex: "f" });
    let codes = await warningCodes();
    assert.ok(codes.includes("parity_imbalance"), `parity warning expected, got ${codes}`);
    assert.ok(codes.includes("empty_college"), `empty collège warning expected, got ${codes}`);
    assert.match(await (await browser.$('[data-testid="parity"]')).getText(), /2 femme\(s\), 0 homme\(s\)/);

    await addMember({ college: "habitants", first: "Karim", last: "Haddad", sex: "m" });
    codes = await warningCodes();
    assert.ok(!codes.includes("parity_imbalance"), `no parity warning expected, got ${codes}`);

    await addMember({
      college: "acteurs_locaux",
      first: "Gilles",
      last: "Fontaine",
      sex: "m",
      organisation: "Jardins partagés du Moulin",
    });
    codes = await warningCodes();
    assert.ok(!codes.includes("empty_college"), `both collèges have members, got ${codes}`);
    assert.ok(codes.includes("too_few"), `a council of 4 is under the recommended size, got ${codes}`);
    const acteurs = await (await browser.$('[data-testid="members-acteurs_locaux"]')).getText();
    assert.match(acteurs, /Gilles Fontaine/);
    assert.match(acteurs, /Jardins partagés du Moulin/);
    await expectAccessible("05-council-members");
  });

  it("rejects a bad e-mail address beside the field", async () => {
    await clickButton(browser, "Ajouter un membre");
    await heading(browser, "Nouveau membre");
    await fill(browser, "last_name", "Martin");
    await fill(browser, "email", "pas-une-adresse");
    await clickButton(browser, "Enregistrer");
    const err = await browser.$("#email-error");
    await err.waitForExist({ timeout: 10000 });
    assert.match(await err.getText(), /Adresse e-mail non reconnue/);
    assert.equal(await (await browser.$("#last_name")).getValue(), "Martin");
    await expectAccessible("06-member-form-error");
    await clickButton(browser, "Annuler");
    await heading(browser, "Conseil citoyen du Moulin");
  });

  it("moves between tabs with the keyboard and adds a guest", async () => {
    const membersTab = await browser.$("#tab-members");
    await membersTab.click();
    await browser.keys(["ArrowRight"]);
    await browser.waitUntil(async () => (await (await browser.$("#tab-meetings")).getAttribute("aria-selected")) === "true", {
      timeout: 5000,
      timeoutMsg: "ArrowRight should select the meetings tab",
    });
    await browser.keys(["ArrowRight"]);
    await browser.waitUntil(async () => (await (await browser.$("#tab-calendar")).getAttribute("aria-selected")) === "true", {
      timeout: 5000,
      timeoutMsg: "ArrowRight should select the calendar tab",
    });
    await browser.keys(["ArrowRight"]);
    await browser.waitUntil(async () => (await (await browser.$("#tab-charters")).getAttribute("aria-selected")) === "true", {
      timeout: 5000,
      timeoutMsg: "ArrowRight should select the charters tab",
    });
    await browser.keys(["ArrowRight"]);
    const guestsTab = await browser.$("#tab-guests");
    await browser.waitUntil(async () => (await guestsTab.getAttribute("aria-selected")) === "true", {
      timeout: 5000,
      timeoutMsg: "ArrowRight should select the guests tab",
    });
    await clickButton(browser, "Ajouter un invité");
    await heading(browser, "Nouvel invité");
    await fill(browser, "first_name", "Isabelle");
    await fill(browser, "last_name", "Marchand");
    await (await browser.$("#category")).selectByAttribute("value", "elu");
    await fill(browser, "function", "Adjointe au maire");
    await clickButton(browser, "Enregistrer");
    await heading(browser, "Conseil citoyen du Moulin");
    const guests = await browser.$('[data-testid="guests"]');
    await guests.waitForExist({ timeout: 10000 });
    assert.match(await guests.getText(), /Isabelle Marchand/);
    await expectAccessible("07-guests");
    await clickButton(browser, "Informations");
    assert.match(await (await browser.$(".details")).getText(), /QP099001/);
    await expectAccessible("08-council-info");
  });

  it("finds everything again after a restart", async () => {
    await browser.deleteSession();
    browser = await launch(driver);
    assert.equal(await heading(browser), "Vos conseils");
    await clickButton(browser, "Conseil citoyen du Moulin");
    await heading(browser, "Conseil citoyen du Moulin");
    // A council opens on its home screen; the members are one tab away.
    await (await browser.$("#tab-members")).click();
    const habitants = await (await browser.$('[data-testid="members-habitants"]')).getText();
    for (const name of ["Awa Diallo", "Lucie Bernard", "Karim Haddad"]) assert.match(habitants, new RegExp(name));
    assert.match(await (await browser.$('[data-testid="composition"]')).getText(), /4 membres en fonction/);
  });

  it("records a member's exit, keeps them listed as former and in the history", async () => {
    await clickButton(browser, "Conseils");
    await clickButton(browser, "Conseil citoyen du Moulin");
    await heading(browser, "Conseil citoyen du Moulin");
    await (await browser.$("#tab-members")).click();
    await (await browser.$('button[aria-label="Modifier Lucie Bernard"]')).click();
    await heading(browser, "Modifier Lucie Bernard");
    await setDate(browser, "exit_date", "2025-01-31");
    await clickButton(browser, "Enregistrer");
    await heading(browser, "Conseil citoyen du Moulin");
    const composition = await browser.$('[data-testid="composition"]');
    await browser.waitUntil(async () => /3 membres en fonction/.test(await composition.getText()), {
      timeout: 10000,
      timeoutMsg: "the composition should count 3 members after the exit",
    });
    const habitants = await browser.$('[data-testid="members-habitants"]');
    assert.doesNotMatch(await habitants.getText(), /Lucie Bernard/);
    await (await browser.$("//label[contains(., 'Afficher les anciens membres')]/input")).click();
    await browser.waitUntil(async () => /Lucie Bernard\s*sorti le 31 janvier 2025/.test(await habitants.getText()), {
      timeout: 5000,
      timeoutMsg: "the former member should be listed with her exit date",
    });
    await (await browser.$('button[aria-label="Modifier Lucie Bernard"]')).click();
    await heading(browser, "Modifier Lucie Bernard");
    const history = await (await browser.$(".history")).getText();
    assert.match(history, /Entrée/);
    assert.match(history, /31 janvier 2025 — Sortie/);
    await expectAccessible("10-member-history");
    await clickButton(browser, "Annuler");
  });

  it("shows where the data lives", async () => {
    await clickButton(browser, "À propos");
    await heading(browser, "À propos de Quorum");
    const details = await (await browser.$(".details")).getText();
    assert.ok(details.includes(driver.dataDir), `the data dir ${driver.dataDir} should be shown`);
    assert.match(details, /QUORUM_DATA_DIR/);
    await expectAccessible("09-about");
  });
});
