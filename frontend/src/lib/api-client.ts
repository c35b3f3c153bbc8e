/**
 * The HTTP client of the API (contract: docs/API.md): the one module that calls `fetch`.
 * Each feature's endpoints and shapes live in its own `features/<name>/api.ts`, built on
 * {@link request}.
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

/** Starts (login, refresh) or ends (`null`: logout, expiry) the session held in memory. */
export function setSession(session: Session | null): void {
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
  /** Read the body of a 202 answer too (by default 202, like 204, gives nothing). */
  readAccepted?: boolean;
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

/**
 * Sends `method path` (with `body` as JSON) and gives the answer's JSON body (nothing for 204,
 * nor for 202 unless `readAccepted`); a non-2xx answer or a network failure rejects with an {@link ApiError}.
 */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
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
  if (response.status === 204 || (response.status === 202 && !options.readAccepted)) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** `path` with the query parameters that have a value (encoded), e.g. `/api/search?q=jazz`. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
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

const onceCaches = new Set<{ clear(): void }>();

/**
 * A call that reaches the server once per key (the token of an emailed link, which a page
 * may ask twice): later callers with the same key share the first answer.
 */
export function oncePerKey<T>(call: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const pending = new Map<string, Promise<T>>();
  onceCaches.add(pending);
  return (key) => {
    let answer = pending.get(key);
    if (!answer) {
      answer = call(key);
      pending.set(key, answer);
    }
    return answer;
  };
}

/** For tests: forget the in-memory session (and the calls made once per key). */
export function resetForTests(): void {
  accessToken = null;
  refreshInFlight = null;
  for (const cache of onceCaches) cache.clear();
  sessionListeners.clear();
}
