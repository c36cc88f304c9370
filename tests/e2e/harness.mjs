// Drives the real Quorum binary through tauri-driver (WebKitWebDriver) under Xvfb.
// Each test file gets its own data directory and its own WebKit profile, so tests
// never touch real data nor each other.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import net from "node:net";
import { remote } from "webdriverio";

export const ROOT = resolve(import.meta.dirname, "../..");
export const BIN = process.env.QUORUM_BIN ?? join(ROOT, "target/debug/quorum");
export const ARTIFACTS = join(ROOT, "tests/e2e/artifacts");

function waitForPort(port, timeoutMs = 20000) {
  const start = Date.now();
  return new Promise((ok, fail) => {
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.end();
        ok();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() - start > timeoutMs) fail(new Error(`tauri-driver did not listen on ${port}`));
        else setTimeout(attempt, 150);
      });
    };
    attempt();
  });
}

async function freePort() {
  return new Promise((ok) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/**
 * The processes of one driver (tauri-driver, WebKitWebDriver, the app and its WebKit
 * processes): those whose environment carries this test's own data directory, which
 * tauri-driver passes down. Each with its pid, command name and environment.
 */
export function driverProcesses(dataDir) {
  const mark = `QUORUM_DATA_DIR=${dataDir}`;
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, "latin1").split("\0");
      if (!env.includes(mark)) continue;
      const comm = readFileSync(`/proc/${entry}/comm`, "latin1").trim();
      found.push({ pid: Number(entry), comm, env: Object.fromEntries(env.filter(Boolean).map((v) => v.split(/=(.*)/s, 2))) });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/**
 * Kills what is left of one driver's processes. On a loaded machine a session may end
 * without WebKitWebDriver closing the app; the orphan then keeps tauri-driver's stderr
 * pipe open, and the test file never exits.
 */
function killLeftovers(dataDir) {
  for (const { pid } of driverProcesses(dataDir)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
}

/** Starts tauri-driver for one data directory. Call `stop()` at the end. */
export async function startDriver(dataDir = mkdtempSync(join(tmpdir(), "quorum-e2e-data-"))) {
  const port = await freePort();
  const nativePort = await freePort();
  const profile = mkdtempSync(join(tmpdir(), "quorum-e2e-xdg-"));
  const driverBin = process.env.TAURI_DRIVER ?? "tauri-driver";
  const proc = spawn(driverBin, ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, QUORUM_DATA_DIR: dataDir, XDG_DATA_HOME: profile, XDG_CACHE_HOME: profile },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr.on("data", (d) => (stderr += d));
  await waitForPort(port);
  return {
    dataDir,
    port,
    stderr: () => stderr,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        killLeftovers(dataDir);
        return;
      }
      const exited = new Promise((r) => proc.once("exit", r));
      // SIGTERM lets tauri-driver stop WebKitWebDriver; SIGKILL would leave it holding its port,
      // so it is only the fallback when a loaded machine leaves tauri-driver hanging.
      proc.kill("SIGTERM");
      const timeout = new Promise((r) => setTimeout(() => r("timeout"), 15000).unref());
      if ((await Promise.race([exited, timeout])) === "timeout") {
        proc.kill("SIGKILL");
        await exited;
      }
      killLeftovers(dataDir);
      proc.stderr.destroy();
    },
  };
}

/** Launches Quorum and returns a WebdriverIO browser bound to its window. */
export async function launch(driver) {
  const browser = await remote({
    hostname: "127.0.0.1",
    port: driver.port,
    logLevel: "error",
    connectionRetryCount: 0,
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: BIN },
    },
  });
  await browser.setTimeout({ implicit: 0 });
  await heading(browser); // the interface has loaded
  return browser;
}

/** Text of the current screen's h1, waiting for it to appear. */
export async function heading(browser, expected) {
  const h1 = await browser.$("main h1");
  if (expected === undefined) {
    await h1.waitForExist({ timeout: 15000 });
  } else {
    await browser.waitUntil(async () => (await h1.isExisting()) && (await h1.getText()) === expected, {
      timeout: 15000,
      timeoutMsg: `expected the heading « ${expected} »`,
    });
  }
  return h1.getText();
}

/** Clicks the button whose visible text is exactly `text`. */
export async function clickButton(browser, text) {
  const button = await browser.$(`//button[normalize-space(.)=${xpathString(text)}]`);
  await button.waitForClickable({ timeout: 10000 });
  await button.click();
}

/** Types into the field with id `id`, replacing what was there. */
export async function fill(browser, id, value) {
  const input = await browser.$(`#${id}`);
  await input.waitForExist({ timeout: 10000 });
  await input.clearValue();
  if (value !== "") await input.setValue(value);
}

export async function chooseRadio(browser, name, value) {
  // The keyboard way: focus the choice and press Space (WebKitWebDriver reports
  // pointer clicks near the sticky form bar as intercepted).
  const radio = await browser.$(`input[type="radio"][name="${name}"][value="${value}"]`);
  await browser.execute((el) => {
    el.scrollIntoView({ block: "center" });
    el.focus();
  }, radio);
  await browser.keys([" "]);
  if (!(await radio.isSelected())) throw new Error(`radio ${name}=${value} not selected`);
}

function xpathString(s) {
  return s.includes('"') ? `concat("${s.split('"').join(`", '"', "`)}")` : `"${s}"`;
}

const axeSource = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core in the page (WCAG 2.0/2.1 A and AA rules) and returns the serious
 * and critical violations, each as a short readable line.
 */
export async function axeViolations(browser) {
  await browser.execute(axeSource);
  const result = await browser.executeAsync((done) => {
    // eslint-disable-next-line no-undef
    axe
      .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
      .then((r) => done(JSON.stringify(r.violations)))
      .catch((e) => done(JSON.stringify([{ id: "axe-error", impact: "critical", help: String(e), nodes: [] }])));
  });
  return JSON.parse(result)
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Saves a screenshot under tests/e2e/artifacts (ignored by git) for a human to look at. */
export async function screenshot(browser, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Fonts loaded and two frames painted: otherwise WebKit may hand back the previous
  // frame (the damaged-file screen was once captured as « Chargement… »).
  await browser.executeAsync((done) => {
    document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  });
  // WebKitWebDriver takes the snapshot after the page's next paint. When WebKit paints
  // without accelerated compositing (Quorum's default, app.rs), a screen where nothing
  // changes never paints again, and the command waited for ever (120 s, then failed).
  // One pixel in a corner, redrawn at each frame until the snapshot is taken, gives it
  // that paint; it is gone right after.
  await browser.execute(() => {
    const dot = document.createElement("div");
    dot.id = "e2e-paint-tick";
    dot.setAttribute("aria-hidden", "true");
    dot.style.cssText = "position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;opacity:0.01";
    document.body.append(dot);
    let n = 0;
    const tick = () => {
      if (!dot.isConnected) return;
      dot.style.background = n++ % 2 ? "#000" : "#fff";
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const png = await browser.takeScreenshot();
  await browser.execute(() => document.getElementById("e2e-paint-tick")?.remove());
  writeFileSync(join(ARTIFACTS, `${name}.png`), Buffer.from(png, "base64"));
}

/**
 * Sets a native date field. WebKitGTK's date input is segmented and follows the
 * system locale, so keystrokes depend on the machine; the field's value is always
 * ISO, and the interface listens to its `input` event, which is what this fires.
 */
export async function setDate(browser, id, iso) {
  const input = await browser.$(`#${id}`);
  await input.waitForExist({ timeout: 10000 });
  await browser.execute(
    (el, value) => {
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    input,
    iso,
  );
}
