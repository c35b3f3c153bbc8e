/**
 * The HTTP API client (contract: docs/API.md).
 *
 * The access token lives in memory only; the refresh token is an HttpOnly cookie
 * (`estrade_refresh`, Path=/api/auth) that the browser sends on its own. A request
 * answered 401 is retried once after a refresh.
 */

export type Role = 'client' | 'provider' | 'admin';

export interface User {
  id: string;
  email: string;
  role: Role;
  name: string;
  email_verified: boolean;
}

export interface Session {
  access_token: string;
  expires_in: number;
  user: User;
}

export interface Member {
  name: string;
  role: string;
}

export interface Offer {
  venue_kinds: string;
  duration: string;
}

export interface Service {
  name: string;
  description: string;
  price_cents: number;
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

export interface ProviderPage {
  providers: ProviderProfile[];
  next_cursor: string | null;
}

/** An error answered by the API (`{"error": {"code", "message"}}`) or met on the way. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Code of an {@link ApiError} when the server could not be reached. */
export const NETWORK_ERROR = 'network_error';

let accessToken: string | null = null;
let refreshInFlight: Promise<Session> | null = null;
const sessionListeners = new Set<(user: User | null) => void>();

/** Called whenever the session changes (login, refresh, logout, expiry). */
export function onSessionChange(listener: (user: User | null) => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

function setSession(session: Session | null): void {
  accessToken = session?.access_token ?? null;
  for (const listener of sessionListeners) listener(session?.user ?? null);
}

export function hasAccessToken(): boolean {
  return accessToken !== null;
}

/** Turns a non-2xx response into an {@link ApiError}, whatever its body. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = response.statusText || `HTTP ${response.status}`;
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'error' in body) {
      const error: unknown = body.error;
      if (typeof error === 'object' && error !== null) {
        if ('code' in error && typeof error.code === 'string') code = error.code;
        if ('message' in error && typeof error.message === 'string') message = error.message;
      }
    }
  } catch {
    // Not JSON (a proxy's error page, an empty body): keep the generic code.
  }
  return new ApiError(response.status, code, message);
}

interface RequestOptions {
  body?: unknown;
  /** Send the access token and refresh it once on a 401. */
  auth?: boolean;
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.auth && accessToken) headers.Authorization = `Bearer ${accessToken}`;
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  try {
    return await fetch(path, init);
  } catch (cause) {
    const error = new ApiError(0, NETWORK_ERROR, cause instanceof Error ? cause.message : 'Network error');
    throw error;
  }
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, options);
  if (response.status === 401 && options.auth) {
    try {
      await refresh();
    } catch {
      throw await errorFromResponse(response);
    }
    response = await send(method, path, options);
  }
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204 || response.status === 202) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one
 * request, since the server rotates the cookie on each refresh.
 */
export function refresh(): Promise<Session> {
  refreshInFlight ??= request<Session>('POST', '/api/auth/refresh')
    .then(
      (session) => {
        setSession(session);
        return session;
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) setSession(null);
        throw error;
      },
    )
    .finally(() => {
      refreshInFlight = null;
    });
  return refreshInFlight;
}

export async function login(email: string, password: string): Promise<Session> {
  const session = await request<Session>('POST', '/api/auth/login', { body: { email, password } });
  setSession(session);
  return session;
}

export async function logout(): Promise<void> {
  try {
    await request<void>('POST', '/api/auth/logout');
  } finally {
    setSession(null);
  }
}

export function signup(input: {
  email: string;
  password: string;
  role: 'client' | 'provider';
  name: string;
  /** Language of the emails sent to the account ("fr" or "en"). */
  lang?: string;
}): Promise<{ user: User }> {
  return request('POST', '/api/auth/signup', { body: input });
}

const verifications = new Map<string, Promise<{ user: User }>>();

/** Verifies an email token. A token is sent once, even if a page asks twice. */
export function verifyEmail(token: string): Promise<{ user: User }> {
  let pending = verifications.get(token);
  if (!pending) {
    pending = request<{ user: User }>('POST', '/api/auth/verify-email', { body: { token } });
    verifications.set(token, pending);
  }
  return pending;
}

/** Mails a new verification link if the account exists and is unverified (always 202). */
export function resendVerification(email: string): Promise<void> {
  return request('POST', '/api/auth/verify-email/resend', { body: { email } });
}

export function requestPasswordReset(email: string): Promise<void> {
  return request('POST', '/api/auth/password-reset', { body: { email } });
}

export function confirmPasswordReset(token: string, password: string): Promise<void> {
  return request('POST', '/api/auth/password-reset/confirm', { body: { token, password } });
}

export function getMe(): Promise<{ user: User }> {
  return request('GET', '/api/me', { auth: true });
}

export function getMyProfile(): Promise<{ profile: Profile }> {
  return request('GET', '/api/me/profile', { auth: true });
}

export function updateMyProfile(
  input: ProviderProfileInput | ClientProfileInput,
): Promise<{ profile: Profile }> {
  return request('PUT', '/api/me/profile', { body: input, auth: true });
}

export function listProviders(cursor?: string): Promise<ProviderPage> {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
  return request('GET', `/api/providers${query}`);
}

export function getProvider(id: string): Promise<{ profile: ProviderProfile }> {
  return request('GET', `/api/providers/${encodeURIComponent(id)}`);
}

// ---- Messaging (contract: ../docs/MESSAGING.md) ----

export interface ConversationAbout {
  kind: 'provider' | 'request' | 'event';
  id: string;
  title: string;
}

/** The caller's inbox row of a conversation. */
export interface ConversationRow {
  id: string;
  other: { id: string; name: string };
  unread: number;
  archived: boolean;
  /** Creation time until the first message. */
  last_at_ms: number;
  /** The first 200 characters of the last message; null before the first one. */
  last_text: string | null;
  last_sender_id: string | null;
  about?: ConversationAbout | null;
}

export interface ChatMessage {
  id: string;
  conversation_id: string;
  sender_id: string;
  text: string;
  at_ms: number;
}

export interface ConversationPage {
  conversations: ConversationRow[];
  next_cursor: string | null;
}

export interface MessagePage {
  /** Oldest to newest; the first page holds the newest messages. */
  messages: ChatMessage[];
  next_cursor: string | null;
}

/** Longest message the API accepts (characters, after trimming). */
export const MESSAGE_MAX = 4000;

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

const conversationPath = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

/**
 * Starts (or finds) a conversation: a client with a provider (`provider_id`), or a
 * provider with a client who contacted or invited it (`client_id`).
 */
export function startConversation(
  input: ({ provider_id: string } | { client_id: string }) & { about?: ConversationAbout },
): Promise<{ conversation: { id: string } }> {
  return request('POST', '/api/conversations', { body: input, auth: true });
}

export function listConversations(options: { archived?: boolean; cursor?: string | null } = {}): Promise<ConversationPage> {
  const path = withQuery('/api/conversations', {
    archived: options.archived ? 'true' : undefined,
    cursor: options.cursor ?? undefined,
  });
  return request('GET', path, { auth: true });
}

export function getConversation(id: string): Promise<{ conversation: ConversationRow }> {
  return request('GET', conversationPath(id), { auth: true });
}

export function listMessages(id: string, cursor?: string | null): Promise<MessagePage> {
  return request('GET', withQuery(`${conversationPath(id)}/messages`, { cursor: cursor ?? undefined }), { auth: true });
}

export function sendMessage(id: string, text: string): Promise<{ message: ChatMessage }> {
  return request('POST', `${conversationPath(id)}/messages`, { body: { text }, auth: true });
}

export function markConversationRead(id: string): Promise<{ unread_total: number }> {
  return request('POST', `${conversationPath(id)}/read`, { auth: true });
}

export function archiveConversation(id: string, archived: boolean): Promise<{ conversation: ConversationRow }> {
  return request('POST', `${conversationPath(id)}/archive`, { body: { archived }, auth: true });
}

export function getUnread(): Promise<{ unread_total: number }> {
  return request('GET', '/api/me/unread', { auth: true });
}

/** A 60-second ticket for the WebSocket URL (`?ticket=`). */
export function wsTicket(): Promise<{ ticket: string; expires_in: number }> {
  return request('POST', '/api/ws/ticket', { auth: true });
}

const unsubscriptions = new Map<string, Promise<void>>();

/** Turns off message emails with the signed token of an email link (no login; sent once). */
export function unsubscribeEmail(token: string): Promise<void> {
  let pending = unsubscriptions.get(token);
  if (!pending) {
    pending = request<unknown>('POST', '/api/email/unsubscribe', { body: { token } }).then(() => undefined);
    unsubscriptions.set(token, pending);
  }
  return pending;
}

// ---- Discovery, events and requests (contract: ../docs/DISCOVERY.md) ----

/** A French commune offered by the city autocomplete (`GET /api/places?q=`). */
export interface Place {
  /** INSEE commune code, e.g. "42218". */
  code: string;
  name: string;
  department_code: string;
  region_code: string;
  /** The region's name. */
  region?: string | null;
  population?: number;
}

/** Why a search result was found: its city, its region, all of France, or no place asked. */
export type SearchMatch = 'city' | 'region' | 'france' | 'any';

/** A search result card (the search index entry, docs/DISCOVERY.md). */
export interface SearchResult {
  id: string;
  stage_name: string;
  kind: string;
  city: string;
  city_code?: string | null;
  all_france: boolean;
  region_codes: string[];
  price_text: string;
  match?: SearchMatch;
}

export interface SearchPage {
  results: SearchResult[];
  next_cursor: string | null;
  /** The commune searched near, if any. */
  place?: Place | null;
}

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

export function searchPlaces(q: string): Promise<{ places: Place[] }> {
  return request('GET', withQuery('/api/places', { q }));
}

export function search(options: { q?: string; place?: string; cursor?: string | null }): Promise<SearchPage> {
  return request(
    'GET',
    withQuery('/api/search', { q: options.q, place: options.place, cursor: options.cursor ?? undefined }),
  );
}

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

/** For tests: forget the in-memory session. */
export function resetForTests(): void {
  accessToken = null;
  refreshInFlight = null;
  verifications.clear();
  unsubscriptions.clear();
  sessionListeners.clear();
}
