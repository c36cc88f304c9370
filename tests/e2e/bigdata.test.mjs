// Ten years of four councils (`quorum demo --years 10`: about 2 000 meetings, 50 000
// actions) in the real window: the home, the meetings tab a page at a time, search and
// an old locked meeting all work. How fast is for `make bench` (bench/council_screen.mjs),
// never for a test.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, axeViolations, clickButton, heading, launch, screenshot, startDriver } from "./harness.mjs";

let driver;
let browser;
let council;

const invoke = (command, args = {}) =>
  browser.executeAsync(
    (cmd, a, done) => {
      window.__TAURI_INTERNALS__.invoke(cmd, a).then((r) => done({ ok: r }), (e) => done({ err: e }));
    },
    command,
    args,
  );

describe("ten years of data", () => {
  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "quorum-e2e-big-"));
    execFileSync(BIN, ["--data-dir", dataDir, "demo", "--years", "10"], { stdio: "ignore" });
    driver = await startDriver(dataDir);
    browser = await launch(driver);
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
    await driver?.stop();
  });

  it("lists the councils and opens the busiest on its home", async () => {
    const councils = (await invoke("council_list", { includeArchived: false })).ok;
    assert.ok(councils.length >= 4, `four councils or more, got ${councils.length}`);
    let busiest = { meetings: -1 };
    for (const c of councils) {
      const page = (await invoke("meeting_page", { councilId: c.id, pastOffset: 0, pastLimit: 1 })).ok;
      const meetings = page.coming.length + page.past_total;
      if (meetings > busiest.meetings) busiest = { ...c, meetings };
    }
    council = busiest;
    assert.ok(council.meetings >= 400, `a council with hundreds of meetings, got ${council.meetings}`);
    await clickButton(browser, council.name);
    await heading(browser, council.name);
    const home = await browser.$('[data-testid="council-home"]');
    await home.waitForExist({ timeout: 15000 });
    const text = await home.getText();
    assert.match(text, /Prochaines réunions/);
    assert.match(text, /\d[\d\u202f\u00a0]* actions? ouvertes?\./);
    assert.match(await (await browser.$("#tab-meetings")).getText(), new RegExp(`Réunions \\(${council.meetings}\\)`));
    const violations = await axeViolations(browser);
    await screenshot(browser, "80-big-home");
    assert.deepEqual(violations, []);
  });

  it("shows past meetings fifty at a time", async () => {
    await (await browser.$("#tab-meetings")).click();
    const past = await browser.$('[data-testid="meetings-past"]');
    await past.waitForExist({ timeout: 15000 });
    assert.equal((await browser.$$('[data-testid="meetings-past"] tbody tr')).length, 50);
    const title = await (await browser.$("#meetings-past")).getText();
    const total = Number(/\((\d+)\)/.exec(title)?.[1]);
    assert.ok(total > 100, `hundreds of past meetings, got ${title}`);
    await clickButton(browser, "Afficher 50 réunions plus anciennes");
    await browser.waitUntil(async () => (await browser.$$('[data-testid="meetings-past"] tbody tr')).length === 100, {
      timeout: 15000,
      timeoutMsg: "fifty more rows",
    });
    // Keyboard users land on the first row just shown.
    assert.equal(await browser.execute(() => document.activeElement?.id), "past-meeting-50");
    const violations = await axeViolations(browser);
    await screenshot(browser, "81-big-meetings");
    assert.deepEqual(violations, []);
  });

  it("opens an old meeting, locked since its minutes were adopted", async () => {
    const oldest = await browser.$("#past-meeting-99");
    const name = await oldest.getText();
    await oldest.click();
    await heading(browser, name);
    await (await browser.$("#mtab-minutes")).click();
    const panel = await browser.$('[role="tabpanel"]');
    await browser.waitUntil(async () => /adopté/i.test(await panel.getText()), {
      timeout: 15000,
      timeoutMsg: "an old compte rendu is adopted",
    });
  });

  it("searches ten years without accents and opens the first result with Enter", async () => {
    await clickButton(browser, "Conseils");
    await clickButton(browser, council.name);
    await heading(browser, council.name);
    const box = await browser.$("#council-search");
    await box.setValue("reunion");
    const results = await browser.$('[data-testid="search-results"]');
    await results.waitForExist({ timeout: 15000 });
    await browser.waitUntil(async () => /Réunions \(\d+\)|Points de l'ordre du jour \(\d+\)/.test(await results.getText()), {
      timeout: 15000,
    });
    assert.ok((await browser.$$('[data-testid="search-results"] mark')).length > 0, "the words found are marked");

    // A group shows its first hits; « Afficher 50 résultats de plus » adds the next
    // ones below them, and focus goes to the first new one.
    const group = await browser.$('//section[.//button[@data-testid="search-more"]]');
    await group.waitForExist({ timeout: 15000 });
    const titles = async () => {
      const out = [];
      for (const b of await group.$$("li button.link")) out.push(await b.getText());
      return out;
    };
    const shown = await titles();
    const button = await group.$('button[data-testid="search-more"]');
    assert.match(await button.getText(), /^Afficher \d+ résultats? de plus$/);
    await button.scrollIntoView({ block: "center" });
    await screenshot(browser, "71-search-groups");
    await button.click();
    await browser.waitUntil(async () => (await titles()).length > shown.length, {
      timeout: 15000,
      timeoutMsg: "more hits are shown",
    });
    const afterMore = await titles();
    assert.deepEqual(afterMore.slice(0, shown.length), shown, "the first hits stay where they were");
    const focused = await browser.execute(() => document.activeElement?.textContent ?? "");
    assert.equal(focused, afterMore[shown.length], "focus is on the first new hit");
    const violations = await axeViolations(browser);
    await screenshot(browser, "72-search-more");
    assert.deepEqual(violations, [], "accessibility violations in the search results");

    await box.click();
    await browser.keys(["Enter"]);
    await browser.waitUntil(async () => (await heading(browser)) !== council.name, {
      timeout: 15000,
      timeoutMsg: "Enter opens the first result",
    });
  });
});
