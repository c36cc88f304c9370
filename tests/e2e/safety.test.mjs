// Data safety through the real window: a damaged database is never overwritten and
// the window offers the latest good backup; backups are made and listed; a member's
// personal data are exported and a former member anonymised.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, statSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, axeViolations, clickButton, heading, launch, screenshot, startDriver } from "./harness.mjs";

const COUNCIL = "Conseil citoyen des Tilleuls";
let driver;
let browser;
let dataDir;

async function expectAccessible(name) {
  const violations = await axeViolations(browser);
  await screenshot(browser, name);
  assert.deepEqual(violations, [], `accessibility violations on ${name}`);
}

const invoke = (command, args = {}) =>
  browser.executeAsync(
    (cmd, a, done) => {
      window.__TAURI_INTERNALS__.invoke(cmd, a).then((r) => done({ ok: r }), (e) => done({ err: e }));
    },
    command,
    args,
  );

describe("nothing lost, nothing leaked", () => {
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "quorum-e2e-safety-"));
    execFileSync(BIN, ["--data-dir", dataDir, "demo"], { stdio: "ignore" });
    execFileSync(BIN, ["--data-dir", dataDir, "backup", "create"], { stdio: "ignore" });
    // Damage the database in its middle, as a failing disk or a bad copy would.
    const db = join(dataDir, "quorum.sqlite3");
    const size = statSync(db).size;
    const fd = openSync(db, "r+");
    writeSync(fd, Buffer.alloc(16384, 0x5a), 0, 16384, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    driver = await startDriver(dataDir);
    browser = await launch(driver);
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
    await driver?.stop();
  });

  it("explains a damaged file, leaves it untouched, and restores the latest good backup", async () => {
    const db = join(dataDir, "quorum.sqlite3");
    const damaged = readFileSync(db);
    await heading(browser, "Quorum ne peut pas ouvrir ses données");
    const alert = await browser.$('[role="alert"]');
    assert.match(await alert.getText(), /endommagé/);
    assert.ok(readFileSync(db).equals(damaged), "the damaged file is not modified by opening it");
    await expectAccessible("50-damaged-file");
    const restore = await browser.$("//button[starts-with(normalize-space(.), 'Restaurer la sauvegarde du')]");
    await restore.waitForClickable({ timeout: 10000 });
    await browser.execute(() => {
      window.confirm = () => true;
    });
    await restore.click();
    await heading(browser, "Vos conseils");
    await clickButton(browser, COUNCIL);
    await heading(browser, COUNCIL);
  });

  it("lists the backups, the damaged file kept aside among them, and makes a new one", async () => {
    await clickButton(browser, "Sauvegardes");
    await heading(browser, "Sauvegardes");
    const table = await browser.$('[data-testid="backups"]');
    await table.waitForExist({ timeout: 10000 });
    const before = (await browser.$$('[data-testid="backups"] tbody tr')).length;
    assert.match(await table.getText(), /Avant une restauration/);
    await clickButton(browser, "Sauvegarder maintenant");
    // At least one more: the automatic backup of the restored data (made shortly after
    // the first screen) may land meanwhile.
    await browser.waitUntil(async () => (await browser.$$('[data-testid="backups"] tbody tr')).length >= before + 1, {
      timeout: 10000,
      timeoutMsg: "a new backup row should appear",
    });
    assert.match(await table.getText(), /Manuelle\s*\d+ Kio\s*Vérifiée/);
    await expectAccessible("51-backups");
  });

  it("gives a member their data and anonymises a former member", async () => {
    const councils = (await invoke("council_list", { includeArchived: false })).ok;
    const overview = (await invoke("council_overview", { id: councils[0].id })).ok;
    const fatou = overview.members.find((m) => m.last_name === "Diallo");
    const out = join(mkdtempSync(join(tmpdir(), "quorum-e2e-rgpd-")), "donnees.pdf");
    assert.deepEqual(await invoke("member_data_export", { memberId: fatou.id, path: out, pdf: true, open: false }), { ok: false });
    const text = execFileSync("pdftotext", [out, "-"], { encoding: "utf8" }).split(/\s+/).join(" ");
    assert.match(text, /Vos données dans Quorum : Fatou Diallo/);
    assert.match(text, /fatou\.diallo@exemple\.fr/);

    // The demo's former member (with an exit date) can be anonymised from their form.
    const former = overview.members.find((m) => m.exit_date !== null && m.exit_date <= new Date().toISOString().slice(0, 10));
    assert.ok(former, "the demo has a former member");
    const name = `${former.first_name} ${former.last_name}`.trim();
    await clickButton(browser, "Conseils");
    await clickButton(browser, COUNCIL);
    await heading(browser, COUNCIL);
    await (await browser.$("#tab-members")).click();
    await (await browser.$("//label[contains(., 'Afficher les anciens membres')]")).click();
    const edit = await browser.$(`button[aria-label="Modifier ${name}"]`);
    await edit.waitForClickable({ timeout: 10000 });
    await edit.click();
    await (await browser.$("#privacy-title")).waitForExist({ timeout: 10000 });
    await browser.execute(() => {
      window.confirm = () => true;
    });
    await expectAccessible("52-member-personal-data");
    await clickButton(browser, "Anonymiser ce membre");
    await heading(browser, COUNCIL);
    const after = (await invoke("council_overview", { id: councils[0].id })).ok;
    const anonymised = after.members.find((m) => m.id === former.id);
    assert.equal(anonymised.last_name, "Membre anonymisé");
    assert.equal(anonymised.email, "");
  });
});
