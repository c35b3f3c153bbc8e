/** Editable drafts of the profiles and their conversion to the API's PUT bodies. */
import { centsToEuroInput, eurosToCents } from '../../lib/money';
import type { ClientProfile, ClientProfileInput, ProviderProfile, ProviderProfileInput } from './api';

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
    services: (profile.services ?? []).map((s) => ({
      key: rowKey(),
      name: text(s.name),
      description: text(s.description),
      price: typeof s.price_cents === 'number' ? centsToEuroInput(s.price_cents, lang) : '',
    })),
    notify_by_email: profile.notify_by_email === true,
  };
}

export type Converted<T> = { ok: true; input: T } | { ok: false; badPrices: number[] };

/**
 * The PUT body for a provider draft. Texts are trimmed; member rows left empty are
 * dropped. A service price that is not an amount in euros is reported by its
 * 1-based row number.
 */
export function providerInput(draft: ProviderDraft): Converted<ProviderProfileInput> {
  const badPrices: number[] = [];
  const services = draft.services.map((s, index) => {
    const cents = eurosToCents(s.price);
    if (cents === null) badPrices.push(index + 1);
    return { name: s.name.trim(), description: s.description.trim(), price_cents: cents ?? 0 };
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
