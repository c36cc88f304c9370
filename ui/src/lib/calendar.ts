// Calendar arithmetic for the month grid and the timeline, on `YYYY-MM-DD` strings
// (calendar dates, no time zone: a date never moves because of UTC offsets).

/** `YYYY-MM` → the ISO dates of the grid: whole weeks, Monday first, covering the month. */
export function monthGrid(month: string): string[][] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const last = new Date(Date.UTC(y, m, 0));
  // getUTCDay: Sunday 0 … Saturday 6; Monday-first offset.
  const lead = (first.getUTCDay() + 6) % 7;
  const start = new Date(first.getTime() - lead * 86_400_000);
  const weeks: string[][] = [];
  for (let d = start; d <= last; ) {
    const week: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      week.push(iso(d));
      d = new Date(d.getTime() + 86_400_000);
    }
    weeks.push(week);
  }
  return weeks;
}

export function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The month of a date: `2026-03-14` → `2026-03`. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** `2026-03` plus `n` months (negative to go back). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return iso(d).slice(0, 7);
}

/** First and last dates of a month. */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return { from: iso(new Date(Date.UTC(y, m - 1, 1))), to: iso(new Date(Date.UTC(y, m, 0))) };
}

/** `date` plus `n` days. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return iso(new Date(Date.UTC(y, m - 1, d + n)));
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  const t = (s: string) => {
    const [y, m, d] = s.split("-").map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((t(b) - t(a)) / 86_400_000);
}

/** Months `YYYY-MM` from the month of `from` to the month of `to`, inclusive. */
export function monthsSpanned(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = monthOf(from); m <= monthOf(to) && out.length < 120; m = addMonths(m, 1)) out.push(m);
  return out;
}
