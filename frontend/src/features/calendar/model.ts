/** Pure logic of the calendar pages: booking states, lists, error messages, the month's days, the rules form, imported calendars. */
import { ApiError } from '../../lib/api-client';
import { addMonths, daysOfMonth, isIsoDate, isTime, weekdayIndex } from '../../lib/dates';
import type { Booking, BookingState, CalendarImport, ProviderMonth, Rules } from './api';

// ---- Booking states ----

export type Tone = 'waiting' | 'positive' | 'success' | 'negative' | 'neutral';

/** The colour of a state's badge (the same tones as the event requests'). */
export function bookingTone(state: BookingState): Tone {
  switch (state) {
    case 'held':
      return 'waiting';
    case 'confirmed':
      return 'success';
    case 'declined':
      return 'negative';
    case 'cancelled':
    case 'expired':
      return 'neutral';
  }
}

export const STATE_TEXTS = [
  'heldProvider',
  'heldClient',
  'confirmedProvider',
  'confirmedClient',
  'declinedProvider',
  'declinedClient',
  'cancelledByYou',
  'cancelledByClient',
  'cancelledByProvider',
  'expiredProvider',
  'expiredClient',
] as const;
export type StateText = (typeof STATE_TEXTS)[number];

/** Which sentence (`bookingState.<key>`) tells `viewer` what the booking's state means. */
export function stateText(booking: Pick<Booking, 'state' | 'cancelled_by'>, viewer: 'client' | 'provider'): StateText {
  const side = viewer === 'provider' ? 'Provider' : 'Client';
  switch (booking.state) {
    case 'held':
    case 'confirmed':
    case 'declined':
    case 'expired':
      return `${booking.state}${side}`;
    case 'cancelled':
      if (booking.cancelled_by === viewer) return 'cancelledByYou';
      return viewer === 'provider' ? 'cancelledByClient' : 'cancelledByProvider';
  }
}

/** Whether it still holds the provider's time (held or confirmed). */
export function isLive(booking: Pick<Booking, 'state'>): boolean {
  return booking.state === 'held' || booking.state === 'confirmed';
}

/** The provider may confirm or decline a hold. */
export function canAnswer(booking: Pick<Booking, 'state'>): boolean {
  return booking.state === 'held';
}

/**
 * Whether `viewer` may cancel the booking: one that is not past, held or confirmed for the
 * client (who withdraws a request), confirmed for the provider (who declines a hold instead).
 */
export function canCancel(booking: Pick<Booking, 'state' | 'date'>, today: string, viewer: 'client' | 'provider'): boolean {
  if (booking.date < today) return false;
  return viewer === 'client' ? isLive(booking) : booking.state === 'confirmed';
}

/** Upcoming bookings (from today on) soonest first, then past ones latest first. */
export function splitBookings(bookings: Booking[], today: string): { upcoming: Booking[]; past: Booking[] } {
  const upcoming = bookings.filter((b) => b.date >= today).sort(byStart);
  const past = bookings.filter((b) => b.date < today).sort((a, b) => byStart(b, a));
  return { upcoming, past };
}

/** By start, then by creation (a whole day starts at midnight). */
export function byStart(a: Booking, b: Booking): number {
  return a.starts_at - b.starts_at || a.created_at - b.created_at;
}

// ---- Errors of a booking ----

/** The API codes the booking form explains in its own words (`booking.errors.<code>`). */
export const BOOKING_ERROR_CODES = [
  'date_past',
  'too_soon',
  'beyond_horizon',
  'day_off',
  'day_blocked',
  'off_grid',
  'time_nonexistent',
  'unknown_service',
  'invalid_field',
  'date_taken',
  'slot_taken',
  'forbidden',
  'not_found',
] as const;
export type BookingErrorCode = (typeof BOOKING_ERROR_CODES)[number];

/** The booking form's explanation of an error, or null for one it leaves to the generic messages (network…). */
export function bookingErrorCode(error: unknown): BookingErrorCode | null {
  if (!(error instanceof ApiError)) return null;
  return (BOOKING_ERROR_CODES as readonly string[]).includes(error.code) ? (error.code as BookingErrorCode) : null;
}

/** Whether the error means the calendar changed meanwhile (the month should be read again). */
export function isStaleDay(code: BookingErrorCode | null): boolean {
  return code === 'date_taken' || code === 'slot_taken' || code === 'too_soon' || code === 'date_past' || code === 'day_blocked' || code === 'day_off' || code === 'off_grid';
}

// ---- Months ----

/** The months a page reads: `month`, then the one before and the one after within bounds (read ahead, so that the keyboard can walk into them). */
export function monthsAround(month: string, fromMonth?: string, toMonth?: string): string[] {
  return [month, addMonths(month, -1), addMonths(month, 1)].filter((m) => (!fromMonth || m >= fromMonth) && (!toMonth || m <= toMonth));
}

// ---- The provider's month ----

/** A day of the provider's month, as its calendar marks it. */
export interface DayMarks {
  confirmed: string[];
  held: string[];
  /** Taken by an event request's booking. */
  event: string[];
  /** A weekday off, or a blocked range. */
  off: string[];
  /** Busy (whole or in part) in one of the imported calendars. */
  imported: string[];
}

/** Whether `date` is a day off by the rules (the week's or a blocked range). */
export function isDayOff(rules: Pick<Rules, 'week' | 'blocked'>, date: string): boolean {
  if (!rules.week[weekdayIndex(date)]) return true;
  return rules.blocked.some((b) => b.from <= date && date <= b.to);
}

/** The marked days of a month (YYYY-MM) of the provider's calendar. */
export function monthMarks(month: string, data: ProviderMonth): DayMarks {
  const withState = (state: BookingState) => [...new Set(data.bookings.filter((b) => b.state === state).map((b) => b.date))];
  return {
    confirmed: withState('confirmed'),
    held: withState('held'),
    event: data.event_days.filter((d) => d.startsWith(month)),
    off: daysOfMonth(month).filter((d) => isDayOff(data.rules, d)),
    imported: importedBusyDays(month, data.imports),
  };
}

// ---- Rules form ----

export interface DayDraft {
  open: boolean;
  start: string;
  end: string;
}

export interface BlockedDraft {
  key: number;
  from: string;
  to: string;
  note: string;
}

export interface RulesDraft {
  /** Monday first. */
  week: DayDraft[];
  blocked: BlockedDraft[];
  /** As typed. */
  notice: string;
  horizon: string;
  step: number;
  hold: string;
}

export const STEPS = [15, 30, 60] as const;
export const DEFAULT_HOURS = { start: '09:00', end: '19:00' } as const;
/** The API's bounds. */
export const RULE_LIMITS = { notice: 365, horizon: 730, hold: 168, blocked: 100, note: 200 } as const;

let nextKey = 1;
export function blockedKey(): number {
  return nextKey++;
}

export function rulesDraft(rules: Rules): RulesDraft {
  return {
    week: Array.from({ length: 7 }, (_, i) => {
      const hours = rules.week[i];
      return hours ? { open: true, start: hours.start, end: hours.end } : { open: false, ...DEFAULT_HOURS };
    }),
    blocked: rules.blocked.map((b) => ({ key: blockedKey(), from: b.from, to: b.to, note: b.note ?? '' })),
    notice: String(rules.notice_days),
    horizon: String(rules.horizon_days),
    step: rules.step_minutes,
    hold: String(rules.hold_hours),
  };
}

export type DayError = 'invalid' | 'quarter' | 'order';
export type BlockedError = 'invalid' | 'order';

export interface RulesErrors {
  /** By weekday index. */
  week?: Partial<Record<number, DayError>>;
  /** By row key. */
  blocked?: Partial<Record<number, BlockedError>>;
  notice?: 'invalid';
  horizon?: 'invalid' | 'notBeyond';
  hold?: 'invalid';
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,4}$/u.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

const onQuarter = (time: string) => isTime(time) && Number(time.slice(3)) % 15 === 0;

/** The PUT body of a rules draft, or what is wrong with it (the API's own checks, said by field). */
export function rulesInput(draft: RulesDraft): { ok: true; rules: Rules } | { ok: false; errors: RulesErrors } {
  const errors: RulesErrors = {};
  const week = draft.week.map((day, i) => {
    if (!day.open) return null;
    let problem: DayError | null = null;
    if (!isTime(day.start) || !isTime(day.end)) problem = 'invalid';
    else if (!onQuarter(day.start) || !onQuarter(day.end)) problem = 'quarter';
    else if (day.start >= day.end) problem = 'order';
    if (problem) (errors.week ??= {})[i] = problem;
    return { start: day.start, end: day.end };
  });
  const blocked = draft.blocked.map((b) => {
    let problem: BlockedError | null = null;
    if (!isIsoDate(b.from) || !isIsoDate(b.to)) problem = 'invalid';
    else if (b.to < b.from) problem = 'order';
    if (problem) (errors.blocked ??= {})[b.key] = problem;
    return { from: b.from, to: b.to, note: b.note.trim().replace(/\s+/gu, ' ') };
  });
  const notice = wholeNumber(draft.notice, 0, RULE_LIMITS.notice);
  if (notice === null) errors.notice = 'invalid';
  const horizon = wholeNumber(draft.horizon, 1, RULE_LIMITS.horizon);
  if (horizon === null) errors.horizon = 'invalid';
  else if (notice !== null && horizon <= notice) errors.horizon = 'notBeyond';
  const hold = wholeNumber(draft.hold, 1, RULE_LIMITS.hold);
  if (hold === null) errors.hold = 'invalid';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    rules: {
      week,
      blocked,
      notice_days: notice ?? 0,
      horizon_days: horizon ?? 0,
      step_minutes: draft.step,
      hold_hours: hold ?? 0,
    },
  };
}

// ---- Imported calendars ----

/** The API's bound on imported calendars. */
export const MAX_IMPORTS = 5;

/** The days of `month` (YYYY-MM) that any imported calendar blocks, sorted, once each. */
export function importedBusyDays(month: string, imports: Pick<CalendarImport, 'busy_days'>[]): string[] {
  return [...new Set(imports.flatMap((i) => i.busy_days).filter((d) => d.startsWith(`${month}-`)))].sort();
}

export type ImportUrlError = 'required' | 'invalid' | 'notHttps' | 'credentials';

/**
 * The address typed in the import form, checked before it is sent: trimmed, `webcal://`
 * (Apple's and Outlook's subscription links) read as `https://`. Plain http is left to the
 * server, which refuses it (except for a test gateway's loopback calendars).
 */
export function importUrlInput(text: string): { ok: true; url: string } | { ok: false; error: ImportUrlError } {
  let url = text.trim();
  if (!url) return { ok: false, error: 'required' };
  if (/^webcals?:\/\//iu.test(url)) url = url.replace(/^webcals?:/iu, 'https:');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, error: 'invalid' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { ok: false, error: 'notHttps' };
  if (!parsed.hostname) return { ok: false, error: 'invalid' };
  if (parsed.username || parsed.password) return { ok: false, error: 'credentials' };
  return { ok: true, url };
}

export type ImportErrorCode = ImportUrlError | 'tooMany';

/** The import form's explanation of an API refusal (`imports.errors.<code>`), or null for the generic messages. */
export function importErrorCode(error: unknown): ImportErrorCode | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'too_many_calendars') return 'tooMany';
  if (error.code !== 'invalid_field') return null;
  const message = error.message.toLowerCase();
  if (message.includes('https')) return 'notHttps';
  if (message.includes('credentials')) return 'credentials';
  return 'invalid';
}

/**
 * A long address shortened for display, keeping what tells calendars apart: the host and the
 * end of the path ("calendar.google.com/…/basic.ics"). The secret in the middle is not shown.
 */
export function shortUrl(url: string, max = 48): string {
  let host: string;
  let path: string;
  try {
    const parsed = new URL(url);
    host = parsed.host;
    path = parsed.pathname + parsed.search;
  } catch {
    return url.length <= max ? url : `${url.slice(0, max - 1)}…`;
  }
  const plain = `${host}${path === '/' ? '' : path}`;
  if (plain.length <= max) return plain;
  const last = path.split('/').filter(Boolean).pop() ?? '';
  const tail = last.length > 24 ? `${last.slice(0, 11)}…${last.slice(-12)}` : last;
  return `${host}/…/${tail}`;
}
