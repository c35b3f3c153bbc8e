/** Editable drafts of the profiles and their conversion to the API's PUT bodies. */
import { centsToEuroInput, eurosToCents } from '../../lib/money';
import type { BookingKind, ClientProfile, ClientProfileInput, ProviderProfile, ProviderProfileInput, Service } from './api';

/** The 18 regions of France (13 in mainland France, 5 overseas). */
export const REGIONS = [
  'Auvergne-Rhône-Alpes',
  'Bourgogne-Franche-Comté',
  'Bretagne',
  'Centre-Val de Loire',
  'Corse',
  'Grand Est',
  'Hauts-de-France',
  'Île-de-France',
  'Normandie',
  'Nouvelle-Aquitaine',
  'Occitanie',
  'Pays de la Loire',
  'Provence-Alpes-Côte d’Azur',
  'Guadeloupe',
  'Guyane',
  'La Réunion',
  'Martinique',
  'Mayotte',
] as const;

let nextKey = 1;
/** A stable key for a row of an editable list. */
export function rowKey(): number {
  return nextKey++;
}

export interface MemberDraft {
  key: number;
  name: string;
  role: string;
}

export interface ServiceDraft {
  key: number;
  name: string;
  description: string;
  /** As typed, in euros. */
  price: string;
  /**
   * How a client books it: a whole day or a session. Absent when the API's service had no
   * `booking` (an older profile) and nobody chose: it is then not sent back either, and the
   * server keeps its default (a whole day).
   */
  booking?: BookingKind['kind'];
  /** A session's length and the time kept free after it, in minutes (absent: the defaults). */
  minutes?: number;
  buffer?: number;
  /** « Réservation immédiate »: confirmed at once. Absent as for `booking` (default: on request). */
  instant?: boolean;
}

/** Session lengths offered (the API takes 15 to 720 minutes, in quarters of an hour). */
export const SESSION_MINUTES = [15, 30, 45, 60, 75, 90, 105, 120, 150, 180, 210, 240, 300, 360, 420, 480, 540, 600, 660, 720] as const;
/** Buffers offered after a session (the API takes 0 to 240 minutes, in quarters of an hour). */
export const BUFFER_MINUTES = [0, 15, 30, 45, 60, 90, 120, 180, 240] as const;
export const DEFAULT_SESSION = { minutes: 60, buffer: 0 } as const;

/** The choices of a select, with `value` among them even if the list lacks it (set elsewhere). */
export function choicesWith(choices: readonly number[], value: number): number[] {
  return choices.includes(value) ? [...choices] : [...choices, value].sort((a, b) => a - b);
}

/** A new, empty service row: a whole day, on request. */
export function newServiceDraft(): ServiceDraft {
  return {
    key: rowKey(),
    name: '',
    description: '',
    price: '',
    booking: 'whole_day',
    instant: false,
  };
}

function serviceDraft(s: Partial<Service>, lang: string): ServiceDraft {
  const draft: ServiceDraft = {
    key: rowKey(),
    name: text(s.name),
    description: text(s.description),
    price: typeof s.price_cents === 'number' ? centsToEuroInput(s.price_cents, lang) : '',
  };
  const booking = s.booking;
  if (booking?.kind === 'whole_day') draft.booking = 'whole_day';
  if (booking?.kind === 'session') {
    draft.booking = 'session';
    if (Number.isInteger(booking.minutes)) draft.minutes = booking.minutes;
    if (Number.isInteger(booking.buffer_minutes)) draft.buffer = booking.buffer_minutes;
  }
  if (typeof s.instant === 'boolean') draft.instant = s.instant;
  return draft;
}

/** The row's session length and buffer, the defaults filled in. */
export function sessionOf(s: ServiceDraft): { minutes: number; buffer: number } {
  return { minutes: s.minutes ?? DEFAULT_SESSION.minutes, buffer: s.buffer ?? DEFAULT_SESSION.buffer };
}

/** The API's service of a draft row (its price already converted). */
function serviceInput(s: ServiceDraft, priceCents: number): Service {
  const service: Service = { name: s.name.trim(), description: s.description.trim(), price_cents: priceCents };
  if (s.booking === 'whole_day') service.booking = { kind: 'whole_day' };
  if (s.booking === 'session') {
    const { minutes, buffer } = sessionOf(s);
    service.booking = { kind: 'session', minutes, buffer_minutes: buffer };
  }
  if (s.instant !== undefined) service.instant = s.instant;
  return service;
}

export interface ProviderDraft {
  stage_name: string;
  kind: string;
  presentation: string;
  description: string;
  members: MemberDraft[];
  venue_kinds: string;
  duration: string;
  city: string;
  /** Set when the city was chosen in the list (or saved so), null while it is only typed. */
  city_code: string | null;
  all_france: boolean;
  regions: string[];
  price_text: string;
  services: ServiceDraft[];
  notify_by_email: boolean;
}

export interface ClientDraft {
  name: string;
  city: string;
  venue_description: string;
  notify_by_email: boolean;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A draft from the API's profile; missing or null fields become empty. */
export function providerDraft(profile: Partial<ProviderProfile>, lang: string): ProviderDraft {
  return {
    stage_name: text(profile.stage_name),
    kind: text(profile.kind),
    presentation: text(profile.presentation),
    description: text(profile.description),
    members: (profile.members ?? []).map((m) => ({ key: rowKey(), name: text(m.name), role: text(m.role) })),
    venue_kinds: text(profile.offer?.venue_kinds),
    duration: text(profile.offer?.duration),
    city: text(profile.city),
    city_code: typeof profile.city_code === 'string' ? profile.city_code : null,
    all_france: profile.all_france === true,
    regions: (profile.regions ?? []).filter((r) => typeof r === 'string'),
    price_text: text(profile.price_text),
    services: (profile.services ?? []).map((s) => serviceDraft(s, lang)),
    notify_by_email: profile.notify_by_email === true,
  };
}

export type Converted<T> = { ok: true; input: T } | { ok: false; badPrices: number[] };

/**
 * The PUT body for a provider draft. Texts are trimmed; member rows left empty are
 * dropped. A service price that is not an amount in euros is reported by its
 * 1-based row number. Each service keeps its booking kind and « réservation immédiate »
 * (the PUT replaces the whole profile: a field left out would fall back to its default).
 */
export function providerInput(draft: ProviderDraft): Converted<ProviderProfileInput> {
  const badPrices: number[] = [];
  const services = draft.services.map((s, index) => {
    const cents = eurosToCents(s.price);
    if (cents === null) badPrices.push(index + 1);
    return serviceInput(s, cents ?? 0);
  });
  if (badPrices.length > 0) return { ok: false, badPrices };
  return {
    ok: true,
    input: {
      stage_name: draft.stage_name.trim(),
      kind: draft.kind.trim(),
      presentation: draft.presentation.trim(),
      description: draft.description.trim(),
      members: draft.members
        .map((m) => ({ name: m.name.trim(), role: m.role.trim() }))
        .filter((m) => m.name || m.role),
      offer: { venue_kinds: draft.venue_kinds.trim(), duration: draft.duration.trim() },
      city: draft.city.trim(),
      city_code: draft.city.trim() ? draft.city_code : null,
      all_france: draft.all_france,
      regions: draft.all_france ? [] : draft.regions,
      price_text: draft.price_text.trim(),
      services,
      notify_by_email: draft.notify_by_email,
    },
  };
}

export function clientDraft(profile: Partial<ClientProfile>): ClientDraft {
  return {
    name: text(profile.name),
    city: text(profile.city),
    venue_description: text(profile.venue_description),
    notify_by_email: profile.notify_by_email === true,
  };
}

export function clientInput(draft: ClientDraft): ClientProfileInput {
  return {
    name: draft.name.trim(),
    city: draft.city.trim(),
    venue_description: draft.venue_description.trim(),
    notify_by_email: draft.notify_by_email,
  };
}
