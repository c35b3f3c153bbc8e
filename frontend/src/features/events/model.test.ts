import { describe, expect, it } from 'vitest';
import type { EstradeEvent, ProviderRequest } from './api';
import {
  canBook,
  cleanNeeds,
  defaultValidUntil,
  eventDraft,
  eventFreedom,
  eventInput,
  eventMonths,
  formatDate,
  formatTimes,
  groupByNeed,
  isIsoDate,
  isOpen,
  quoteInput,
  REQUEST_STATES,
  stateTone,
  todayIso,
  yearsLater,
  type EventDraft,
} from './model';

const event = (over: Partial<EstradeEvent> = {}): EstradeEvent => ({
  id: 'e1',
  client_id: 'c1',
  name: 'Anniversaire',
  date: '2030-06-12',
  description: '',
  city: 'Saint-Étienne',
  city_code: '42218',
  address: '3 rue des Lilas',
  needs: ['musique'],
  status: 'active',
  created_at: 1,
  updated_at: 1,
  ...over,
});

const request = (over: Partial<ProviderRequest> = {}): ProviderRequest => ({
  event_id: 'e1',
  provider_id: 'p1',
  client_id: 'c1',
  need: 'musique',
  message: 'Bonjour',
  state: 'pending',
  created_at: 1,
  expires_at: 2,
  event: { name: 'Anniversaire', date: '2030-06-12', city: 'Saint-Étienne' },
  client_name: 'Camille',
  provider_name: 'Trio',
  ...over,
});

describe('dates', () => {
  it('checks calendar dates and formats them without time zone shifts', () => {
    expect(isIsoDate('2030-02-28')).toBe(true);
    expect(isIsoDate('2030-02-30')).toBe(false);
    expect(isIsoDate('12/06/2030')).toBe(false);
    expect(formatDate('2030-06-12', 'fr')).toBe('mercredi 12 juin 2030');
    expect(formatDate('2030-06-12', 'en')).toMatch(/^Wednesday,? 12 June 2030$/u);
    expect(formatDate('nope', 'fr')).toBe('nope');
    expect(todayIso(new Date(2030, 0, 5, 23, 59))).toBe('2030-01-05');
    expect(yearsLater('2030-01-05', 5)).toBe('2035-01-05');
    expect(yearsLater('2028-02-29', 5)).toBe('2033-02-28');
  });

  it('formats times', () => {
    expect(formatTimes('20:00', '23:30')).toBe('20:00 – 23:30');
    expect(formatTimes('20:00', null)).toBe('20:00');
    expect(formatTimes(undefined, undefined)).toBe('');
  });
});

describe('event form', () => {
  const draft = (over: Partial<EventDraft> = {}): EventDraft => ({
    ...eventDraft(null, 'fr'),
    name: ' Anniversaire ',
    date: '2030-06-12',
    place: { code: '42218', name: 'Saint-Étienne', department_code: '42' },
    needs: [
      { key: 1, value: ' musique ' },
      { key: 2, value: '' },
      { key: 3, value: 'Musique' },
      { key: 4, value: 'photo' },
    ],
    ...over,
  });

  it('turns a draft into the API body: euros to cents, clean needs, nulls', () => {
    const result = eventInput(draft({ budget: '1 500,50', guests: '40', start_time: '20:00' }), { today: '2030-01-01' });
    expect(result).toEqual({
      ok: true,
      input: {
        name: 'Anniversaire',
        date: '2030-06-12',
        start_time: '20:00',
        end_time: null,
        description: '',
        city: 'Saint-Étienne',
        city_code: '42218',
        address: '',
        guests: 40,
        budget_cents: 150050,
        needs: ['musique', 'photo'],
      },
    });
  });

  it('leaves the budget and guests out when empty', () => {
    const result = eventInput(draft());
    expect(result.ok && result.input.budget_cents).toBeNull();
    expect(result.ok && result.input.guests).toBeNull();
  });

  it('reports each invalid field', () => {
    const result = eventInput(
      draft({ name: ' ', date: '2020-01-01', place: null, budget: '12,345', guests: '0', start_time: '25:00', needs: [{ key: 1, value: ' ' }] }),
      { today: '2025-01-01' },
    );
    expect(result).toEqual({
      ok: false,
      errors: { name: 'required', date: 'past', start_time: 'invalid', place: 'required', guests: 'invalid', budget: 'invalid', needs: 'required' },
    });
    expect(eventInput(draft({ date: '' }))).toMatchObject({ ok: false, errors: { date: 'required' } });
    expect(eventInput(draft({ guests: '2.5' }))).toMatchObject({ ok: false, errors: { guests: 'invalid' } });
    expect(eventInput(draft({ budget: '2000000' }))).toMatchObject({ ok: false, errors: { budget: 'invalid' } });
  });

  it('a saved event gives back the same body (cents to euros and back)', () => {
    const saved = event({ budget_cents: 150050, guests: 40, start_time: '20:00', end_time: '23:00', needs: ['musique', 'photo'] });
    const back = eventDraft(saved, 'fr');
    expect(back.budget).toBe('1500,50');
    expect(eventDraft(saved, 'en').budget).toBe('1500.50');
    expect(back.place).toEqual({ code: '42218', name: 'Saint-Étienne' });
    const result = eventInput(back);
    expect(result.ok && result.input).toMatchObject({ budget_cents: 150050, guests: 40, end_time: '23:00', needs: ['musique', 'photo'], address: '3 rue des Lilas' });
  });

  it('cleans needs: trimmed, no empties nor case-insensitive repeats', () => {
    expect(cleanNeeds([' DJ  set ', 'dj set', '', 'Photo', 'photo '])).toEqual(['DJ set', 'Photo']);
  });
});

describe('quotes', () => {
  it('converts the price to cents and checks the validity date', () => {
    expect(quoteInput({ price: '650,5', included: ' 2 × 45 min ', valid_until: '2030-02-01' }, '2030-01-01')).toEqual({
      ok: true,
      answer: { action: 'quote', price_cents: 65050, included: '2 × 45 min', valid_until: '2030-02-01' },
    });
    expect(quoteInput({ price: '', included: '', valid_until: '' }, '2030-01-01')).toEqual({
      ok: false,
      errors: { price: 'required', valid_until: 'required' },
    });
    expect(quoteInput({ price: 'beaucoup', included: '', valid_until: '2029-12-31' }, '2030-01-01')).toEqual({
      ok: false,
      errors: { price: 'invalid', valid_until: 'past' },
    });
  });

  it('is valid two weeks by default, but not after the event', () => {
    expect(defaultValidUntil('2030-01-01', '2030-06-12')).toBe('2030-01-15');
    expect(defaultValidUntil('2030-01-01', '2030-01-05')).toBe('2030-01-05');
    expect(defaultValidUntil('2030-01-25', '2030-01-01')).toBe('2030-02-08');
  });
});

describe('request states', () => {
  it('knows which are open and how they look', () => {
    expect(REQUEST_STATES.filter(isOpen)).toEqual(['pending', 'accepted', 'quoted']);
    expect(REQUEST_STATES.map(stateTone)).toEqual(['waiting', 'positive', 'positive', 'negative', 'success', 'neutral', 'neutral']);
  });

  it('lets the client book a valid quote or an acceptance of an active event', () => {
    const today = '2030-01-10';
    expect(canBook(request({ state: 'quoted', valid_until: '2030-01-10' }), today)).toBe(true);
    expect(canBook(request({ state: 'quoted', valid_until: '2030-01-09' }), today)).toBe(false);
    expect(canBook(request({ state: 'accepted' }), today)).toBe(true);
    expect(canBook(request({ state: 'accepted' }), today, 'cancelled')).toBe(false);
    for (const state of ['pending', 'declined', 'booked', 'closed', 'expired'] as const) {
      expect(canBook(request({ state }), today)).toBe(false);
    }
  });

  it('groups requests by need, in the event’s order, booked and answered first', () => {
    const groups = groupByNeed(
      [
        request({ provider_id: 'a', provider_name: 'Zoé', state: 'declined' }),
        request({ provider_id: 'b', provider_name: 'Trio', state: 'quoted' }),
        request({ provider_id: 'c', provider_name: 'Claire', need: 'photo' }),
        request({ provider_id: 'd', provider_name: 'Ancien', need: 'magie' }),
      ],
      ['photo', 'musique', 'traiteur'],
    );
    expect(groups.map((g) => [g.need, g.requests.map((r) => r.provider_id)])).toEqual([
      ['photo', ['c']],
      ['musique', ['b', 'a']],
      ['magie', ['d']],
    ]);
  });
});

describe('a provider’s free days for the invitation form', () => {
  const events = [
    event({ id: 'wedding', date: '2030-06-12' }),
    event({ id: 'birthday', date: '2030-06-20' }),
    event({ id: 'party', date: '2030-07-01' }),
    event({ id: 'new-year', date: '2030-12-31' }),
    event({ id: 'later', date: '2031-01-04' }),
  ];

  it('reads each month of the events once, in order', () => {
    expect(eventMonths([events[3]!, ...events, events[0]!])).toEqual(['2030-06', '2030-07', '2030-12', '2031-01']);
    expect(eventMonths([])).toEqual([]);
    expect(eventMonths([{ date: 'soon' }])).toEqual([]);
  });

  it('marks the events on a day the provider is not free as busy, the others as free', () => {
    const june = { days: [{ date: '2030-06-12', free: false }, { date: '2030-06-20', free: true }] };
    const july = { days: [{ date: '2030-07-01', free: false }] };
    const freedom = eventFreedom(events, [june, july]);
    expect(freedom.get('wedding')).toBe('busy');
    expect(freedom.get('birthday')).toBe('free');
    expect(freedom.get('party')).toBe('busy');
  });

  it('says nothing of an event whose month was not read (loading, or failed)', () => {
    const freedom = eventFreedom(events, [{ days: [{ date: '2030-06-12', free: false }] }]);
    expect([...freedom.entries()]).toEqual([['wedding', 'busy']]);
    expect(eventFreedom(events, []).size).toBe(0);
  });

  it('gives two events on the same day the same answer', () => {
    const twin = event({ id: 'twin', date: '2030-06-12' });
    const freedom = eventFreedom([events[0]!, twin], [{ days: [{ date: '2030-06-12', free: false }] }]);
    expect(freedom.get('wedding')).toBe('busy');
    expect(freedom.get('twin')).toBe('busy');
  });
});
