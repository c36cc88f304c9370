// A charter through the real window, on the demo council: start a règlement
// intérieur from our template, edit an article, adopt it by a decision recorded in a
// meeting, record signatures, start version 2, change it and compare the two; then
// import a text and review its structure before saving.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, axeViolations, chooseRadio, clickButton, fill, heading, launch, screenshot, startDriver } from "./harness.mjs";

const COUNCIL = "Conseil citoyen des Tilleuls";
const TITLE = "Règlement intérieur du conseil citoyen des Tilleuls";
const DECISION = "Le règlement intérieur du conseil citoyen est adopté.";
let driver;
let browser;

async function expectAccessible(name) {
  const violations = await axeViolations(browser);
  await screenshot(browser, name);
  assert.deepEqual(violations, [], `accessibility violations on ${name}`);
}

async function openCharters() {
  await clickButton(browser, "Conseils");
  await clickButton(browser, COUNCIL);
  await heading(browser, COUNCIL);
  await (await browser.$("#tab-charters")).click();
  await (await browser.$('[data-testid="charters"]')).waitForExist({ timeout: 10000 });
}

async function articleHeadings() {
  const out = [];
  for (const h of await browser.$$(".charter-text h3")) out.push(await h.getText());
  return out;
}

/**
 * Puts `value` in a text area as a paste would. WebKitWebDriver's typing drops line
 * breaks, and line breaks are what structure an article's text.
 */
async function setText(element, value) {
  await browser.execute(
    (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    element,
    value,
  );
}

async function status() {
  return (await browser.$('[data-testid="version-status"]')).getText();
}

describe("a charter from template to compared versions", () => {
  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "quorum-e2e-charter-"));
    execFileSync(BIN, ["--data-dir", dataDir, "demo"], { stdio: "ignore" });
    driver = await startDriver(dataDir);
    browser = await launch(driver);
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
    await driver?.stop();
  });

  it("lists the demo charter and starts a règlement intérieur from a template", async () => {
    await openCharters();
    const table = await (await browser.$('[data-testid="charters"]')).getText();
    assert.match(table, /Charte de participation/);
    assert.match(table, /Version 2 · En vigueur · adoptée le/);
    await expectAccessible("30-charters");
    await chooseRadio(browser, "template", "reglement_interieur");
    await clickButton(browser, "Créer à partir de ce modèle");
    await heading(browser, TITLE);
    assert.equal(await status(), "Projet");
    const headings = await articleHeadings();
    assert.ok(headings.length >= 12, `articles: ${headings.join(" | ")}`);
    assert.match(headings[0], /^Article 1er – /);
    assert.match(headings[1], /^Article 2 – /);
    await expectAccessible("31-charter-draft");
  });

  it("edits an article, inserts one and the numbering follows", async () => {
    const second = (await articleHeadings())[1];
    // Each article has its own labelled « Modifier » button.
    const edit = await browser.$(`button[aria-label="Modifier « ${second} »"]`);
    await edit.click();
    const area = await browser.$(".section-editor textarea");
    await area.waitForExist({ timeout: 10000 });
    const before = await area.getValue();
    await setText(area, `${before}\n\n1° Une phrase ajoutée dans l'éditeur, avec « guillemets ».\n  a) et un alinéa imbriqué.`);
    await (await browser.$(".section-editor button[type='submit']")).click();
    await browser.waitUntil(async () => /Une phrase ajoutée dans l'éditeur/.test(await (await browser.$(".charter-text")).getText()), {
      timeout: 10000,
      timeoutMsg: "the edited article should show its new clause",
    });
    // The typed « 1° » and its indented « a) » became a clause with a sub-clause.
    const clause = await browser.$("//div[contains(@class,'clause')][p[contains(., 'Une phrase ajoutée')]]");
    assert.equal(await (await clause.$(".clause-label")).getText(), "1°");
    assert.match(await (await clause.$(".clause-children")).getText(), /^a\) et un alinéa imbriqué\.$/);

    const first = (await articleHeadings())[0];
    await (await browser.$(`button[aria-label="Insérer un article après « ${first} »"]`)).click();
    const form = await browser.$(".section-editor");
    await form.waitForExist({ timeout: 10000 });
    await (await form.$("input[id$='-title']")).setValue("Accueil des nouveaux membres");
    await setText(await form.$("textarea"), "Chaque nouveau membre reçoit la charte et le règlement intérieur.");
    await (await form.$("button[type='submit']")).click();
    await browser.waitUntil(async () => (await articleHeadings())[1] === "Article 2 – Accueil des nouveaux membres", {
      timeout: 10000,
      timeoutMsg: "the inserted article should be number 2",
    });
    const after = await articleHeadings();
    assert.equal(after[2], second.replace(/^Article 2 /, "Article 3 "), "the next article is renumbered");
  });

  it("adopts the draft by a decision recorded in a meeting", async () => {
    await clickButton(browser, "Adopter cette version…");
    await browser.$("#adopt-title").waitForExist({ timeout: 10000 });
    assert.doesNotMatch(await (await browser.$("#adopt-title")).getText(), /^$/);
    // Record the decision in the autumn meeting's minutes, as the secretary would.
    await (await browser.$(".breadcrumb button")).click();
    await heading(browser, COUNCIL);
    await (await browser.$("#tab-meetings")).click();
    await clickButton(browser, "Séance plénière d'automne");
    await heading(browser, "Séance plénière d'automne");
    await (await browser.$("#mtab-minutes")).click();
    const item = await browser.$("//section[contains(@class, 'minutes-item')][contains(., 'Modification de la charte')]");
    await item.waitForExist({ timeout: 10000 });
    await (await item.$("summary=Ajouter une décision")).click();
    await (await item.$("textarea[id$='-text']")).setValue(DECISION);
    await (await item.$("select[id$='-outcome']")).selectByAttribute("value", "adopte");
    await (await item.$("select[id$='-vote']")).selectByAttribute("value", "unanimite");
    await (await item.$("button=Ajouter une décision")).click();
    await browser.waitUntil(async () => (await item.getText()).includes(DECISION), { timeout: 10000 });

    await openCharters();
    await clickButton(browser, TITLE);
    await heading(browser, TITLE);
    await clickButton(browser, "Adopter cette version…");
    const choice = await browser.$(`//label[contains(., "${DECISION}")]/input`);
    await choice.waitForExist({ timeout: 10000 });
    await browser.execute((el) => {
      el.scrollIntoView({ block: "center" });
      el.focus();
    }, choice);
    await browser.keys([" "]);
    await expectAccessible("32-charter-adopt");
    await clickButton(browser, "Adopter la version 1");
    await browser.waitUntil(async () => (await status()) === "En vigueur", { timeout: 10000, timeoutMsg: "version 1 should be in force" });
    assert.match(await (await browser.$("main")).getText(), /Adoptée le \S+ \d+ \S+ \d{4} \(réunion « Séance plénière d'automne »\)/);
    // Adopted: no more edit buttons on the articles.
    assert.equal((await browser.$$(".section-tools")).length, 0);
  });

  it("records a member's and a partner's signatures", async () => {
    await (await browser.$("#ctab-signatures")).click();
    const member = await browser.$("#sig-member_id");
    await member.waitForExist({ timeout: 10000 });
    await member.selectByVisibleText("Fatou Diallo — Collège des habitants");
    await fill(browser, "sig-place", "Villeval");
    await clickButton(browser, "Enregistrer la signature");
    await browser.waitUntil(async () => (await browser.$('[data-testid="signatures-habitants"]')).isExisting(), { timeout: 10000 });
    assert.match(await (await browser.$('[data-testid="signatures-habitants"]')).getText(), /Fatou Diallo/);

    await chooseRadio(browser, "sig-kind", "partenaire");
    await fill(browser, "sig-organisation", "Mairie de Villeval");
    await fill(browser, "sig-name", "Isabelle Marchand");
    await fill(browser, "sig-quality", "Adjointe au maire");
    await clickButton(browser, "Enregistrer la signature");
    await browser.waitUntil(async () => (await browser.$('[data-testid="signatures-partenaires"]')).isExisting(), { timeout: 10000 });
    assert.match(await (await browser.$('[data-testid="signatures-partenaires"]')).getText(), /Isabelle Marchand\s*Mairie de Villeval — Adjointe au maire/);
    assert.match(await (await browser.$("#ctab-signatures")).getText(), /Signatures \(2\)/);
    await expectAccessible("33-charter-signatures");
  });

  it("starts version 2, changes an article and compares the two versions", async () => {
    await (await browser.$("#ctab-text")).click();
    await clickButton(browser, "Commencer la version 2");
    await browser.waitUntil(async () => (await status()) === "Projet", { timeout: 10000 });
    assert.match(await (await browser.$(".subtitle")).getText(), /Version 2/);
    const third = (await articleHeadings())[2];
    await (await browser.$(`button[aria-label="Modifier « ${third} »"]`)).click();
    const area = await browser.$(".section-editor textarea");
    await area.waitForExist({ timeout: 10000 });
    await setText(area, (await area.getValue()).replace("Une phrase ajoutée", "Une phrase corrigée"));
    await (await browser.$(".section-editor button[type='submit']")).click();
    await browser.waitUntil(async () => /Une phrase corrigée/.test(await (await browser.$(".charter-text")).getText()), { timeout: 10000 });

    await (await browser.$("#ctab-versions")).click();
    await (await browser.$("#compare-from")).selectByAttribute("value", "1");
    await (await browser.$("#compare-to")).selectByAttribute("value", "2");
    await clickButton(browser, "Comparer");
    await heading(browser, "Comparaison des versions 1 et 2");
    const counts = await (await browser.$('[data-testid="compare-counts"]')).getText();
    assert.match(counts, /^1 modifié · 0 ajouté · 0 supprimé · \d+ inchangés$/);
    const section = await browser.$('[data-testid="diff-section"]');
    assert.match(await section.getText(), new RegExp(third.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    assert.match(await (await section.$("del")).getText(), /ajoutée/);
    assert.match(await (await section.$("ins")).getText(), /corrigée/);
    await expectAccessible("34-charter-compare");
  });

  it("prints the adopted version with its signatures, and the comparison", async () => {
    const out = mkdtempSync(join(tmpdir(), "quorum-e2e-charter-pdf-"));
    const charterId = await browser.execute(async (title) => {
      const councils = await window.__TAURI_INTERNALS__.invoke("council_list", { includeArchived: false });
      const list = await window.__TAURI_INTERNALS__.invoke("charter_list", { councilId: councils[0].id });
      return list.find((c) => c.title === title).charter.id;
    }, TITLE);
    const write = (command, args) =>
      browser.executeAsync(
        (cmd, a, done) => {
          window.__TAURI_INTERNALS__.invoke(cmd, a).then((r) => done(r), (e) => done(JSON.stringify(e)));
        },
        command,
        args,
      );
    const pdf = join(out, "reglement-v1.pdf");
    assert.equal(await write("charter_pdf_export", { charterId, number: 1, path: pdf, open: false }), false);
    const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).split(/\s+/).join(" ");
    assert.match(text, /Sommaire/);
    assert.match(text, /Article 2 – Accueil des nouveaux membres/);
    assert.match(text, /Une phrase ajoutée dans l'éditeur, avec « guillemets »\./);
    assert.match(text, /Fatou Diallo/);
    assert.match(text, /Isabelle Marchand/);
    assert.match(text, /Version 1, adoptée le/);
    const diff = join(out, "comparaison.pdf");
    assert.equal(await write("charter_diff_pdf_export", { charterId, from: 1, to: 2, path: diff, open: false }), false);
    const diffText = execFileSync("pdftotext", [diff, "-"], { encoding: "utf8" }).split(/\s+/).join(" ");
    assert.match(diffText, /Comparaison des versions 1 et 2/);
    assert.match(diffText, /corrigée/);
  });

  it("imports a pasted text, shows its structure and what to check, then saves it", async () => {
    await openCharters();
    await clickButton(browser, "Importer un texte…");
    await heading(browser, "Importer une charte");
    const text = [
      "Charte de fonctionnement du conseil citoyen",
      "",
      "Préambule",
      "Le conseil est indépendant.",
      "",
      "Article 1er – Objet",
      "La charte fixe les règles.",
      "",
      "Article 2 : Réunions",
      "1°) Le conseil se réunit chaque trimestre ;",
      "2°) [À COMPLÉTER]",
      "",
      "- 3 -",
    ].join("\n");
    // Pasting is what users do: set the whole text at once, as a paste would.
    await setText(await browser.$("#charter-text"), text);
    await clickButton(browser, "Analyser le texte");
    await browser.$("#review-title").waitForExist({ timeout: 10000 });
    assert.match(await (await browser.$('[data-testid="import-summary"]')).getText(), /0 partie\(s\) et 2 article\(s\) trouvés/);
    const notes = await (await browser.$('[data-testid="import-notes"]')).getText();
    assert.match(notes, /Ligne 11/);
    assert.match(notes, /Ligne 13/);
    await expectAccessible("35-charter-import-review");
    await clickButton(browser, "Enregistrer comme projet");
    await heading(browser, "Charte de fonctionnement du conseil citoyen");
    assert.deepEqual(await articleHeadings(), ["Article 1er – Objet", "Article 2 – Réunions"]);
    assert.match(await (await browser.$(".charter-text")).getText(), /\[À COMPLÉTER\]/);
  });
});
