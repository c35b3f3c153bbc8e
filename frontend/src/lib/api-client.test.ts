import { describe, expect, it, vi } from 'vitest';
import * as auth from '../features/auth/api';
import * as discovery from '../features/discovery/api';
import * as profiles from '../features/profiles/api';
import { authHeader, calls, json, mockFetch, resetBetweenTests, user } from '../testing/fetchMock';
import * as api from './api-client';

resetBetweenTests();

describe('errors', () => {
  it('turns the API error body into an ApiError', async () => {
    mockFetch(() => json(409, { error: { code: 'email_taken', message: 'Email already used' } }));
    const error = await auth
      .signup({ email: 'a@example.com', password: '0123456789', role: 'client', name: 'A' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(api.ApiError);
    expect(error).toMatchObject({ status: 409, code: 'email_taken', message: 'Email already used' });
  });

  it('keeps a generic code when the body is not the API shape', async () => {
    mockFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(discovery.listProviders()).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('reports a network failure with its own code', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(discovery.listProviders()).rejects.toMatchObject({ status: 0, code: api.NETWORK_ERROR });
  });

  it('answers nothing for 202 and 204', async () => {
    mockFetch(() => new Response(null, { status: 202 }));
    await expect(auth.requestPasswordReset('a@example.com')).resolves.toBeUndefined();
  });
});

describe('session', () => {
  it('sends the access token after login and notifies listeners', async () => {
    const seen: (api.User | null)[] = [];
    api.onSessionChange((u) => seen.push(u));
    mockFetch((path) =>
      path === '/api/auth/login'
        ? json(200, { access_token: 'T1', expires_in: 900, user })
        : json(200, { user }),
    );
    await auth.login('a@example.com', 'secret-password');
    await auth.getMe();
    expect(authHeader(calls[1]!.init)).toBe('Bearer T1');
    expect(seen).toEqual([user]);
  });

  it('refreshes once on a 401 and retries the request with the new token', async () => {
    let token = 'old';
    mockFetch((path, init) => {
      if (path === '/api/auth/login') return json(200, { access_token: token, expires_in: 900, user });
      if (path === '/api/auth/refresh') {
        token = 'new';
        return json(200, { access_token: token, expires_in: 900, user });
      }
      return authHeader(init) === 'Bearer new'
        ? json(200, { profile: { id: 'u1' } })
        : json(401, { error: { code: 'unauthorized', message: 'expired' } });
    });
    await auth.login('a@example.com', 'secret-password');
    const answer = await profiles.getMyProfile();
    expect(answer.profile.id).toBe('u1');
    expect(calls.map((c) => c.path)).toEqual([
      '/api/auth/login',
      '/api/me/profile',
      '/api/auth/refresh',
      '/api/me/profile',
    ]);
  });

  it('does not loop when the retried request is still refused', async () => {
    mockFetch((path) =>
      path === '/api/auth/refresh'
        ? json(200, { access_token: 'T', expires_in: 900, user })
        : json(401, { error: { code: 'unauthorized', message: 'no' } }),
    );
    await expect(auth.getMe()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(calls).toHaveLength(3);
  });

  it('gives the original 401 and ends the session when the refresh fails', async () => {
    const seen: (api.User | null)[] = [];
    api.onSessionChange((u) => seen.push(u));
    mockFetch((path) =>
      path === '/api/auth/refresh'
        ? json(401, { error: { code: 'invalid_refresh', message: 'gone' } })
        : json(401, { error: { code: 'unauthorized', message: 'no' } }),
    );
    await expect(auth.getMe()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(seen).toEqual([null]);
    expect(api.hasAccessToken()).toBe(false);
  });

  it('shares one refresh between concurrent callers', async () => {
    let refreshes = 0;
    mockFetch(async () => {
      refreshes += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return json(200, { access_token: `T${refreshes}`, expires_in: 900, user });
    });
    const [a, b] = await Promise.all([api.refresh(), api.refresh()]);
    expect(refreshes).toBe(1);
    expect(a.access_token).toBe(b.access_token);
  });

  it('clears the token on logout even if the call fails', async () => {
    mockFetch((path) =>
      path === '/api/auth/login'
        ? json(200, { access_token: 'T1', expires_in: 900, user })
        : new Response('oops', { status: 500 }),
    );
    await auth.login('a@example.com', 'secret-password');
    await expect(auth.logout()).rejects.toBeInstanceOf(api.ApiError);
    expect(api.hasAccessToken()).toBe(false);
  });
});

describe('requests', () => {
  it('sends JSON bodies with a content type and encodes path and query parts', async () => {
    mockFetch(() => json(200, { providers: [], next_cursor: null }));
    await discovery.listProviders('a b&c');
    expect(calls[0]!.path).toBe('/api/providers?cursor=a%20b%26c');
    mockFetch(() => json(200, { profile: {} }));
    await profiles.getProvider('x/y');
    expect(calls[1]!.path).toBe('/api/providers/x%2Fy');
    mockFetch(() => json(201, { user }));
    await auth.signup({ email: 'a@example.com', password: '0123456789', role: 'provider', name: 'A' });
    const headers = calls[2]!.init.headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/json');
  });
});
