/** Pure logic of the event pages: dates, the event draft, quotes, request states, a provider's free days. */
import { isIsoDate, isTime, monthOf } from '../../lib/dates';
import { centsToEuroInput, eurosToCents } from '../../lib/money';
import type { FreeDay } from '../calendar/api';
import type { PlaceChoice } from '../discovery/places';
import type { EstradeEvent, EventInput, ProviderRequest, RequestState } from './api';

// ---- Dates (in lib/dates.ts, shared with the calendar; re-exported for the event pages) ----

export { formatDate, formatInstant, formatTimes, isIsoDate, isTime, todayIso, yearsLater } from '../../lib/dates';

// ---- Event form ----

export interface NeedDraft {
  key: number;
  value: string;
}

export interface EventDraft {
  name: string;
  date: string;
  start_time: string;
  end_time: string;
  description: string;
  place: PlaceChoice | null;
  address: string;
  /** As typed. */
  guests: string;
  /** As typed, in euros. */
  budget: string;
  needs: NeedDraft[];
}

let nextKey = 1;
export function needKey(): number {
  return nextKey++;
}

/** The API's limits (characters, counts). */
export const EVENT_LIMITS = { name: 120, text: 5000, address: 500, need: 100, needs: 20, guests: 100_000 } as const;

export function eventDraft(event: EstradeEvent | null, lang: string): EventDraft {
  if (!event) {
    return {
      name: '',
      date: '',
      start_time: '',
      end_time: '',
      description: '',
      place: null,
      address: '',
      guests: '',
      budget: '',
      needs: [{ key: needKey(), value: '' }],
    };
  }
  return {
    name: event.name ?? '',
    date: event.date ?? '',
    start_time: event.start_time ?? '',
    end_time: event.end_time ?? '',
    description: event.description ?? '',
    place: event.city_code ? { code: event.city_code, name: event.city || event.city_code } : null,
    address: event.address ?? '',
    guests: event.guests === null || event.guests === undefined ? '' : String(event.guests),
    budget: event.budget_cents === null || event.budget_cents === undefined ? '' : centsToEuroInput(event.budget_cents, lang),
    needs: (event.needs ?? []).map((value) => ({ key: needKey(), value })),
  };
}

export type EventField = 'name' | 'date' | 'start_time' | 'end_time' | 'place' | 'guests' | 'budget' | 'needs';
/** A field and the key (under `eventForm.errors`) of what is wrong with it. */
export type EventErrors = Partial<Record<EventField, 'required' | 'invalid' | 'past' | 'tooMany'>>;

/** Trimmed, without empties nor case-insensitive duplicates, in the order typed. */
export function cleanNeeds(values: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of values) {
    const value = raw.trim().replace(/\s+/gu, ' ');
    const folded = value.toLocaleLowerCase('fr');
    if (!value || seen.has(folded)) continue;
    seen.add(folded);
    out.push(value);
  }
  return out;
}

/** The PUT/POST body of a draft, or what is wrong with it. `today` forbids past dates for new events. */
export function eventInput(
  draft: EventDraft,
  options: { today?: string } = {},
): { ok: true; input: EventInput } | { ok: false; errors: EventErrors } {
  const errors: EventErrors = {};
  const name = draft.name.trim();
  if (!name) errors.name = 'required';
  if (!draft.date) errors.date = 'required';
  else if (!isIsoDate(draft.date)) errors.date = 'invalid';
  else if (options.today && draft.date < options.today) errors.date = 'past';
  if (draft.start_time && !isTime(draft.start_time)) errors.start_time = 'invalid';
  if (draft.end_time && !isTime(draft.end_time)) errors.end_time = 'invalid';
  if (!draft.place) errors.place = 'required';
  let guests: number | null = null;
  if (draft.guests.trim()) {
    const n = Number(draft.guests.trim());
    if (!/^\d+$/u.test(draft.guests.trim()) || n < 1 || n > EVENT_LIMITS.guests) errors.guests = 'invalid';
    else guests = n;
  }
  let budget: number | null = null;
  if (draft.budget.trim()) {
    budget = eurosToCents(draft.budget);
    if (budget === null) errors.budget = 'invalid';
  }
  const needs = cleanNeeds(draft.needs.map((n) => n.value));
  if (needs.length === 0) errors.needs = 'required';
  else if (needs.length > EVENT_LIMITS.needs) errors.needs = 'tooMany';
  if (Object.keys(errors).length > 0 || !draft.place) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name,
      date: draft.date,
      start_time: draft.start_time || null,
      end_time: draft.end_time || null,
      description: draft.description.trim(),
      city_code: draft.place.code,
      city: draft.place.name,
      address: draft.address.trim(),
      guests,
      budget_cents: budget,
      needs,
    },
  };
}

// ---- Quotes ----

export interface QuoteDraft {
  /** As typed, in euros. */
  price: string;
  included: string;
  valid_until: string;
}

export type QuoteErrors = Partial<Record<keyof QuoteDraft, 'required' | 'invalid' | 'past'>>;

export function quoteInput(
  draft: QuoteDraft,
  today: string,
): { ok: true; answer: { action: 'quote'; price_cents: number; included: string; valid_until: string } } | { ok: false; errors: QuoteErrors } {
  const errors: QuoteErrors = {};
  const price = draft.price.trim() ? eurosToCents(draft.price) : null;
  if (!draft.price.trim()) errors.price = 'required';
  else if (price === null) errors.price = 'invalid';
  if (!draft.valid_until) errors.valid_until = 'required';
  else if (!isIsoDate(draft.valid_until)) errors.valid_until = 'invalid';
  else if (draft.valid_until < today) errors.valid_until = 'past';
  if (Object.keys(errors).length > 0 || price === null) return { ok: false, errors };
  return {
    ok: true,
    answer: { action: 'quote', price_cents: price, included: draft.included.trim(), valid_until: draft.valid_until },
  };
}

/** Default validity of a quote: two weeks, but not after the event. */
export function defaultValidUntil(today: string, eventDate: string): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const inTwoWeeks = new Date(Date.UTC(y, m - 1, d + 14)).toISOString().slice(0, 10);
  return isIsoDate(eventDate) && eventDate >= today && eventDate < inTwoWeeks ? eventDate : inTwoWeeks;
}

// ---- Request states ----

export const REQUEST_STATES: readonly RequestState[] = ['pending', 'accepted', 'quoted', 'declined', 'booked', 'closed', 'expired'];

/** Still waiting for someone: the provider (pending) or the client (accepted, quoted). */
export function isOpen(state: RequestState): boolean {
  return state === 'pending' || state === 'accepted' || state === 'quoted';
}

/** The client may book an acceptance or a quote that is still valid, of an active event. */
export function canBook(request: Pick<ProviderRequest, 'state' | 'valid_until'>, today: string, eventStatus = 'active'): boolean {
  if (eventStatus !== 'active') return false;
  if (request.state === 'accepted') return true;
  return request.state === 'quoted' && (!request.valid_until || request.valid_until >= today);
}

/** A class suffix for the state badge (colour), grouping states that read alike. */
export function stateTone(state: RequestState): 'waiting' | 'positive' | 'success' | 'negative' | 'neutral' {
  switch (state) {
    case 'pending':
      return 'waiting';
    case 'accepted':
    case 'quoted':
      return 'positive';
    case 'booked':
      return 'success';
    case 'declined':
      return 'negative';
    default:
      return 'neutral';
  }
}

/** The requests of a dashboard: by need (in the event's order), then booked/open first, then name. */
export function groupByNeed(requests: ProviderRequest[], needs: string[]): { need: string; requests: ProviderRequest[] }[] {
  const rank: Record<RequestState, number> = { booked: 0, quoted: 1, accepted: 2, pending: 3, declined: 4, expired: 5, closed: 6 };
  const order = [...needs];
  for (const r of requests) if (!order.includes(r.need)) order.push(r.need);
  return order
    .map((need) => ({
      need,
      requests: requests
        .filter((r) => r.need === need)
        .sort((a, b) => rank[a.state] - rank[b.state] || a.provider_name.localeCompare(b.provider_name)),
    }))
    .filter((g) => g.requests.length > 0);
}

/** The booked request of a need, if any. */
export function bookedFor(requests: ProviderRequest[], need: string): ProviderRequest | undefined {
  return requests.find((r) => r.need === need && r.state === 'booked');
}

// ---- A provider's free days (the invitation form) ----

/** The months (YYYY-MM) the events fall in, each once and in order: what to read of a provider's days. */
export function eventMonths(events: readonly Pick<EstradeEvent, 'date'>[]): string[] {
  return [...new Set(events.filter((e) => isIsoDate(e.date)).map((e) => monthOf(e.date)))].sort();
}

export type DayFreedom = 'free' | 'busy';

/**
 * Whether the provider is free on each event's day (event id → `free` or `busy`), from the
 * months of whole days read (`getFreeDays`: `busy` is a day off, blocked or held by anything).
 * An event whose day is in none of them (its month not read yet, or failed) is left out: nothing
 * is known, nothing is said.
 */
export function eventFreedom(
  events: readonly Pick<EstradeEvent, 'id' | 'date'>[],
  months: readonly { days: readonly Pick<FreeDay, 'date' | 'free'>[] }[],
): Map<string, DayFreedom> {
  const days = new Map<string, boolean>();
  for (const month of months) for (const day of month.days) days.set(day.date, day.free);
  const freedom = new Map<string, DayFreedom>();
  for (const event of events) {
    const free = days.get(event.date);
    if (free !== undefined) freedom.set(event.id, free ? 'free' : 'busy');
  }
  return freedom;
}
