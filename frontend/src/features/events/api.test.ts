import { describe, expect, it } from 'vitest';
import { calls, json, mockFetch, resetBetweenTests } from '../../testing/fetchMock';
import * as api from './api';

resetBetweenTests();

describe('discovery, events and requests', () => {
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
