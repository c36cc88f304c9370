import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import CompositionPanel from "./CompositionPanel.svelte";
import type { Composition } from "../bindings/Composition";

const base: Composition = {
  date: "2026-11-22",
  total: 4,
  by_college: [
    { college: "habitants", counts: { titulaires: 3, suppleants: 1, complementaires: 0, total: 4 } },
    { college: "acteurs_locaux", counts: { titulaires: 0, suppleants: 0, complementaires: 0, total: 0 } },
  ],
  habitants_women: 3,
  habitants_men: 1,
  habitants_sex_unknown: 0,
  habitants_share_percent: 100,
  quorum_required: 1,
  quorum_base_count: 3,
  warnings: [
    { code: "too_few", count: 4, min: 15 },
    { code: "parity_imbalance", women: 3, men: 1 },
  ],
};

describe("CompositionPanel", () => {
  it("shows counts, parity and each warning in words", () => {
    render(CompositionPanel, {
      props: { composition: base, rule: { kind: "fraction", numerator: 1, denominator: 3, base: "titulaires" } },
    });
    const panel = screen.getByRole("complementary", { name: "Composition" });
    expect(within(panel).getByText("4 membres en fonction")).toBeTruthy();
    expect(within(panel).getByText("Au 22 novembre 2026")).toBeTruthy();
    const warnings = within(panel).getAllByRole("listitem").filter((li) => li.classList.contains("warning"));
    expect(warnings.map((w) => w.textContent?.trim())).toEqual([
      "⚠ 4 membres : il est recommandé d'en compter au moins 15.",
      "⚠ Parité chez les habitants : 3 femme(s) pour 1 homme(s).",
    ]);
    expect(within(panel).getByTestId("parity").textContent?.trim()).toBe("Habitants : 3 femme(s), 1 homme(s)");
  });

  it("says the composition is fine when there is nothing to warn about", () => {
    render(CompositionPanel, {
      props: { composition: { ...base, warnings: [] }, rule: { kind: "aucun" } },
    });
    expect(screen.getByText("La composition suit les recommandations.")).toBeTruthy();
  });
});
