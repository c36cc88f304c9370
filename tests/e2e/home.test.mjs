// The council's home screen in the real window: what needs doing, on the demo council
// (whose dates follow today), and an action marked done from it.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, axeViolations, clickButton, heading, launch, screenshot, startDriver } from "./harness.mjs";

const COUNCIL = "Conseil citoyen des Tilleuls";
let driver;
let browser;

describe("the council's home screen", () => {
  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "quorum-e2e-home-"));
    execFileSync(BIN, ["--data-dir", dataDir, "demo"], { stdio: "ignore" });
    execFileSync(BIN, ["--data-dir", dataDir, "backup", "create"], { stdio: "ignore" });
    driver = await startDriver(dataDir);
    browser = await launch(driver);
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
    await driver?.stop();
  });

  it("opens on what needs doing: meetings, minutes, actions, avis, warnings, backup", async () => {
    await clickButton(browser, COUNCIL);
    await heading(browser, COUNCIL);
    const homeTab = await browser.$("#tab-home");
    assert.equal(await homeTab.getAttribute("aria-selected"), "true", "the home tab opens first");
    const home = await browser.$('[data-testid="council-home"]');
    await home.waitForExist({ timeout: 10000 });
    const text = await home.getText();
    assert.match(text, /Prochaines réunions[\s\S]*Séance plénière d'hiver/);
    assert.match(text, /Comptes rendus à adopter \(1\)[\s\S]*Séance plénière d'automne/);
    assert.match(text, /Avis à rendre[\s\S]*Rapport annuel 2025 du contrat de ville[\s\S]*Encore \d+ jours?/);
    assert.match(text, /Points d'attention[\s\S]*Sexe non précisé/);
    assert.match(text, /Dernière sauvegarde : /);
    assert.match(text, /2 actions ouvertes\./);
    const violations = await axeViolations(browser);
    await screenshot(browser, "70-home");
    assert.deepEqual(violations, []);
  });

  it("marks an action done from the home screen", async () => {
    const soon = await browser.$('[data-testid="home-actions-soon"]');
    assert.match(await soon.getText(), /Préparer la réunion publique au pied du bâtiment C/);
    const done = await browser.$(`button[aria-label^="C'est fait : Préparer la réunion publique"]`);
    await done.click();
    const home = await browser.$('[data-testid="council-home"]');
    await browser.waitUntil(async () => /1 action ouverte\./.test(await home.getText()), {
      timeout: 10000,
      timeoutMsg: "the open count goes down once the action is done",
    });
    assert.doesNotMatch(await home.getText(), /Préparer la réunion publique au pied du bâtiment C/);
  });

  it("takes the secretary to the minutes still to adopt", async () => {
    await clickButton(browser, "Séance plénière d'automne");
    await heading(browser, "Séance plénière d'automne");
    const minutesTab = await browser.$("#mtab-minutes");
    assert.equal(await minutesTab.getAttribute("aria-selected"), "true");
  });
});
