/**
 * For the API tests (not shipped: only test files import it): a stand-in for `fetch`
 * that records the requests and answers with a handler, and a clean session per test.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { resetForTests, type User } from '../lib/api-client';

type Handler = (path: string, init: RequestInit) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export const user: User = {
  id: 'u1',
  email: 'a@example.com',
  role: 'provider',
  name: 'Anna',
  email_verified: true,
};

/** The requests `fetch` received in the current test, in order. */
export const calls: { path: string; init: RequestInit }[] = [];

export function mockFetch(handler: Handler): void {
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    calls.push({ path, init });
    return handler(path, init);
  });
}

export function authHeader(init: RequestInit): string | undefined {
  return (init.headers as Record<string, string>).Authorization;
}

/** Each test of the file starts with no request recorded and no session; `fetch` is restored after it. */
export function resetBetweenTests(): void {
  beforeEach(() => {
    calls.length = 0;
    resetForTests();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });
}
