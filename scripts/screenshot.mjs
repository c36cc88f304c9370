// Takes the README's screenshot: the demo council's member screen, in a fresh data
// directory. Run through `make screenshot` (it needs Xvfb and a built debug binary).
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, ROOT, clickButton, heading, launch, startDriver } from "../tests/e2e/harness.mjs";

const dataDir = mkdtempSync(join(tmpdir(), "quorum-screenshot-"));
execFileSync(BIN, ["--data-dir", dataDir, "demo"], { stdio: "ignore" });
const driver = await startDriver(dataDir);
const browser = await launch(driver);
try {
  await clickButton(browser, "Conseil citoyen des Tilleuls");
  await heading(browser, "Conseil citoyen des Tilleuls");
  await browser.pause(300);
  const out = join(ROOT, "docs/screenshot.png");
  writeFileSync(out, Buffer.from(await browser.takeScreenshot(), "base64"));
  console.log(`screenshot: ${out}`);
} finally {
  await browser.deleteSession().catch(() => {});
  await driver.stop();
}
