import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api-client';
import en from '../../locales/en';
import fr from '../../locales/fr';
import type { Booking, BookingState, CalendarImport, ProviderMonth, Rules } from './api';
import { BOOKING_STATES } from './api';
import {
  BOOKING_ERROR_CODES,
  bookingErrorCode,
  bookingTone,
  canAnswer,
  canCancel,
  importedBusyDays,
  importErrorCode,
  importUrlInput,
  isDayOff,
  isStaleDay,
  monthMarks,
  monthsAround,
  rulesDraft,
  rulesInput,
  shortUrl,
  splitBookings,
  STATE_TEXTS,
  stateText,
} from './model';

const DEFAULT_RULES: Rules = {
  week: [...Array.from({ length: 6 }, () => ({ start: '09:00', end: '19:00' })), null],
  blocked: [],
  notice_days: 2,
  horizon_days: 365,
  step_minutes: 30,
  hold_hours: 48,
};

let n = 0;
function booking(patch: Partial<Booking> & { date: string }): Booking {
  n += 1;
  const starts = Date.UTC(...(patch.date.split('-').map(Number) as [number, number, number])) / 1000;
  return {
    id: `c1.${patch.date}.${n}`,
    client_id: 'c1',
    provider_id: 'p1',
    client_name: 'Camille Roux',
    provider_name: 'Claire Dubois Photographie',
    service: 'Reportage journée',
    price_cents: 180_000,
    kind: { kind: 'whole_day' },
    starts_at: starts,
    ends_at: starts + 86_400,
    message: '',
    state: 'held',
    created_at: n,
    ...patch,
  };
}

describe('booking states', () => {
  it('have a tone, a badge and a sentence for each side, in both languages', () => {
    expect(BOOKING_STATES.map(bookingTone)).toEqual(['waiting', 'success', 'negative', 'neutral', 'neutral']);
    for (const messages of [fr, en]) {
      const labels = BOOKING_STATES.map((s) => messages.bookingStates[s]);
      expect(new Set(labels).size).toBe(BOOKING_STATES.length);
      for (const key of STATE_TEXTS) expect(messages.bookingState[key].length).toBeGreaterThan(0);
    }
    expect(fr.bookingStates.held).toBe('En attente');
    expect(fr.bookingStates.confirmed).toBe('Confirmée');
  });

  it('pick the sentence by state and by who looks', () => {
    const held = { state: 'held' as BookingState };
    expect(stateText(held, 'provider')).toBe('heldProvider');
    expect(stateText(held, 'client')).toBe('heldClient');
    expect(stateText({ state: 'confirmed' }, 'client')).toBe('confirmedClient');
    expect(stateText({ state: 'declined' }, 'provider')).toBe('declinedProvider');
    expect(stateText({ state: 'expired' }, 'client')).toBe('expiredClient');
    expect(stateText({ state: 'cancelled', cancelled_by: 'client' }, 'client')).toBe('cancelledByYou');
    expect(stateText({ state: 'cancelled', cancelled_by: 'client' }, 'provider')).toBe('cancelledByClient');
    expect(stateText({ state: 'cancelled', cancelled_by: 'provider' }, 'client')).toBe('cancelledByProvider');
    expect(stateText({ state: 'cancelled', cancelled_by: 'provider' }, 'provider')).toBe('cancelledByYou');
  });

  it('say what each side may still do', () => {
    const today = '2026-03-10';
    expect(canAnswer({ state: 'held' })).toBe(true);
    expect(canAnswer({ state: 'confirmed' })).toBe(false);
    expect(canCancel({ state: 'held', date: today }, today, 'client')).toBe(true);
    expect(canCancel({ state: 'held', date: today }, today, 'provider')).toBe(false); // the provider declines a hold
    for (const viewer of ['client', 'provider'] as const) {
      expect(canCancel({ state: 'confirmed', date: '2026-04-01' }, today, viewer)).toBe(true);
      expect(canCancel({ state: 'confirmed', date: '2026-03-09' }, today, viewer)).toBe(false);
      for (const state of ['declined', 'cancelled', 'expired'] as const) expect(canCancel({ state, date: '2026-04-01' }, today, viewer)).toBe(false);
    }
  });
});

describe('splitBookings', () => {
  it('lists upcoming bookings soonest first, then past ones latest first', () => {
    const list = [
      booking({ date: '2026-04-02' }),
      booking({ date: '2026-01-05' }),
      booking({ date: '2026-03-10', start: '14:00', starts_at: Date.UTC(2026, 2, 10, 13) / 1000 }),
      booking({ date: '2026-03-10', start: '10:00', starts_at: Date.UTC(2026, 2, 10, 9) / 1000 }),
      booking({ date: '2026-02-20' }),
    ];
    const { upcoming, past } = splitBookings(list, '2026-03-10');
    expect(upcoming.map((b) => `${b.date} ${b.start ?? ''}`.trim())).toEqual(['2026-03-10 10:00', '2026-03-10 14:00', '2026-04-02']);
    expect(past.map((b) => b.date)).toEqual(['2026-02-20', '2026-01-05']);
  });
});

describe('booking errors', () => {
  it('explain every code of POST /api/bookings in both languages', () => {
    const codes = ['date_past', 'too_soon', 'beyond_horizon', 'day_off', 'day_blocked', 'off_grid', 'time_nonexistent', 'unknown_service', 'invalid_field', 'date_taken', 'slot_taken', 'forbidden'];
    for (const code of codes) {
      expect(bookingErrorCode(new ApiError(400, code, 'x'))).toBe(code);
      expect(fr.booking.errors[code as (typeof BOOKING_ERROR_CODES)[number]]).toBeTruthy();
      expect(en.booking.errors[code as (typeof BOOKING_ERROR_CODES)[number]]).toBeTruthy();
    }
    expect(Object.keys(fr.booking.errors).sort()).toEqual([...BOOKING_ERROR_CODES].sort());
    for (const code of ['slot_taken', 'booking_closed', 'date_past', 'too_soon', 'day_off', 'off_grid']) expect(Object.keys(fr.errors)).toContain(code);
  });

  it('leave other errors to the generic messages', () => {
    expect(bookingErrorCode(new ApiError(0, 'network_error', 'down'))).toBeNull();
    expect(bookingErrorCode(new ApiError(500, 'internal', 'x'))).toBeNull();
    expect(bookingErrorCode(new Error('boom'))).toBeNull();
  });

  it('read the month again when the day or slot is no longer free', () => {
    expect(isStaleDay('date_taken')).toBe(true);
    expect(isStaleDay('slot_taken')).toBe(true);
    expect(isStaleDay('invalid_field')).toBe(false);
    expect(isStaleDay(null)).toBe(false);
  });
});

describe('the months read', () => {
  it('are the month shown and its neighbours, within bounds', () => {
    expect(monthsAround('2026-03')).toEqual(['2026-03', '2026-02', '2026-04']);
    expect(monthsAround('2026-03', '2026-03', '2028-03')).toEqual(['2026-03', '2026-04']);
    expect(monthsAround('2028-03', '2026-03', '2028-03')).toEqual(['2028-03', '2028-02']);
  });
});

describe("the provider's month", () => {
  it('marks days off by the week and by blocked ranges', () => {
    const rules = { ...DEFAULT_RULES, blocked: [{ from: '2026-03-20', to: '2026-03-24', note: '' }] };
    expect(isDayOff(rules, '2026-03-15')).toBe(true); // Sunday
    expect(isDayOff(rules, '2026-03-16')).toBe(false);
    expect(isDayOff(rules, '2026-03-20')).toBe(true);
    expect(isDayOff(rules, '2026-03-24')).toBe(true);
    expect(isDayOff(rules, '2026-03-25')).toBe(false);
  });

  it('marks confirmed, held, event days and the busy days of imported calendars', () => {
    const data: ProviderMonth = {
      rules: DEFAULT_RULES,
      bookings: [
        booking({ date: '2026-03-10', state: 'confirmed' }),
        booking({ date: '2026-03-12', state: 'held' }),
        booking({ date: '2026-03-12', state: 'held' }),
        booking({ date: '2026-03-13', state: 'declined' }),
      ],
      event_days: ['2026-03-18'],
      imports: [
        calendarImport({ busy_days: ['2026-02-27', '2026-03-19', '2026-03-05'] }),
        calendarImport({ busy_days: ['2026-03-05', '2026-04-01'] }),
      ],
    };
    const marks = monthMarks('2026-03', data);
    expect(marks.imported).toEqual(['2026-03-05', '2026-03-19']);
    expect(marks.confirmed).toEqual(['2026-03-10']);
    expect(marks.held).toEqual(['2026-03-12']);
    expect(marks.event).toEqual(['2026-03-18']);
    expect(marks.off).toEqual(['2026-03-01', '2026-03-08', '2026-03-15', '2026-03-22', '2026-03-29']);
  });
});

describe('rules form', () => {
  it('round-trips the rules through the draft', () => {
    const rules: Rules = { ...DEFAULT_RULES, blocked: [{ from: '2026-08-01', to: '2026-08-15', note: 'congés' }] };
    const draft = rulesDraft(rules);
    expect(draft.week[6]).toEqual({ open: false, start: '09:00', end: '19:00' });
    expect(draft.notice).toBe('2');
    expect(rulesInput(draft)).toEqual({ ok: true, rules });
  });

  it('sends a day reopened, a day closed, trimmed notes and the numbers typed', () => {
    const draft = rulesDraft(DEFAULT_RULES);
    draft.week[6] = { open: true, start: '10:00', end: '12:30' };
    draft.week[0] = { ...draft.week[0]!, open: false };
    draft.blocked.push({ key: 1, from: '2026-12-24', to: '2026-12-26', note: '  Noël   en famille ' });
    draft.notice = ' 0 ';
    draft.horizon = '730';
    draft.step = 60;
    draft.hold = '1';
    const result = rulesInput(draft);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.rules.week[0]).toBeNull();
    expect(result.rules.week[6]).toEqual({ start: '10:00', end: '12:30' });
    expect(result.rules.blocked).toEqual([{ from: '2026-12-24', to: '2026-12-26', note: 'Noël en famille' }]);
    expect(result.rules).toMatchObject({ notice_days: 0, horizon_days: 730, step_minutes: 60, hold_hours: 1 });
  });

  it('says what is wrong, field by field, as the API would', () => {
    const draft = rulesDraft(DEFAULT_RULES);
    draft.week[1] = { open: true, start: '19:00', end: '09:00' };
    draft.week[2] = { open: true, start: '09:10', end: '18:00' };
    draft.week[3] = { open: true, start: '', end: '18:00' };
    draft.week[6] = { open: false, start: '', end: '' }; // a day off: its hours do not matter
    draft.blocked.push({ key: 7, from: '2026-08-15', to: '2026-08-01', note: '' }, { key: 8, from: '', to: '', note: '' });
    draft.notice = '400';
    draft.horizon = '10';
    draft.hold = '169';
    expect(rulesInput(draft)).toEqual({
      ok: false,
      errors: {
        week: { 1: 'order', 2: 'quarter', 3: 'invalid' },
        blocked: { 7: 'order', 8: 'invalid' },
        notice: 'invalid',
        horizon: undefined,
        hold: 'invalid',
      },
    });
    draft.notice = '10';
    const again = rulesInput(draft);
    expect(again.ok === false && again.errors.horizon).toBe('notBeyond');
  });
});

describe('French texts of the calendar', () => {
  it('use non-breaking spaces before : ; ! ? » and after «, and typographic apostrophes', () => {
    const sections = [fr.calendar, fr.booking, fr.bookingStates, fr.bookingState, fr.agenda, fr.myBookings, fr.rules, fr.feed, fr.imports];
    const texts: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === 'string') texts.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    sections.forEach(walk);
    for (const text of texts) {
      expect(text, text).not.toMatch(/ [:;!?»]/u);
      expect(text, text).not.toMatch(/« /u);
      expect(text, text).not.toMatch(/'/u);
    }
  });
});

function calendarImport(patch: Partial<CalendarImport> = {}): CalendarImport {
  return {
    id: 'i1',
    url: 'https://calendar.example.com/a.ics',
    added_at: 1_770_000_000,
    last_sync_at: null,
    last_error: null,
    busy_days: [],
    ...patch,
  };
}

describe('imported calendars', () => {
  it('lists the busy days of a month once, sorted, whatever calendar blocks them', () => {
    const imports = [calendarImport({ busy_days: ['2026-03-20', '2026-03-02'] }), calendarImport({ busy_days: ['2026-03-02', '2026-030'] })];
    expect(importedBusyDays('2026-03', imports)).toEqual(['2026-03-02', '2026-03-20']);
    expect(importedBusyDays('2026-04', imports)).toEqual([]);
    expect(importedBusyDays('2026-03', [])).toEqual([]);
  });

  it('checks the typed address: trimmed, webcal read as https, http left to the server', () => {
    expect(importUrlInput('  https://calendar.google.com/calendar/ical/x%40gmail.com/private-abc/basic.ics ')).toEqual({
      ok: true,
      url: 'https://calendar.google.com/calendar/ical/x%40gmail.com/private-abc/basic.ics',
    });
    expect(importUrlInput('webcal://p42-caldav.icloud.com/published/2/abc')).toEqual({ ok: true, url: 'https://p42-caldav.icloud.com/published/2/abc' });
    expect(importUrlInput('WEBCALS://example.com/a.ics')).toEqual({ ok: true, url: 'https://example.com/a.ics' });
    expect(importUrlInput('http://127.0.0.1:4321/agenda.ics')).toEqual({ ok: true, url: 'http://127.0.0.1:4321/agenda.ics' });
    expect(importUrlInput('   ')).toEqual({ ok: false, error: 'required' });
    expect(importUrlInput('calendar.google.com/basic.ics')).toEqual({ ok: false, error: 'invalid' });
    expect(importUrlInput('ftp://example.com/a.ics')).toEqual({ ok: false, error: 'notHttps' });
    expect(importUrlInput('https://me:secret@example.com/a.ics')).toEqual({ ok: false, error: 'credentials' });
  });

  it('explains the API refusals of an address in the form’s words', () => {
    expect(importErrorCode(new ApiError(400, 'invalid_field', 'url: only https addresses are fetched'))).toBe('notHttps');
    expect(importErrorCode(new ApiError(400, 'invalid_field', 'url: an address with a host and no credentials'))).toBe('credentials');
    expect(importErrorCode(new ApiError(400, 'invalid_field', 'url: not a web address'))).toBe('invalid');
    expect(importErrorCode(new ApiError(409, 'too_many_calendars', 'at most 5 calendars are imported'))).toBe('tooMany');
    expect(importErrorCode(new ApiError(0, 'network_error', 'offline'))).toBeNull();
    expect(importErrorCode(new Error('boom'))).toBeNull();
  });

  it('shortens long addresses to their host and the end of their path', () => {
    expect(shortUrl('https://example.com/a.ics')).toBe('example.com/a.ics');
    expect(shortUrl('http://127.0.0.1:4321/agenda.ics')).toBe('127.0.0.1:4321/agenda.ics');
    expect(shortUrl('https://calendar.google.com/calendar/ical/claire%40gmail.com/private-0123456789abcdef/basic.ics')).toBe(
      'calendar.google.com/…/basic.ics',
    );
    const apple = shortUrl('https://p42-caldav.icloud.com/published/2/MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw');
    expect(apple).toBe('p42-caldav.icloud.com/…/MTIzNDU2Nzg…MjM0NTY3ODkw');
    expect(apple.length).toBeLessThanOrEqual(48);
    expect(shortUrl('not a url but very long indeed, longer than the limit of the display')).toHaveLength(48);
  });
});
