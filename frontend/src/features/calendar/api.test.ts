import { describe, expect, it } from 'vitest';
import { calls, json, mockFetch, resetBetweenTests } from '../../testing/fetchMock';
import * as api from './api';

resetBetweenTests();

describe('calendar API', () => {
  it('calls the calendar routes of docs/API.md with their bodies', async () => {
    mockFetch(() => json(200, {}));
    const rules: api.Rules = {
      week: [{ start: '09:00', end: '19:00' }, null, null, null, null, null, null],
      blocked: [{ from: '2026-08-01', to: '2026-08-15', note: 'congés' }],
      notice_days: 2,
      horizon_days: 365,
      step_minutes: 30,
      hold_hours: 48,
    };
    await api.getAvailability('p 1', 'Séance portrait', '2026-03');
    await api.bookService({ provider_id: 'p1', service: 'Séance portrait', date: '2026-03-14', start: '10:00', message: 'Bonjour' });
    await api.bookService({ provider_id: 'p1', service: 'Reportage journée', date: '2026-03-21' });
    await api.getBooking('c1.2026-03-14.abc');
    await api.answerBooking('b1', { action: 'confirm' });
    await api.answerBooking('b1', { action: 'decline', reason: 'Pris' });
    await api.cancelBooking('b/1', 'Empêchement');
    await api.listMyBookings();
    await api.getMyCalendar('2026-03');
    await api.saveRules(rules);
    await api.renewFeed();
    expect(calls.map((c) => `${c.init.method} ${c.path}`)).toEqual([
      'GET /api/providers/p%201/availability?service=S%C3%A9ance+portrait&month=2026-03',
      'POST /api/bookings',
      'POST /api/bookings',
      'GET /api/bookings/c1.2026-03-14.abc',
      'POST /api/bookings/b1/answer',
      'POST /api/bookings/b1/answer',
      'POST /api/bookings/b%2F1/cancel',
      'GET /api/me/bookings',
      'GET /api/me/calendar?month=2026-03',
      'PUT /api/me/calendar/rules',
      'POST /api/me/calendar/feed',
    ]);
    const body = (i: number): unknown => JSON.parse(calls[i]!.init.body as string);
    expect(body(1)).toEqual({ provider_id: 'p1', service: 'Séance portrait', date: '2026-03-14', start: '10:00', message: 'Bonjour' });
    expect(body(2)).toEqual({ provider_id: 'p1', service: 'Reportage journée', date: '2026-03-21' });
    expect(body(4)).toEqual({ action: 'confirm' });
    expect(body(5)).toEqual({ action: 'decline', reason: 'Pris' });
    expect(body(6)).toEqual({ reason: 'Empêchement' });
    expect(body(9)).toEqual(rules);
    expect(calls[0]!.init.body).toBeUndefined();
    expect(calls[10]!.init.body).toBeUndefined();
  });

  it('reads whole free days without a service (for invitations)', async () => {
    mockFetch(() => json(200, { month: '2026-03', days: [{ date: '2026-03-01', free: false }] }));
    const answer = await api.getFreeDays('p 1', '2026-03');
    expect(calls.map((c) => `${c.init.method} ${c.path}`)).toEqual(['GET /api/providers/p%201/availability?month=2026-03']);
    expect(calls[0]!.init.body).toBeUndefined();
    expect(answer.days).toEqual([{ date: '2026-03-01', free: false }]);
  });

  it('adds and removes imported calendars', async () => {
    const made = { id: 'i 1', url: 'https://example.com/a.ics', added_at: 1, last_sync_at: null, last_error: null, busy_days: [] };
    mockFetch((_path, init) => (init.method === 'DELETE' ? new Response(null, { status: 204 }) : json(201, { import: made })));
    const answer = await api.addImport('https://example.com/a.ics');
    await expect(api.removeImport('i 1')).resolves.toBeUndefined();
    expect(calls.map((c) => `${c.init.method} ${c.path}`)).toEqual(['POST /api/me/calendar/imports', 'DELETE /api/me/calendar/imports/i%201']);
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ url: 'https://example.com/a.ics' });
    expect(calls[1]!.init.body).toBeUndefined();
    expect(answer.import).toEqual(made);
  });

  it('rejects an import refused by the API with its code', async () => {
    mockFetch(() => json(409, { error: { code: 'too_many_calendars', message: 'at most 5 calendars are imported' } }));
    await expect(api.addImport('https://example.com/6.ics')).rejects.toMatchObject({ status: 409, code: 'too_many_calendars' });
  });

  it('rejects with the API error code (e.g. a date just taken)', async () => {
    mockFetch(() => json(409, { error: { code: 'date_taken', message: 'taken' } }));
    await expect(api.bookService({ provider_id: 'p1', service: 'x', date: '2026-03-14' })).rejects.toMatchObject({
      status: 409,
      code: 'date_taken',
    });
  });
});
