import { describe, expect, it } from 'vitest';
import en from '../locales/en';
import fr from '../locales/fr';
import { ApiError } from './api-client';
import { describeError, initialLanguage } from './i18n';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/gu)].map((m) => m[1] ?? '').sort();
}

describe('translations', () => {
  it('have the same keys and placeholders in French and English', () => {
    expect(keys(en)).toEqual(keys(fr));
    const lookup = (obj: unknown, path: string): string =>
      path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj) as string;
    for (const key of keys(fr)) {
      expect(placeholders(lookup(en, key)), key).toEqual(placeholders(lookup(fr, key)));
    }
  });

  it('cover every error code of the API contract', () => {
    const codes = [
      'invalid_json', 'invalid_field', 'invalid_token', 'invalid_cursor', 'unauthorized',
      'invalid_credentials', 'invalid_refresh', 'forbidden', 'not_found', 'method_not_allowed',
      'email_taken', 'payload_too_large', 'unsupported_media_type', 'too_many_attempts', 'internal',
      'too_many_writes', 'cross_site', 'email_unverified',
    ];
    for (const code of codes) expect(Object.keys(fr.errors)).toContain(code);
  });

  it('cover the error codes of events and requests (docs/DISCOVERY.md)', () => {
    const codes = [
      'already_invited', 'request_closed', 'date_taken', 'date_locked', 'event_cancelled', 'event_past',
      'need_booked', 'too_many_requests', 'unknown_place', 'busy', 'not_answered',
    ];
    for (const code of codes) expect(Object.keys(fr.errors)).toContain(code);
  });

  it('name every request state in both languages, distinctly', () => {
    const states = ['pending', 'accepted', 'quoted', 'declined', 'booked', 'closed', 'expired'] as const;
    for (const messages of [fr, en]) {
      const labels = states.map((s) => messages.states[s]);
      expect(labels.every((l) => l.length > 0)).toBe(true);
      expect(new Set(labels).size).toBe(states.length);
    }
    expect(fr.states.quoted).toBe('Devis proposé');
    expect(fr.states.declined).toBe('Déclinée');
  });
});

describe('initialLanguage', () => {
  const storage = (value: string | null) => ({ getItem: () => value });
  it('defaults to French', () => {
    expect(initialLanguage(undefined)).toBe('fr');
    expect(initialLanguage(storage(null))).toBe('fr');
    expect(initialLanguage(storage('de'))).toBe('fr');
  });
  it('keeps a saved supported choice', () => {
    expect(initialLanguage(storage('en'))).toBe('en');
  });
  it('survives a storage that throws', () => {
    expect(initialLanguage({ getItem: () => { throw new Error('denied'); } })).toBe('fr');
  });
});

describe('describeError', () => {
  it('maps known API codes to their text', () => {
    expect(describeError(new ApiError(409, 'email_taken', 'taken'))).toEqual({
      key: 'errors.email_taken',
      message: 'taken',
    });
  });
  it('falls back to the server message for unknown codes', () => {
    expect(describeError(new ApiError(418, 'teapot', 'I am a teapot'))).toEqual({
      key: 'errors.unknown',
      message: 'I am a teapot',
    });
    expect(describeError(new ApiError(500, 'title', 'x')).key).toBe('errors.unknown');
    expect(describeError(new ApiError(500, 'toString', 'x')).key).toBe('errors.unknown');
  });
  it('handles non-API errors', () => {
    expect(describeError(new Error('boom'))).toEqual({ key: 'errors.unknown', message: 'boom' });
  });
});
