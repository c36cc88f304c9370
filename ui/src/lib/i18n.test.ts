import { describe, expect, it } from "vitest";
import { t, tp } from "./i18n";
import { formatDate, formatDateLong, formatNumber, formatPercent, formatTime, todayIso } from "./format";
import { quorumText, warningText } from "./labels";

describe("message catalog", () => {
  it("fills parameters and formats numbers the French way", () => {
    expect(t("council.created", { name: "Les Tilleuls" })).toBe("Le conseil « Les Tilleuls » est créé.");
    expect(t("composition.warning.too_few", { count: 1200, min: 15 })).toBe(
      "1\u202f200 membres : il est recommandé d'en compter au moins 15.",
    );
  });

  it("chooses the plural form with French rules (0 and 1 are singular)", () => {
    expect(tp("councils.members", 0)).toBe("0 membre en fonction");
    expect(tp("councils.members", 1)).toBe("1 membre en fonction");
    expect(tp("councils.members", 24)).toBe("24 membres en fonction");
  });
});

describe("French formats", () => {
  it("writes dates in words, with 1er", () => {
    expect(formatDate("2023-03-14")).toBe("14 mars 2023");
    expect(formatDate("2024-08-01")).toBe("1er août 2024");
    expect(formatDateLong("2023-03-14")).toBe("mardi 14 mars 2023");
    expect(formatDate("pas une date")).toBe("pas une date");
  });

  it("groups thousands with a narrow no-break space", () => {
    expect(formatNumber(1234567)).toBe("1\u202f234\u202f567");
    expect(formatPercent(58)).toBe("58\u00a0%");
  });

  it("writes times as « 18 h 30 »", () => {
    expect(formatTime("18:30")).toBe("18\u00a0h\u00a030");
    expect(formatTime("09:00")).toBe("9\u00a0h");
  });

  it("gives today's local date as YYYY-MM-DD", () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 30))).toBe("2026-01-05");
  });
});

describe("labels of core enumerations", () => {
  it("words quorum rules", () => {
    expect(quorumText({ kind: "fraction", numerator: 1, denominator: 3, base: "titulaires" })).toBe(
      "au moins un tiers des titulaires",
    );
    expect(quorumText({ kind: "fraction", numerator: 3, denominator: 5, base: "membres" })).toBe(
      "au moins 3 sur 5 des membres",
    );
    expect(quorumText({ kind: "majorite", base: "membres" })).toBe("la majorité des membres");
    expect(quorumText({ kind: "nombre", count: 8 })).toBe("au moins 8 personnes présentes");
    expect(quorumText({ kind: "aucun" })).toBe("pas de quorum");
  });

  it("words composition warnings", () => {
    expect(warningText({ code: "parity_imbalance", women: 3, men: 1 })).toBe(
      "Parité chez les habitants : 3 femme(s) pour 1 homme(s).",
    );
    expect(warningText({ code: "empty_college", college: "acteurs_locaux" })).toBe(
      "Le collège des associations et acteurs locaux n'a aucun membre.",
    );
  });
});
