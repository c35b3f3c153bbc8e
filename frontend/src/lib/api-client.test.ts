import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from './api-client';

type Handler = (path: string, init: RequestInit) => Response | Promise<Response>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

const user: api.User = {
  id: 'u1',
  email: 'a@example.com',
  role: 'provider',
  name: 'Anna',
  email_verified: true,
};

let calls: { path: string; init: RequestInit }[];

function mockFetch(handler: Handler): void {
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    calls.push({ path, init });
    return handler(path, init);
  });
}

function authHeader(init: RequestInit): string | undefined {
  return (init.headers as Record<string, string>).Authorization;
}

beforeEach(() => {
  calls = [];
  api.resetForTests();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('errors', () => {
  it('turns the API error body into an ApiError', async () => {
    mockFetch(() => json(409, { error: { code: 'email_taken', message: 'Email already used' } }));
    const error = await api
      .signup({ email: 'a@example.com', password: '0123456789', role: 'client', name: 'A' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(api.ApiError);
    expect(error).toMatchObject({ status: 409, code: 'email_taken', message: 'Email already used' });
  });

  it('keeps a generic code when the body is not the API shape', async () => {
    mockFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(api.listProviders()).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('reports a network failure with its own code', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.listProviders()).rejects.toMatchObject({ status: 0, code: api.NETWORK_ERROR });
  });

  it('answers nothing for 202 and 204', async () => {
    mockFetch(() => new Response(null, { status: 202 }));
    await expect(api.requestPasswordReset('a@example.com')).resolves.toBeUndefined();
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
    await api.login('a@example.com', 'secret-password');
    await api.getMe();
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
    await api.login('a@example.com', 'secret-password');
    const answer = await api.getMyProfile();
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
    await expect(api.getMe()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
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
    await expect(api.getMe()).rejects.toMatchObject({ code: 'unauthorized' });
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
    await api.login('a@example.com', 'secret-password');
    await expect(api.logout()).rejects.toBeInstanceOf(api.ApiError);
    expect(api.hasAccessToken()).toBe(false);
  });
});

describe('verifyEmail', () => {
  it('posts a token only once even when asked twice', async () => {
    mockFetch(() => json(200, { user }));
    await Promise.all([api.verifyEmail('tok'), api.verifyEmail('tok')]);
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ token: 'tok' });
  });
});

describe('requests', () => {
  it('sends JSON bodies with a content type and encodes path and query parts', async () => {
    mockFetch(() => json(200, { providers: [], next_cursor: null }));
    await api.listProviders('a b&c');
    expect(calls[0]!.path).toBe('/api/providers?cursor=a%20b%26c');
    mockFetch(() => json(200, { profile: {} }));
    await api.getProvider('x/y');
    expect(calls[1]!.path).toBe('/api/providers/x%2Fy');
    mockFetch(() => json(201, { user }));
    await api.signup({ email: 'a@example.com', password: '0123456789', role: 'provider', name: 'A' });
    const headers = calls[2]!.init.headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/json');
  });
});

describe('messaging requests', () => {
  it('builds the paths and bodies of docs/MESSAGING.md', async () => {
    mockFetch(() => json(200, { conversations: [], next_cursor: null, messages: [], unread_total: 0, conversation: { id: 'c.p' } }));
    await api.listConversations();
    await api.listConversations({ archived: true, cursor: 'x y' });
    await api.getConversation('c1.p1');
    await api.listMessages('c1.p1', 'k/1');
    await api.sendMessage('c1.p1', 'Bonjour');
    await api.markConversationRead('c1.p1');
    await api.archiveConversation('c1.p1', true);
    await api.startConversation({ provider_id: 'p1', about: { kind: 'provider', id: 'p1', title: 'Trio' } });
    expect(calls.map((c) => `${c.init.method} ${c.path}`)).toEqual([
      'GET /api/conversations',
      'GET /api/conversations?archived=true&cursor=x+y',
      'GET /api/conversations/c1.p1',
      'GET /api/conversations/c1.p1/messages?cursor=k%2F1',
      'POST /api/conversations/c1.p1/messages',
      'POST /api/conversations/c1.p1/read',
      'POST /api/conversations/c1.p1/archive',
      'POST /api/conversations',
    ]);
    expect(JSON.parse(calls[4]!.init.body as string)).toEqual({ text: 'Bonjour' });
    expect(JSON.parse(calls[6]!.init.body as string)).toEqual({ archived: true });
    expect(JSON.parse(calls[7]!.init.body as string)).toEqual({
      provider_id: 'p1',
      about: { kind: 'provider', id: 'p1', title: 'Trio' },
    });
  });

  it('posts an unsubscribe token once, without login', async () => {
    mockFetch(() => json(200, {}));
    await Promise.all([api.unsubscribeEmail('tok'), api.unsubscribeEmail('tok')]);
    expect(calls).toHaveLength(1);
    expect(authHeader(calls[0]!.init)).toBeUndefined();
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ token: 'tok' });
  });
});

describe('discovery, events and requests', () => {
  it('searches and completes places without login, with encoded queries', async () => {
    mockFetch(() => json(200, { results: [], next_cursor: null, places: [] }));
    await api.search({ q: 'jazz manouche', place: '42218' });
    await api.search({ q: '', place: '', cursor: 'abc' });
    await api.searchPlaces('saint é');
    expect(calls.map((c) => c.path)).toEqual([
      '/api/search?q=jazz+manouche&place=42218',
      '/api/search?cursor=abc',
      '/api/places?q=saint+%C3%A9',
    ]);
    expect(calls.every((c) => authHeader(c.init) === undefined)).toBe(true);
  });

  it('calls the event and request routes of docs/DISCOVERY.md', async () => {
    mockFetch(() => json(200, {}));
    const input: api.EventInput = {
      name: 'Fête',
      date: '2030-06-12',
      start_time: null,
      end_time: null,
      description: '',
      city: 'Lyon',
      city_code: '69123',
      address: '',
      guests: null,
      budget_cents: 100000,
      needs: ['musique'],
    };
    await api.listEvents('upcoming');
    await api.listEvents('past', 'n/1');
    await api.createEvent(input);
    await api.getEvent('e 1');
    await api.updateEvent('e1', input);
    await api.cancelEvent('e1');
    await api.inviteProvider('e1', { provider_id: 'p1', need: 'musique', message: 'Bonjour' });
    await api.answerRequest('e1', 'p1', { action: 'quote', price_cents: 65000, included: 'Sono', valid_until: '2030-06-01' });
    await api.bookProvider('e1', 'p1');
    await api.listRequests('answered');
    await api.listRequests('pending', 'c');
    expect(calls.map((c) => `${c.init.method} ${c.path}`)).toEqual([
      'GET /api/events?when=upcoming',
      'GET /api/events?when=past&cursor=n%2F1',
      'POST /api/events',
      'GET /api/events/e%201',
      'PUT /api/events/e1',
      'POST /api/events/e1/cancel',
      'POST /api/events/e1/requests',
      'POST /api/events/e1/requests/p1/answer',
      'POST /api/events/e1/requests/p1/book',
      'GET /api/requests?state=answered',
      'GET /api/requests?state=pending&cursor=c',
    ]);
    expect(JSON.parse(calls[2]!.init.body as string)).toEqual(input);
    expect(JSON.parse(calls[6]!.init.body as string)).toEqual({ provider_id: 'p1', need: 'musique', message: 'Bonjour' });
    expect(JSON.parse(calls[7]!.init.body as string)).toEqual({
      action: 'quote',
      price_cents: 65000,
      included: 'Sono',
      valid_until: '2030-06-01',
    });
  });
});
