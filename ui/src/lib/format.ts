// Dates and numbers as the French write them, through Intl only.
import { locale, t } from "./i18n";

const dateFmt = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const dateLongFmt = new Intl.DateTimeFormat(locale, {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const timestampFmt = new Intl.DateTimeFormat(locale, { dateStyle: "long" });
const numberFmt = new Intl.NumberFormat(locale);
const percentFmt = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });

/** A calendar date `YYYY-MM-DD` as « 14 mars 2023 » (no time zone shift). */
export function formatDate(iso: string): string {
  const d = parseDay(iso);
  return d ? dateFmt.format(d).replace(/^1 /, "1er ") : iso;
}

/** « mardi 14 mars 2023 ». */
export function formatDateLong(iso: string): string {
  const d = parseDay(iso);
  return d ? dateLongFmt.format(d).replace(/ 1 /, " 1er ") : iso;
}

/** An RFC 3339 instant in local time, as French print writes it: « 22 novembre 2026 à 9 h 14 ». */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return t("format.dateAtTime", {
    date: timestampFmt.format(d).replace(/^1 /, "1er "),
    time: formatTime(`${d.getHours()}:${p(d.getMinutes())}`),
  });
}

export function formatNumber(n: number): string {
  return numberFmt.format(n);
}

/** `58` → « 58 % » (with the narrow no-break space Intl puts before %). */
export function formatPercent(wholePercent: number): string {
  return percentFmt.format(wholePercent / 100);
}

/** Today's date as `YYYY-MM-DD` in local time, for default values and file names. */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

function parseDay(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `18:30` → « 18 h 30 », `09:00` → « 9 h » (no-break spaces, as in French print). */
export function formatTime(hhmm: string): string {
  const m = /^(\d{1,2}):(\d{2})/.exec(hhmm);
  if (!m) return hhmm;
  const h = String(Number(m[1]));
  return m[2] === "00" ? `${h}\u00a0h` : `${h}\u00a0h\u00a0${m[2]}`;
}
