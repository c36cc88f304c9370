import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Styles go to a CSS file, never inline: the CSP forbids inline styles.
    css: "external",
  },
};
