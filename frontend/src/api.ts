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

/** Starts (or finds) the caller's conversation with a provider. */
export function startConversation(input: {
  provider_id: string;
  about?: ConversationAbout;
}): Promise<{ conversation: { id: string } }> {
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

/** For tests: forget the in-memory session. */
export function resetForTests(): void {
  accessToken = null;
  refreshInFlight = null;
  verifications.clear();
  unsubscriptions.clear();
  sessionListeners.clear();
}
