import { describe, expect, it } from 'vitest';
import { searchFromParams, searchHref } from './model';

describe('search URL', () => {
  it('reads the kind and the commune from the URL', () => {
    expect(searchFromParams(new URLSearchParams('q=%20jazz%20&lieu=42218&ville=Saint-%C3%89tienne'))).toEqual({
      q: 'jazz',
      place: { code: '42218', name: 'Saint-Étienne' },
    });
    expect(searchFromParams(new URLSearchParams('lieu=2A004'))).toEqual({ q: '', place: { code: '2A004', name: '2A004' } });
    expect(searchFromParams(new URLSearchParams('lieu=abc&ville=x'))).toEqual({ q: '', place: null });
    expect(searchFromParams(new URLSearchParams(''))).toEqual({ q: '', place: null });
  });

  it('writes a shareable URL that reads back the same', () => {
    const query = { q: 'traiteur végétarien', place: { code: '69123', name: 'Lyon' } };
    const href = searchHref(query);
    expect(href).toBe('/recherche?q=traiteur+v%C3%A9g%C3%A9tarien&lieu=69123&ville=Lyon');
    expect(searchFromParams(new URL(href, 'http://x').searchParams)).toEqual(query);
    expect(searchHref({ q: '  ', place: null })).toBe('/recherche');
  });
});
