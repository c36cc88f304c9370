import { describe, expect, it } from "vitest";
import { addDays, addMonths, daysBetween, monthBounds, monthGrid, monthsSpanned } from "./calendar";

describe("calendar arithmetic", () => {
  it("lays a month out in whole weeks, Monday first", () => {
    // March 2026 starts on a Sunday and ends on a Tuesday.
    const weeks = monthGrid("2026-03");
    expect(weeks).toHaveLength(6);
    expect(weeks[0]?.[0]).toBe("2026-02-23");
    expect(weeks[0]?.[6]).toBe("2026-03-01");
    expect(weeks[5]?.[1]).toBe("2026-03-31");
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    // February 2027 starts on a Monday and fits in four weeks.
    expect(monthGrid("2027-02")).toHaveLength(4);
  });

  it("moves between months and days across year ends and leap days", () => {
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(monthBounds("2028-02")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(addDays("2026-03-28", 3)).toBe("2026-03-31");
    expect(daysBetween("2026-03-29", "2026-03-30")).toBe(1);
    expect(daysBetween("2026-04-02", "2026-03-02")).toBe(-31);
    expect(monthsSpanned("2026-11-15", "2027-02-01")).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
  });
});
