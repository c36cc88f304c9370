import { describe, expect, it } from "vitest";
import { formatDate, formatDateLong, formatTime, formatTimestamp } from "./format";

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("French dates and times", () => {
  it("writes times as French print does", () => {
    expect(nbsp(formatTime("18:30"))).toBe("18 h 30");
    expect(nbsp(formatTime("09:00"))).toBe("9 h");
    expect(formatTime("18:30")).toContain("\u00a0h\u00a0");
  });

  it("writes the first of the month as « 1er »", () => {
    expect(formatDate("2026-03-01")).toBe("1er mars 2026");
    expect(formatDateLong("2023-03-14")).toBe("mardi 14 mars 2023");
  });

  it("writes an instant in local time with « à » and « h »", () => {
    const local = new Date(2026, 10, 22, 9, 14);
    expect(nbsp(formatTimestamp(local.toISOString()))).toBe("22 novembre 2026 à 9 h 14");
    expect(formatTimestamp("pas une date")).toBe("pas une date");
  });
});
