/** The shareable search URL (/recherche?q=jazz&lieu=42218&ville=Saint-Étienne) and the query it holds. */
import type { PlaceChoice } from './places';

export interface SearchQuery {
  q: string;
  place: PlaceChoice | null;
}

export function searchFromParams(params: URLSearchParams): SearchQuery {
  const q = (params.get('q') ?? '').trim();
  const code = (params.get('lieu') ?? '').trim();
  const name = (params.get('ville') ?? '').trim();
  return { q, place: /^[0-9AB]{5}$/u.test(code) ? { code, name: name || code } : null };
}

export function searchParams({ q, place }: SearchQuery): Record<string, string> {
  const params: Record<string, string> = {};
  if (q.trim()) params.q = q.trim();
  if (place) {
    params.lieu = place.code;
    params.ville = place.name;
  }
  return params;
}

export function searchHref(query: SearchQuery): string {
  const text = new URLSearchParams(searchParams(query)).toString();
  return text ? `/recherche?${text}` : '/recherche';
}
