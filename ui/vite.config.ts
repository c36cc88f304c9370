import { defineConfig } from "vitest/config";
import type { Plugin } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * Asks for the two font faces of the first screen (regular and bold, Latin) from the
 * page's head, so that they load while the script does instead of after the first
 * layout; the start-up benchmark waits for them (bench/start_memory.py). The names
 * carry a hash known only once built, hence a plugin rather than links in index.html.
 */
function preloadFirstScreenFonts(): Plugin {
  return {
    name: "quorum-preload-first-screen-fonts",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const faces = Object.keys(ctx.bundle ?? {}).filter((file) =>
          /atkinson-hyperlegible-latin-(400|700)-normal-[^/]*\.woff2$/.test(file),
        );
        return faces.map((file) => ({
          tag: "link",
          attrs: { rel: "preload", as: "font", type: "font/woff2", href: `/${file}`, crossorigin: "" },
          injectTo: "head" as const,
        }));
      },
    },
  };
}

// The built interface is embedded in the binary by Tauri (frontendDist = ui/dist):
// no dev server is needed to run Quorum, and nothing is ever fetched from a network.
export default defineConfig({
  root,
  plugins: [svelte({ configFile: fileURLToPath(new URL("../svelte.config.js", import.meta.url)) }), preloadFirstScreenFonts()],
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // Keep fonts as files: the CSP allows fonts from 'self' only.
    assetsInlineLimit: 0,
  },
  server: { port: 1420, strictPort: true },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
  },
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
});
