import { describe, expect, it } from 'vitest';
import type { ProviderProfile } from './api';
import { choicesWith, clientDraft, clientInput, newServiceDraft, providerDraft, providerInput } from './profileForm';

const profile: ProviderProfile = {
  id: 'p1',
  role: 'provider',
  stage_name: 'Trio Manouche',
  kind: 'jazz manouche',
  presentation: 'Trois amis',
  description: 'Swing',
  members: [{ name: 'Django', role: 'guitare' }],
  offer: { venue_kinds: 'salon, jardin', duration: '2 × 45 min' },
  city: 'Saint-Étienne',
  city_code: '42218',
  all_france: false,
  regions: ['Auvergne-Rhône-Alpes'],
  price_text: 'à partir de 600 €',
  services: [{ name: 'Concert salon', description: 'Acoustique', price_cents: 60050 }],
  notify_by_email: true,
  updated_at: 1763700000,
};

describe('provider profile form', () => {
  it('round-trips a profile through the draft', () => {
    const draft = providerDraft(profile, 'fr');
    expect(draft.services[0]?.price).toBe('600,50');
    const result = providerInput(draft);
    expect(result).toEqual({
      ok: true,
      input: {
        stage_name: 'Trio Manouche',
        kind: 'jazz manouche',
        presentation: 'Trois amis',
        description: 'Swing',
        members: [{ name: 'Django', role: 'guitare' }],
        offer: { venue_kinds: 'salon, jardin', duration: '2 × 45 min' },
        city: 'Saint-Étienne',
        city_code: '42218',
        all_france: false,
        regions: ['Auvergne-Rhône-Alpes'],
        price_text: 'à partir de 600 €',
        services: [{ name: 'Concert salon', description: 'Acoustique', price_cents: 60050 }],
        notify_by_email: true,
      },
    });
  });

  it('fills a fresh, sparse profile with empty values', () => {
    const draft = providerDraft({ id: 'p2', role: 'provider' }, 'en');
    expect(draft).toMatchObject({ stage_name: '', members: [], services: [], all_france: false, regions: [] });
    expect(providerInput(draft).ok).toBe(true);
  });

  it('reports the rows whose price is not an amount', () => {
    const draft = providerDraft(profile, 'fr');
    draft.services.push({ key: 99, name: 'Mariage', description: '', price: 'beaucoup' });
    expect(providerInput(draft)).toEqual({ ok: false, badPrices: [2] });
  });

  it('drops empty member rows, trims texts and sends no regions for all of France', () => {
    const draft = providerDraft(profile, 'fr');
    draft.members.push({ key: 98, name: '  ', role: '' });
    draft.stage_name = '  Trio Éclair ';
    draft.all_france = true;
    const result = providerInput(draft);
    if (!result.ok) throw new Error('expected ok');
    expect(result.input.members).toHaveLength(1);
    expect(result.input.stage_name).toBe('Trio Éclair');
    expect(result.input.regions).toEqual([]);
  });
});

describe('client profile form', () => {
  it('keeps only the writable fields', () => {
    const draft = clientDraft({
      id: 'c1',
      role: 'client',
      name: 'Léa',
      city: 'Lyon',
      venue_description: 'Grand salon',
      email: 'lea@example.com',
      notify_by_email: false,
      updated_at: 1,
    });
    expect(clientInput(draft)).toEqual({
      name: 'Léa',
      city: 'Lyon',
      venue_description: 'Grand salon',
      notify_by_email: false,
    });
  });
});

describe('services: booking kind and instant booking', () => {
  const withKinds: ProviderProfile = {
    ...profile,
    services: [
      { name: 'Reportage journée', description: '', price_cents: 180000, booking: { kind: 'whole_day' }, instant: false },
      { name: 'Séance portrait', description: 'En studio', price_cents: 35000, booking: { kind: 'session', minutes: 60, buffer_minutes: 30 }, instant: true },
    ],
  };

  it('keeps each service’s booking kind and « réservation immédiate » when saving', () => {
    const result = providerInput(providerDraft(withKinds, 'fr'));
    if (!result.ok) throw new Error('expected ok');
    expect(result.input.services).toEqual(withKinds.services);
  });

  it('edits them: a whole day becomes a session, a session its length and buffer, instant toggled', () => {
    const draft = providerDraft(withKinds, 'fr');
    expect(draft.services[1]).toMatchObject({ booking: 'session', minutes: 60, buffer: 30, instant: true });
    draft.services[0] = { ...draft.services[0]!, booking: 'session', instant: true };
    draft.services[1] = { ...draft.services[1]!, minutes: 90, buffer: 0 };
    const result = providerInput(draft);
    if (!result.ok) throw new Error('expected ok');
    expect(result.input.services.map((s) => [s.booking, s.instant])).toEqual([
      [{ kind: 'session', minutes: 60, buffer_minutes: 0 }, true],
      [{ kind: 'session', minutes: 90, buffer_minutes: 0 }, true],
    ]);
    draft.services[1] = { ...draft.services[1]!, booking: 'whole_day' };
    const back = providerInput(draft);
    expect(back.ok && back.input.services[1]?.booking).toEqual({ kind: 'whole_day' });
  });

  it('gives a new service a whole day, on request', () => {
    const draft = providerDraft(withKinds, 'fr');
    draft.services.push({ ...newServiceDraft(), name: 'Mariage', price: '2000' });
    const result = providerInput(draft);
    expect(result.ok && result.input.services[2]).toEqual({
      name: 'Mariage',
      description: '',
      price_cents: 200000,
      booking: { kind: 'whole_day' },
      instant: false,
    });
  });

  it('offers the saved length or buffer even when the list lacks it', () => {
    expect(choicesWith([15, 30, 60], 45)).toEqual([15, 30, 45, 60]);
    expect(choicesWith([15, 30, 60], 30)).toEqual([15, 30, 60]);
  });
});
