// Search in the real window: typing without accents or with either apostrophe finds
// the demo's records, grouped by kind with the words marked; Enter opens the first.
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

describe("search while typing", () => {
  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "quorum-e2e-search-"));
    execFileSync(BIN, ["--data-dir", dataDir, "demo"], { stdio: "ignore" });
    driver = await startDriver(dataDir);
    browser = await launch(driver);
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
    await driver?.stop();
  });

  it("finds « l’ecole » and « jard » across kinds, marks the words, opens with Enter", async () => {
    await clickButton(browser, COUNCIL);
    await heading(browser, COUNCIL);
    const box = await browser.$("#council-search");
    await box.setValue("l’ecole");
    const results = await browser.$('[data-testid="search-results"]');
    await results.waitForExist({ timeout: 10000 });
    await browser.waitUntil(async () => /Agenda \(\d+\)/.test(await results.getText()), { timeout: 10000 });
    const text = await results.getText();
    assert.match(text, /Atelier « cour de l'école »/);
    assert.match(text, /Points de l'ordre du jour \(\d+\)/);
    const marks = await browser.$$('[data-testid="search-results"] mark');
    assert.ok(marks.length > 0, "the words found are marked");
    assert.match((await marks[0].getText()).toLowerCase(), /école|ecole|l/);
    const violations = await axeViolations(browser);
    await screenshot(browser, "60-search");
    assert.deepEqual(violations, []);

    await box.clearValue();
    await box.setValue("jard");
    await browser.waitUntil(async () => /Décisions \(1\)/.test(await results.getText()), { timeout: 10000 });
    await browser.keys(["Enter"]);
    await heading(browser, "Séance plénière de rentrée");
  });
});
