/** Events and the requests to providers (docs/DISCOVERY.md). */
import { request, withQuery } from '../../lib/api-client';

export type EventStatus = 'active' | 'cancelled';

/** The body of `POST /api/events` and `PUT /api/events/{id}` (a full replacement). */
export interface EventInput {
  name: string;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM, or null. */
  start_time: string | null;
  end_time: string | null;
  description: string;
  /** The commune's name… */
  city: string;
  /** …and its code (from the autocomplete). */
  city_code: string;
  /** Private street address: only the client and the providers who accepted see it. */
  address: string;
  guests: number | null;
  budget_cents: number | null;
  /** At least one. */
  needs: string[];
}

/** An event as the API shows it (absent optional fields are left out). */
export interface EstradeEvent {
  id: string;
  client_id: string;
  name: string;
  date: string;
  start_time?: string | null;
  end_time?: string | null;
  description: string;
  city: string;
  city_code?: string | null;
  /** Absent for an invited provider until it accepted (or is booked). */
  address?: string;
  guests?: number | null;
  budget_cents?: number | null;
  needs: string[];
  status: EventStatus;
  /** Need → the provider booked for it (the client's view only). */
  bookings?: Record<string, string>;
  created_at: number;
  updated_at: number;
}

/** What a request shows of its event (not the description, nor the address). */
export interface EventSummary {
  name: string;
  date: string;
  start_time?: string | null;
  end_time?: string | null;
  city: string;
  city_code?: string | null;
  guests?: number | null;
  budget_cents?: number | null;
}

/** `expired` is how a pending request past `expires_at` (or a quote past `valid_until`) reads. */
export type RequestState = 'pending' | 'accepted' | 'quoted' | 'declined' | 'booked' | 'closed' | 'expired';

export interface ProviderRequest {
  event_id: string;
  provider_id: string;
  client_id: string;
  need: string;
  message: string;
  state: RequestState;
  /** Epoch seconds. */
  created_at: number;
  /** The provider answers before this instant (epoch seconds). */
  expires_at: number;
  answered_at?: number | null;
  /** Decline reason. */
  reason?: string | null;
  price_cents?: number | null;
  included?: string | null;
  /** The last day the quote holds (YYYY-MM-DD). */
  valid_until?: string | null;
  booked_at?: number | null;
  /** The project a booked request opened (`/projets/{project_id}`). */
  project_id?: string | null;
  closed_at?: number | null;
  event: EventSummary;
  client_name: string;
  /** The provider's stage name. */
  provider_name: string;
}

/** `GET /api/events/{id}`: the client gets every request, an invited provider its own. */
export type EventView =
  | { event: EstradeEvent; requests: ProviderRequest[]; request?: undefined }
  | { event: EstradeEvent; request: ProviderRequest; requests?: undefined };

export type InboxFilter = 'pending' | 'answered' | 'expired' | 'closed';

export type RequestAnswer =
  | { action: 'accept' }
  | { action: 'decline'; reason?: string }
  | { action: 'quote'; price_cents: number; included: string; valid_until: string };

const eventPath = (id: string) => `/api/events/${encodeURIComponent(id)}`;

/** Which of my events: from today on (soonest first), or before today (latest first). */
export type EventsWhen = 'upcoming' | 'past';

/** My upcoming or past events, 20 a page. */
export function listEvents(
  when: EventsWhen,
  cursor?: string | null,
): Promise<{ events: EstradeEvent[]; next_cursor: string | null }> {
  return request('GET', withQuery('/api/events', { when, cursor: cursor ?? undefined }), { auth: true });
}

export function getEvent(id: string): Promise<EventView> {
  return request('GET', eventPath(id), { auth: true });
}

export function createEvent(input: EventInput): Promise<{ event: EstradeEvent }> {
  return request('POST', '/api/events', { body: input, auth: true });
}

export function updateEvent(id: string, input: EventInput): Promise<{ event: EstradeEvent }> {
  return request('PUT', eventPath(id), { body: input, auth: true });
}

/** Closes its open and booked requests (`closed`: how many). */
export function cancelEvent(id: string): Promise<{ event: EstradeEvent; closed: number }> {
  return request('POST', `${eventPath(id)}/cancel`, { auth: true });
}

export function inviteProvider(
  eventId: string,
  input: { provider_id: string; need: string; message: string },
): Promise<{ request: ProviderRequest }> {
  return request('POST', `${eventPath(eventId)}/requests`, { body: input, auth: true });
}

export function answerRequest(eventId: string, providerId: string, answer: RequestAnswer): Promise<{ request: ProviderRequest }> {
  return request('POST', `${eventPath(eventId)}/requests/${encodeURIComponent(providerId)}/answer`, {
    body: answer,
    auth: true,
  });
}

/** Books an acceptance or a quote; `closed`: the providers whose open requests for that need were closed. */
export function bookProvider(eventId: string, providerId: string): Promise<{ request: ProviderRequest; closed: string[] }> {
  return request('POST', `${eventPath(eventId)}/requests/${encodeURIComponent(providerId)}/book`, { auth: true });
}

/** A provider's requests in one state, newest first. */
export function listRequests(state: InboxFilter, cursor?: string | null): Promise<{ requests: ProviderRequest[]; next_cursor: string | null }> {
  return request('GET', withQuery('/api/requests', { state, cursor: cursor ?? undefined }), { auth: true });
}
