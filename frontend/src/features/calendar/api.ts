/** Calendar bookings: availability, booking a service, answers, cancellations, the provider's month, rules, feed and imported calendars (docs/API.md, docs/CALENDAR.md). */
import { request, withQuery } from '../../lib/api-client';
import type { BookingKind } from '../profiles/api';

export type { BookingKind };

/** `expired`: a hold past `hold_until` that the provider never answered. */
export type BookingState = 'held' | 'confirmed' | 'declined' | 'cancelled' | 'expired';

export const BOOKING_STATES: readonly BookingState[] = ['held', 'confirmed', 'declined', 'cancelled', 'expired'];

/** A booking as both its client and its provider see it. Instants are epoch seconds. */
export interface Booking {
  id: string;
  client_id: string;
  provider_id: string;
  client_name: string;
  provider_name: string;
  service: string;
  price_cents: number;
  kind: BookingKind;
  /** YYYY-MM-DD, in France. */
  date: string;
  /** HH:MM, a session's wall-clock start and end (none for a whole day). */
  start?: string;
  end?: string;
  starts_at: number;
  ends_at: number;
  message: string;
  state: BookingState;
  /** A hold frees itself at this instant unless the provider answers. */
  hold_until?: number;
  created_at: number;
  answered_at?: number;
  cancelled_at?: number;
  cancelled_by?: 'client' | 'provider';
  /** The decline's or the cancellation's reason. */
  reason?: string;
  /** The project a confirmed booking opened (`/projets/{project_id}`). */
  project_id?: string;
}

/** One day of a month of availability for a service. */
export interface FreeDay {
  date: string;
  free: boolean;
  /** A session's free start times (HH:MM); absent for a whole-day service. */
  starts?: string[];
}

export interface Availability {
  month: string;
  days: FreeDay[];
}

/** Working hours of a weekday (HH:MM on quarters of an hour). */
export interface Hours {
  start: string;
  end: string;
}

/** Days off from `from` to `to` (YYYY-MM-DD, inclusive). */
export interface BlockedRange {
  from: string;
  to: string;
  note: string;
}

/** A provider's availability rules. */
export interface Rules {
  /** Monday first; null: a day off. */
  week: (Hours | null)[];
  blocked: BlockedRange[];
  notice_days: number;
  horizon_days: number;
  step_minutes: number;
  hold_hours: number;
}

/** One of the provider's other calendars (a secret iCal address), read again every 15 minutes. */
export interface CalendarImport {
  id: string;
  url: string;
  added_at: number;
  /** The last sync's instant (epoch seconds), failed or not; null before the first one. */
  last_sync_at: number | null;
  /** Why the last sync failed (or which events it skipped), in the server's words; null when it went well. */
  last_error: string | null;
  /** The days it blocks (whole or some of their times), YYYY-MM-DD, within the provider's horizon. */
  busy_days: string[];
}

export interface ProviderMonth {
  rules: Rules;
  bookings: Booking[];
  /** Days taken whole by an event request's booking. */
  event_days: string[];
  /** Its imported calendars (every month lists them all). */
  imports: CalendarImport[];
}

export interface NewBooking {
  provider_id: string;
  service: string;
  date: string;
  /** HH:MM, a session only. */
  start?: string;
  message?: string;
}

export type BookingAnswer = { action: 'confirm' } | { action: 'decline'; reason?: string };

const bookingPath = (id: string) => `/api/bookings/${encodeURIComponent(id)}`;

/** Public: a month (YYYY-MM) of a provider's availability for one of its services. */
export function getAvailability(providerId: string, service: string, month: string): Promise<Availability> {
  return request('GET', withQuery(`/api/providers/${encodeURIComponent(providerId)}/availability`, { service, month }));
}

/**
 * Public: a month (YYYY-MM) of whole days, without a service: `free` is a working day of the
 * provider that nothing holds (no booking, hold, session or event booking), whatever its notice
 * and horizon. The invitation form of an event warns with it.
 */
export function getFreeDays(providerId: string, month: string): Promise<Availability> {
  return request('GET', withQuery(`/api/providers/${encodeURIComponent(providerId)}/availability`, { month }));
}

/** A client books a service: `held` until the provider answers, or `confirmed` for an instant service. */
export function bookService(input: NewBooking): Promise<{ booking: Booking }> {
  return request('POST', '/api/bookings', { body: input, auth: true });
}

export function getBooking(id: string): Promise<{ booking: Booking }> {
  return request('GET', bookingPath(id), { auth: true });
}

/** The provider confirms or declines a held booking. */
export function answerBooking(id: string, answer: BookingAnswer): Promise<{ booking: Booking }> {
  return request('POST', `${bookingPath(id)}/answer`, { body: answer, auth: true });
}

/** Either side cancels a held or confirmed booking, with a reason (1 to 1000 characters). */
export function cancelBooking(id: string, reason: string): Promise<{ booking: Booking }> {
  return request('POST', `${bookingPath(id)}/cancel`, { body: { reason }, auth: true });
}

/** The client's bookings, by day. */
export function listMyBookings(): Promise<{ bookings: Booking[] }> {
  return request('GET', '/api/me/bookings', { auth: true });
}

/** The provider's month (YYYY-MM): its rules, bookings in every state and event days. */
export function getMyCalendar(month: string): Promise<ProviderMonth> {
  return request('GET', withQuery('/api/me/calendar', { month }), { auth: true });
}

export function saveRules(rules: Rules): Promise<{ rules: Rules }> {
  return request('PUT', '/api/me/calendar/rules', { body: rules, auth: true });
}

/** A new secret iCal address of the provider's bookings (the previous one stops working). */
export function renewFeed(): Promise<{ url: string }> {
  return request('POST', '/api/me/calendar/feed', { auth: true });
}

/** Imports another calendar of the provider by its secret iCal address (https; 5 at most). */
export function addImport(url: string): Promise<{ import: CalendarImport }> {
  return request('POST', '/api/me/calendar/imports', { body: { url }, auth: true });
}

/** Removes an imported calendar: the days and times it blocked are freed. */
export function removeImport(id: string): Promise<void> {
  return request('DELETE', `/api/me/calendar/imports/${encodeURIComponent(id)}`, { auth: true });
}
