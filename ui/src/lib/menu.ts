// The window's native menu, built here so that its words come from the catalog.
import { Menu, MenuItem, PredefinedMenuItem, Submenu } from "@tauri-apps/api/menu";
import { t } from "./i18n";
import { nav } from "./nav.svelte";
import { exportAll, importFile } from "./files";

export async function installMenu(onDataChanged: () => void): Promise<void> {
  const file = await Submenu.new({
    text: t("menu.file"),
    items: [
      await MenuItem.new({ text: t("menu.newCouncil"), accelerator: "CmdOrCtrl+N", action: () => nav.go({ name: "council-new" }) }),
      await PredefinedMenuItem.new({ item: "Separator" }),
      await MenuItem.new({
        text: t("menu.import"),
        accelerator: "CmdOrCtrl+O",
        action: async () => {
          if (await importFile()) onDataChanged();
        },
      }),
      await MenuItem.new({ text: t("menu.export"), accelerator: "CmdOrCtrl+E", action: () => void exportAll() }),
      await MenuItem.new({ text: t("menu.importArchive"), action: () => nav.go({ name: "archive-import" }) }),
      await MenuItem.new({ text: t("menu.backups"), action: () => nav.go({ name: "backups" }) }),
      await PredefinedMenuItem.new({ item: "Separator" }),
      await PredefinedMenuItem.new({ item: "Quit", text: t("menu.quit") }),
    ],
  });
  const help = await Submenu.new({
    text: t("menu.help"),
    items: [await MenuItem.new({ text: t("menu.about"), action: () => nav.go({ name: "about" }) })],
  });
  const menu = await Menu.new({ items: [file, help] });
  await menu.setAsAppMenu();
}
