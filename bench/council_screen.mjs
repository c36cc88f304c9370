// Benchmark (not a test): how long a council's screens take to show on a big data set
// (`quorum demo --years 30` by default: its busiest council has about 1 500 meetings),
// in the real release window (WebKitGTK through tauri-driver, under Xvfb).
//
// Timed inside the page, from the click to the frame after the screen's content exists
// (two animation frames: laid out, then painted), so WebDriver's own round trips are not
// counted. Target (issue 7): a council with about 2 000 meetings shows in under 300 ms.
//
//   make bench-screen        (builds the release binary and the interface first)
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
process.env.QUORUM_BIN ??= join(ROOT, "target/release/quorum");
const { BIN, launch, startDriver, clickButton, heading } = await import("../tests/e2e/harness.mjs");

const RUNS = Number(process.env.QUORUM_BENCH_RUNS ?? 11);
const YEARS = Number(process.env.QUORUM_BENCH_YEARS ?? 30);
const TARGET_MS = 300;

function quorum(dataDir, ...args) {
  return execFileSync(BIN, ["--data-dir", dataDir, ...args], { encoding: "utf8" });
}

/** Clicks `selector` in the page and resolves with the milliseconds until `ready` exists and is painted. */
function timeClick(browser, selector, ready) {
  return browser.executeAsync(
    (sel, readySel, done) => {
      const target = document.querySelector(sel);
      if (!target) return done(-1);
      const t0 = performance.now();
      target.click();
      const check = () => {
        if (document.querySelector(readySel)) {
          requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
        } else {
          requestAnimationFrame(check);
        }
      };
      requestAnimationFrame(check);
    },
    selector,
    ready,
  );
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

const fmt = (ms) => `${ms.toFixed(0)} ms`;

const dataDir = mkdtempSync(join(tmpdir(), "quorum-bench-screen-"));
const started = Date.now();
quorum(dataDir, "demo", "--years", String(YEARS));
console.log(`Jeu de données de ${YEARS} ans créé en ${((Date.now() - started) / 1000).toFixed(1)} s (${dataDir})`);

// The council with the most meetings.
let biggest = { name: "", meetings: -1 };
for (const line of quorum(dataDir, "council", "list").trim().split("\n")) {
  const m = /^([0-9a-f-]{36}) {2}(.+?) — /.exec(line);
  if (!m) continue;
  const meetings = quorum(dataDir, "meeting", "list", m[1]).trim().split("\n").length;
  if (meetings > biggest.meetings) biggest = { name: m[2], meetings };
}
console.log(`Conseil mesuré : ${biggest.name} (${biggest.meetings} réunions)`);

const driver = await startDriver(dataDir);
const browser = await launch(driver);
const measures = { home: [], meetings: [], more: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    await clickButton(browser, "Conseils");
    await heading(browser, "Vos conseils");
    const button = await browser.$(`//button[normalize-space(.)="${biggest.name}"]`);
    await button.waitForClickable({ timeout: 10000 });
    await browser.execute((name) => {
      for (const b of document.querySelectorAll("button")) if (b.textContent?.trim() === name) b.id = "bench-council";
    }, biggest.name);
    const home = await timeClick(browser, "#bench-council", '[data-testid="council-home"]');
    await heading(browser, biggest.name);
    const meetings = await timeClick(browser, "#tab-meetings", '[data-testid="meetings-past"]');
    const more = await timeClick(browser, '[data-testid="meetings-more"]', "#past-meeting-50");
    if (home < 0 || meetings < 0 || more < 0) throw new Error("un écran attendu n'est pas apparu");
    // The first run warms WebKit's caches and SQLite's page cache: it is left out.
    if (run > 0) {
      measures.home.push(home);
      measures.meetings.push(meetings);
      measures.more.push(more);
    }
  }
} finally {
  await browser.deleteSession().catch(() => {});
  await driver.stop();
}

const lines = [
  ["Écran d'un conseil (accueil)", measures.home],
  ["Onglet Réunions (à venir + 50 passées)", measures.meetings],
  ["50 réunions plus anciennes", measures.more],
];
console.log(`\nSur ${RUNS - 1} mesures (la première est écartée), fenêtre release :`);
for (const [label, values] of lines) {
  const s = stats(values);
  const verdict = s.median < TARGET_MS ? "atteint" : "NON ATTEINT";
  console.log(
    `${label} : médiane ${fmt(s.median)}, min ${fmt(s.min)}, max ${fmt(s.max)} — objectif < ${TARGET_MS} ms : ${verdict}`,
  );
}
