import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKOFF_CAP_MS, backoffDelay, LiveClient, parseLiveEvent, socketUrl, type LiveEvent, type LiveStatus, type SocketLike } from './live';

describe('backoffDelay', () => {
  it('doubles from 1 s with its upper half random, capped at 30 s', () => {
    const low = (n: number) => backoffDelay(n, () => 0);
    const high = (n: number) => backoffDelay(n, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6, 10, 50].map(low)).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000, 15000]);
    expect([0, 1, 2, 3, 4, 5, 6, 10, 50].map(high)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });

  it('never waits 0 nor more than the cap', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const delay = backoffDelay(attempt);
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    }
    expect(backoffDelay(-3, () => 0.5)).toBe(750);
  });
});

describe('socketUrl', () => {
  it('defaults to same-origin /ws with the matching scheme', () => {
    expect(socketUrl('', 'a b', { protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/ws?ticket=a%20b');
    expect(socketUrl('', 't', { protocol: 'https:', host: 'estrade.fr' })).toBe('wss://estrade.fr/ws?ticket=t');
  });
  it('uses the configured base, keeping its query', () => {
    const here = { protocol: 'https:', host: 'estrade.fr' };
    expect(socketUrl('wss://abc.execute-api.eu-west-3.amazonaws.com/prod', 't', here)).toBe(
      'wss://abc.execute-api.eu-west-3.amazonaws.com/prod?ticket=t',
    );
    expect(socketUrl('wss://x.test/ws?v=1', 't', here)).toBe('wss://x.test/ws?v=1&ticket=t');
  });
});

describe('parseLiveEvent', () => {
  const message = { id: 'm1', conversation_id: 'c.p', sender_id: 'c', text: 'Bonjour', at_ms: 1 };
  it('reads message and unread events', () => {
    expect(parseLiveEvent(JSON.stringify({ type: 'message', message, unread_total: 3 }))).toEqual({
      type: 'message',
      message,
      unread_total: 3,
    });
    expect(parseLiveEvent(JSON.stringify({ type: 'message', message: { ...message, extra: 1 } }))).toEqual({ type: 'message', message });
    expect(parseLiveEvent('{"type":"unread","unread_total":0}')).toEqual({ type: 'unread', unread_total: 0 });
  });
  it('reads request events (docs/DISCOVERY.md, "Notifications")', () => {
    expect(parseLiveEvent('{"type":"request","event_id":"e1","provider_id":"p1","state":"quoted","extra":1}')).toEqual({
      type: 'request',
      event_id: 'e1',
      provider_id: 'p1',
      state: 'quoted',
    });
    expect(parseLiveEvent('{"type":"request","event_id":"e1","provider_id":"p1","state":"lost"}')).toBeNull();
    expect(parseLiveEvent('{"type":"request","event_id":1,"provider_id":"p1","state":"booked"}')).toBeNull();
  });
  it('reads booking events (a calendar booking made or changed)', () => {
    expect(parseLiveEvent('{"type":"booking","booking_id":"c1.2026-03-14.ab","state":"held","extra":1}')).toEqual({
      type: 'booking',
      booking_id: 'c1.2026-03-14.ab',
      state: 'held',
    });
    expect(parseLiveEvent('{"type":"booking","booking_id":"b1","state":"confirmed"}')).toEqual({ type: 'booking', booking_id: 'b1', state: 'confirmed' });
    expect(parseLiveEvent('{"type":"booking","booking_id":"b1","state":"pending"}')).toBeNull();
    expect(parseLiveEvent('{"type":"booking","booking_id":7,"state":"held"}')).toBeNull();
  });
  it('reads project events (opened, status, contract, pdf)', () => {
    expect(parseLiveEvent('{"type":"project","project_id":"p1","status":"confirmed","what":"opened","extra":1}')).toEqual({
      type: 'project',
      project_id: 'p1',
      status: 'confirmed',
      what: 'opened',
    });
    for (const what of ['status', 'contract', 'pdf']) {
      expect(parseLiveEvent(JSON.stringify({ type: 'project', project_id: 'p1', status: 'contract_signed', what }))).toEqual({
        type: 'project',
        project_id: 'p1',
        status: 'contract_signed',
        what,
      });
    }
    expect(parseLiveEvent('{"type":"project","project_id":"p1","status":"signed","what":"contract"}')).toBeNull();
    expect(parseLiveEvent('{"type":"project","project_id":"p1","status":"confirmed","what":"deleted"}')).toBeNull();
    expect(parseLiveEvent('{"type":"project","project_id":"p1","status":"confirmed"}')).toBeNull();
    expect(parseLiveEvent('{"type":"project","project_id":1,"status":"confirmed","what":"opened"}')).toBeNull();
  });
  it('reads gallery file checks (ready, failed)', () => {
    expect(parseLiveEvent('{"type":"gallery","gallery_id":"g1","file_id":"f1","status":"ready","extra":true}')).toEqual({
      type: 'gallery',
      gallery_id: 'g1',
      file_id: 'f1',
      status: 'ready',
    });
    expect(parseLiveEvent('{"type":"gallery","gallery_id":"g1","file_id":"f2","status":"failed"}')).toEqual({
      type: 'gallery',
      gallery_id: 'g1',
      file_id: 'f2',
      status: 'failed',
    });
    expect(parseLiveEvent('{"type":"gallery","gallery_id":"g1","file_id":"f1","status":"processing"}')).toBeNull();
    expect(parseLiveEvent('{"type":"gallery","gallery_id":"g1","status":"ready"}')).toBeNull();
    expect(parseLiveEvent('{"type":"gallery","gallery_id":1,"file_id":"f1","status":"ready"}')).toBeNull();
  });
  it('reads archive notices (building, ready, failed)', () => {
    for (const status of ['building', 'ready', 'failed']) {
      expect(parseLiveEvent(JSON.stringify({ type: 'archive', gallery_id: 'g1', archive_id: 'a1', status }))).toEqual({
        type: 'archive',
        gallery_id: 'g1',
        archive_id: 'a1',
        status,
      });
    }
    expect(parseLiveEvent('{"type":"archive","gallery_id":"g1","archive_id":"a1","status":"done"}')).toBeNull();
    expect(parseLiveEvent('{"type":"archive","gallery_id":"g1","status":"ready"}')).toBeNull();
    expect(parseLiveEvent('{"type":"archive","gallery_id":"g1","archive_id":null,"status":"ready"}')).toBeNull();
  });
  it('ignores anything else', () => {
    for (const data of [
      'not json',
      '42',
      'null',
      '{"type":"unread","unread_total":-1}',
      '{"type":"unread","unread_total":"3"}',
      '{"type":"message","message":{"id":"x"}}',
      '{"type":"other"}',
      new ArrayBuffer(2),
    ]) {
      expect(parseLiveEvent(data)).toBeNull();
    }
  });
});

class FakeSocket implements SocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  drop() {
    this.onerror?.({});
    this.onclose?.({});
  }
  receive(data: unknown) {
    this.onmessage?.({ data: JSON.stringify(data) });
  }
}

describe('LiveClient', () => {
  let sockets: FakeSocket[];
  let tickets: number;
  let ticketFails: boolean;
  let events: LiveEvent[];
  let syncs: number;
  let statuses: LiveStatus[];
  let client: LiveClient;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    tickets = 0;
    ticketFails = false;
    events = [];
    syncs = 0;
    statuses = [];
    client = new LiveClient({
      ticket: async () => {
        tickets += 1;
        if (ticketFails) throw new Error('offline');
        return `T${tickets}`;
      },
      url: (ticket) => `ws://test/ws?ticket=${ticket}`,
      onEvent: (event) => events.push(event),
      onSync: () => (syncs += 1),
      onStatus: (status) => statuses.push(status),
      openSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
      random: () => 0,
    });
  });

  afterEach(() => {
    client.stop();
    vi.useRealTimers();
  });

  const last = () => sockets[sockets.length - 1]!;

  it('opens with a ticket, syncs on open and passes events on', async () => {
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(last().url).toBe('ws://test/ws?ticket=T1');
    last().open();
    expect(client.state).toBe('live');
    expect(syncs).toBe(1);
    last().receive({ type: 'unread', unread_total: 2 });
    last().receive({ type: 'nonsense' });
    expect(events).toEqual([{ type: 'unread', unread_total: 2 }]);
  });

  it('reconnects with backoff and a fresh ticket each time', async () => {
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    last().open();
    await vi.advanceTimersByTimeAsync(10_000); // stable
    last().drop();
    expect(client.state).toBe('connecting');
    await vi.advanceTimersByTimeAsync(499);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    expect(last().url).toBe('ws://test/ws?ticket=T2');
    last().drop(); // never opened: second failure, waits 1 s
    await vi.advanceTimersByTimeAsync(999);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3);
    expect(last().url).toBe('ws://test/ws?ticket=T3');
  });

  it('polls after 3 failures in a row until a socket opens again', async () => {
    ticketFails = true;
    client.start();
    await vi.advanceTimersByTimeAsync(0); // failure 1, retry in 0.5 s
    await vi.advanceTimersByTimeAsync(500); // failure 2, retry in 1 s
    expect(client.state).toBe('connecting');
    expect(syncs).toBe(0);
    await vi.advanceTimersByTimeAsync(1000); // failure 3: polling
    expect(client.state).toBe('polling');
    expect(syncs).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(syncs).toBeGreaterThanOrEqual(2);
    ticketFails = false;
    await vi.advanceTimersByTimeAsync(30_000);
    const before = syncs;
    expect(sockets.length).toBeGreaterThan(0);
    last().open();
    expect(client.state).toBe('live');
    expect(syncs).toBe(before + 1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(syncs).toBe(before + 1); // polling stopped
    expect(statuses).toEqual(['connecting', 'polling', 'live']);
  });

  it('does not reset the backoff for a connection that drops at once', async () => {
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 3; i++) {
      last().open();
      last().drop();
      await vi.advanceTimersByTimeAsync(BACKOFF_CAP_MS);
    }
    expect(client.state).not.toBe('live');
    expect(statuses).toContain('polling');
  });

  it('stops everything on stop (logout)', async () => {
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    const socket = last();
    socket.open();
    client.stop();
    expect(socket.closed).toBe(true);
    expect(client.state).toBe('stopped');
    socket.receive({ type: 'unread', unread_total: 5 });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sockets).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('drops a ticket answer that comes after stop', async () => {
    client.start();
    client.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(0);
  });
});
