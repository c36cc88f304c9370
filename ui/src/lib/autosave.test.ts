import { describe, expect, it } from "vitest";
import { autosaveDelay, DEBOUNCE_MS, MAX_WAIT_MS } from "./autosave";

describe("autosave timing", () => {
  it("waits for a pause after the first keystroke", () => {
    expect(autosaveDelay(1000, 1000)).toBe(DEBOUNCE_MS);
  });

  it("never lets steady typing go unsaved longer than the maximum wait", () => {
    // A key every 300 ms: each one would push a plain debounce back forever.
    const start = 10_000;
    let saveAt = Infinity;
    for (let now = start; now < start + 5_000; now += 300) {
      saveAt = Math.min(saveAt, now + autosaveDelay(start, now));
      if (now >= saveAt) break;
    }
    expect(saveAt - start).toBeLessThanOrEqual(MAX_WAIT_MS);
    expect(MAX_WAIT_MS).toBeLessThan(2000);
  });
});
