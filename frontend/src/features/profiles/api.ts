/** Profiles: one's own (provider or client) and a provider's public page (docs/API.md). */
import { request } from '../../lib/api-client';

export interface Member {
  name: string;
  role: string;
}

export interface Offer {
  venue_kinds: string;
  duration: string;
}

/** How a service takes the provider's time when a client books it on the calendar. */
export type BookingKind =
  | { kind: 'whole_day' }
  /** A session of `minutes`, with `buffer_minutes` kept free after it (quarters of an hour). */
  | { kind: 'session'; minutes: number; buffer_minutes: number };

export interface Service {
  name: string;
  description: string;
  price_cents: number;
  /** The API always sends it (default: a whole day); older profiles may lack it. */
  booking?: BookingKind;
  /** Confirmed at once; otherwise a booking holds the time until the provider confirms. */
  instant?: boolean;
}

export interface ProviderProfile {
  id: string;
  role: 'provider';
  stage_name: string;
  kind: string;
  presentation: string;
  description: string;
  members: Member[];
  offer: Offer;
  city: string;
  /** INSEE code of `city`'s commune (null without a city); it tells homonyms apart. */
  city_code?: string | null;
  all_france: boolean;
  regions: string[];
  price_text: string;
  services: Service[];
  /** Only present in `/api/me/profile`. */
  notify_by_email?: boolean;
  updated_at: number;
}

export interface ClientProfile {
  id: string;
  role: 'client';
  name: string;
  city: string;
  venue_description: string;
  email: string;
  notify_by_email: boolean;
  updated_at: number;
}

export type Profile = ProviderProfile | ClientProfile;

export type ProviderProfileInput = Omit<ProviderProfile, 'id' | 'role' | 'updated_at' | 'notify_by_email'> & {
  notify_by_email: boolean;
};

export type ClientProfileInput = Omit<ClientProfile, 'id' | 'role' | 'email' | 'updated_at'>;

export function getMyProfile(): Promise<{ profile: Profile }> {
  return request('GET', '/api/me/profile', { auth: true });
}

export function updateMyProfile(
  input: ProviderProfileInput | ClientProfileInput,
): Promise<{ profile: Profile }> {
  return request('PUT', '/api/me/profile', { body: input, auth: true });
}

export function getProvider(id: string): Promise<{ profile: ProviderProfile }> {
  return request('GET', `/api/providers/${encodeURIComponent(id)}`);
}
