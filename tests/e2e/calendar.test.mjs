// The concertation calendar through the real window, on the demo council: create a
// démarche with phases (one still « à définir ») and events, a recurring one among
// them, see them in the month grid and the agenda, then export the .ics and read it
// back with an independent parser (Python's icalendar).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, axeViolations, chooseRadio, clickButton, fill, heading, launch, screenshot, setDate, startDriver } from "./harness.mjs";

const COUNCIL = "Conseil citoyen des Tilleuls";
const DEMARCHE = "Aménagement du square Voltaire";
let driver;
let browser;

async function expectAccessible(name) {
  const violations = await axeViolations(browser);
  await screenshot(browser, name);
  assert.deepEqual(violations, [], `accessibility violations on ${name}`);
}

function isoDay(offset = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The phase form's own « Enregistrer » (the démarche form above has one too). */
async function savePhase() {
  await (await browser.$('form[aria-labelledby="phase-form-title"] button[type="submit"]')).click();
}

async function openCalendar() {
  await clickButton(browser, "Conseils");
  await clickButton(browser, COUNCIL);
  await heading(browser, COUNCIL);
  await (await browser.$("#tab-calendar")).click();
}

describe("the concertation calendar", () => {
  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "quorum-e2e-calendar-"));
    execFileSync(BIN, ["--data-dir", dataDir, "demo"], { stdio: "ignore" });
    driver = await startDriver(dataDir);
    browser = await launch(driver);
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
    await driver?.stop();
  });

  it("shows the month with today marked, the demo's events and the avis countdown", async () => {
    await openCalendar();
    const grid = await browser.$('[data-testid="month-grid"]');
    await grid.waitForExist({ timeout: 10000 });
    const today = await grid.$(`td[data-date="${isoDay()}"]`);
    assert.equal(await today.getAttribute("aria-current"), "date");
    assert.match(await today.getText(), /aujourd'hui/);
    // The demo's weekly permanence is in every month.
    assert.match(await grid.getText(), /Permanence du conseil citoyen/);
    const warning = await browser.$('[data-testid="avis-warning"]');
    assert.match(await warning.getText(), /Rapport annuel 2025 du contrat de ville.*encore \d+ jours?\. Sans avis, il sera réputé favorable/);
    await expectAccessible("40-calendar-month");
  });

  it("creates a démarche with phases, one still « à définir »", async () => {
    await clickButton(browser, "Démarches");
    await clickButton(browser, "Nouvelle démarche");
    await heading(browser, "Nouvelle démarche de concertation");
    await fill(browser, "title", DEMARCHE);
    await chooseRadio(browser, "scale", "commune");
    await chooseRadio(browser, "level", "co_construction");
    await clickButton(browser, "Créer la démarche");
    await heading(browser, DEMARCHE);
    await clickButton(browser, "Ajouter une phase");
    await fill(browser, "phase-title", "Diagnostic en marchant");
    await setDate(browser, "phase-start_date", isoDay(0));
    await setDate(browser, "phase-end_date", isoDay(20));
    await savePhase();
    const phases = await browser.$('[data-testid="phases"]');
    await browser.waitUntil(async () => /Diagnostic en marchant/.test(await phases.getText()), { timeout: 10000 });
    await clickButton(browser, "Ajouter une phase");
    await fill(browser, "phase-title", "Travaux");
    await savePhase();
    await browser.waitUntil(async () => /Travaux — dates à définir/.test(await phases.getText()), { timeout: 10000 });
    await expectAccessible("41-demarche");
  });

  it("adds an afternoon atelier today and a weekly walk with a cancelled date", async () => {
    await clickButton(browser, "Ajouter un événement à cette démarche");
    await heading(browser, "Nouvel événement");
    await (await browser.$("#kind")).selectByAttribute("value", "atelier");
    await fill(browser, "title", "Atelier « square Voltaire »");
    await setDate(browser, "date", isoDay(0));
    await chooseRadio(browser, "timing", "afternoon");
    await fill(browser, "place", "Square Voltaire, près du kiosque");
    await expectAccessible("42-event-form");
    await clickButton(browser, "Enregistrer");
    await heading(browser, DEMARCHE);

    await clickButton(browser, "Ajouter un événement à cette démarche");
    await heading(browser, "Nouvel événement");
    await (await browser.$("#kind")).selectByAttribute("value", "balade_urbaine");
    await fill(browser, "title", "Balade du square");
    await setDate(browser, "date", isoDay(1));
    await setDate(browser, "start", "10:00");
    await setDate(browser, "end", "11:30");
    const repeats = await browser.$("#repeats");
    await browser.execute((el) => {
      el.scrollIntoView({ block: "center" });
      el.focus();
    }, repeats);
    await browser.keys([" "]);
    await (await browser.$("#freq")).waitForExist({ timeout: 5000 });
    await chooseRadio(browser, "end-kind", "count");
    await fill(browser, "count", "4");
    await setDate(browser, "new-exception", isoDay(8));
    await clickButton(browser, "Annuler cette date");
    await clickButton(browser, "Enregistrer");
    await heading(browser, DEMARCHE);
  });

  it("finds them in the month grid and the agenda", async () => {
    await openCalendar();
    await clickButton(browser, "Mois");
    const grid = await browser.$('[data-testid="month-grid"]');
    await grid.waitForExist({ timeout: 10000 });
    const today = await grid.$(`td[data-date="${isoDay()}"]`);
    await browser.waitUntil(async () => /Atelier « square Voltaire »/.test(await today.getText()), { timeout: 10000 });
    assert.match(await today.getText(), /Après-midi/);
    await clickButton(browser, "Agenda");
    const agenda = await browser.$('[data-testid="agenda"]');
    await agenda.waitForExist({ timeout: 10000 });
    const text = await agenda.getText();
    assert.match(text, /Balade du square/);
    // Four walks were planned, one cancelled: three remain.
    assert.equal(text.match(/Balade du square/g)?.length, 3);
    assert.match(text, /Démarche : Aménagement du square Voltaire/);
    await expectAccessible("43-calendar-agenda");

    // One more date cancelled from the agenda itself: two walks remain.
    await browser.execute(() => {
      window.confirm = () => true;
    });
    await (await browser.$('button[aria-label^="Annuler cette date : Balade du square"]')).click();
    await browser.waitUntil(
      async () => (await (await browser.$('[data-testid="agenda"]')).getText()).match(/Balade du square/g)?.length === 2,
      { timeout: 10000, timeoutMsg: "the cancelled date leaves the agenda" },
    );
  });

  it("exports the .ics, which an independent parser reads back", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "quorum-e2e-ics-")), "calendrier.ics");
    const result = await browser.executeAsync((path, done) => {
      window.__TAURI_INTERNALS__
        .invoke("council_list", { includeArchived: false })
        .then((councils) => window.__TAURI_INTERNALS__.invoke("ics_export", { councilId: councils[0].id, demarcheId: null, path }))
        .then(() => done("ok"), (e) => done(JSON.stringify(e)));
    }, out);
    assert.equal(result, "ok");
    const script = `
import icalendar, json, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for ev in cal.walk('VEVENT'):
    start = ev.decoded('DTSTART')
    out.append({'summary': str(ev.get('SUMMARY')), 'start': start.isoformat(),
                'rrule': {k: [str(x) for x in v] for k, v in ev.get('RRULE', {}).items()},
                'exdate': sum(len(x.dts) for x in (ex if isinstance(ex, list) else [ex])) if (ex := ev.get('EXDATE')) else 0})
print(json.dumps(out))
`;
    const events = JSON.parse(execFileSync("python3", ["-c", script, out], { encoding: "utf8" }));
    const atelier = events.find((e) => e.summary === "Atelier « square Voltaire »");
    assert.ok(atelier, "the atelier is in the file");
    assert.match(atelier.start, new RegExp(`^${isoDay(0)}T14:00:00\\+0[12]:00$`), "an afternoon starts at 14 h, Paris time");
    const walk = events.find((e) => e.summary === "Balade du square");
    assert.deepEqual(walk.rrule.FREQ, ["WEEKLY"]);
    assert.deepEqual(walk.rrule.COUNT, ["4"]);
    assert.ok(walk.exdate >= 1, "the cancelled date is an EXDATE");
    assert.ok(events.some((e) => e.summary === "Séance plénière d'hiver"), "the council's meetings are in the calendar");
  });
});
