import js from "@eslint/js";
import ts from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import svelteConfig from "./svelte.config.js";

export default ts.config(
  { ignores: ["ui/dist/", "node_modules/", "target/", "ui/src/bindings/", "tests/e2e/artifacts/"] },
  js.configs.recommended,
  ...ts.configs.strict,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: {
      parserOptions: { parser: ts.parser, extraFileExtensions: [".svelte"], svelteConfig },
    },
  },
  {
    // TypeScript itself checks undefined names (and knows DOM types such as AutoFill).
    files: ["**/*.ts", "**/*.svelte"],
    rules: { "no-undef": "off" },
  },
  {
    files: ["tests/**/*.mjs", "scripts/**/*.mjs", "bench/**/*.mjs", "*.js"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      // Every user-visible string goes through the message catalog (ui/src/lib/i18n.ts).
      "svelte/no-at-html-tags": "error",
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.property.name='innerHTML']", message: "Pas de HTML brut." },
      ],
    },
  },
);
