// Import and export of the whole database through the system's file dialogs.
import { open, save } from "@tauri-apps/plugin-dialog";
import { api, toAppError } from "./api";
import { t } from "./i18n";
import { todayIso } from "./format";
import { notices } from "./nav.svelte";

const filters = () => [{ name: t("dialog.json"), extensions: ["json"] }];

/** Asks where to write, then exports. Returns true when something was written. */
export async function exportAll(): Promise<boolean> {
  try {
    const path = await save({ defaultPath: `quorum-${todayIso()}.json`, filters: filters() });
    if (!path) return false;
    await api.exportJson(path);
    notices.show(t("councils.exported", { path }));
    return true;
  } catch (e) {
    notices.show(toAppError(e).message, "error");
    return false;
  }
}

/** Asks which file to import, then merges it. Returns true when the import ran. */
export async function importFile(): Promise<boolean> {
  try {
    const path = await open({ multiple: false, directory: false, filters: filters() });
    if (typeof path !== "string") return false;
    const report = await api.importJson(path);
    const all = Object.values(report);
    const sum = (k: "added" | "updated" | "skipped") => all.reduce((n, c) => n + c[k], 0);
    notices.show(t("councils.imported", { added: sum("added"), updated: sum("updated"), skipped: sum("skipped") }));
    return true;
  } catch (e) {
    notices.show(toAppError(e).message, "error");
    return false;
  }
}
