import { describe, expect, it } from 'vitest';
import type { ProviderProfile } from './api';
import { clientDraft, clientInput, providerDraft, providerInput } from './profileForm';

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
