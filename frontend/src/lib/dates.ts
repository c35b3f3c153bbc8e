/** Calendar dates (YYYY-MM-DD), times (HH:MM) and instants, and how they read (events and calendar). */

/** Today as YYYY-MM-DD in the person's time zone. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The same calendar day `years` later (29 February → 28 February). */
export function yearsLater(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCDate() !== d) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

export function isTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/u.test(value);
}

const locale = (lang: string) => (lang.startsWith('fr') ? 'fr-FR' : 'en-GB');

/** "vendredi 12 juin 2026" / "Friday 12 June 2026" (a calendar date: no time zone shift). */
export function formatDate(iso: string, lang: string, style: 'long' | 'short' = 'long'): string {
  if (!isIsoDate(iso)) return iso;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const options: Intl.DateTimeFormatOptions =
    style === 'long'
      ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
      : { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale(lang), options).format(new Date(Date.UTC(y, m - 1, d)));
}

/** "20:00 – 23:30", "20:00", "" */
export function formatTimes(start: string | null | undefined, end: string | null | undefined): string {
  if (start && end) return `${start} – ${end}`;
  return start || (end ? `– ${end}` : '');
}

/** Milliseconds or seconds since the epoch (the API uses seconds for `created_at`). */
export function formatInstant(value: number, lang: string): string {
  const ms = value < 1e12 ? value * 1000 : value;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}


// ---- Calendar days and months ----

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `iso` moved by `days` (negative: back). */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The month (YYYY-MM) of a day (YYYY-MM-DD). */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** A month (YYYY-MM) moved by `months`. */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(y, m - 1 + months, 1));
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}`;
}

/** The days (YYYY-MM-DD) of a month (YYYY-MM), in order. */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${pad2(i + 1)}`);
}

/** Weekday of a day, Monday 0 … Sunday 6 (the API's `week` order). */
export function weekdayIndex(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** A calendar day as a local `Date` at midnight (what date pickers show), and back. */
export function dateOfIso(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

export function isoOfDate(date: Date): string {
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
}

/** "mars 2026" / "March 2026". */
export function formatMonth(month: string, lang: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale(lang), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

/**
 * A duration in minutes: "45 min", "1 h", "1 h 30" (French, with non-breaking spaces) /
 * "45 min", "1 h", "1 h 30 min" (English).
 */
export function formatMinutes(minutes: number, lang: string): string {
  const fr = lang.startsWith('fr');
  const sp = fr ? '\u00a0' : ' ';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}${sp}min`;
  if (rest === 0) return `${hours}${sp}h`;
  return fr ? `${hours}${sp}h${sp}${pad2(rest)}` : `${hours} h ${pad2(rest)} min`;
}

/** An instant (epoch seconds) as a deadline: "jeudi 3 décembre à 10:00" / "Thursday 3 December at 10:00". */
export function formatDeadline(seconds: number, lang: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(seconds * 1000));
}

/** An instant (epoch seconds) in full: "lundi 21 décembre 2026 à 14:05" / "Monday, 21 December 2026 at 14:05". */
export function formatDateTime(seconds: number, lang: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(seconds * 1000));
}
