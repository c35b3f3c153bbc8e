/** Discovery: the provider list, the search and the commune autocomplete (docs/DISCOVERY.md). */
import { request, withQuery } from '../../lib/api-client';
import type { ProviderProfile } from '../profiles/api';

export interface ProviderPage {
  providers: ProviderProfile[];
  next_cursor: string | null;
}

/** A French commune offered by the city autocomplete (`GET /api/places?q=`). */
export interface Place {
  /** INSEE commune code, e.g. "42218". */
  code: string;
  name: string;
  department_code: string;
  region_code: string;
  /** The region's name. */
  region?: string | null;
  population?: number;
}

/** Why a search result was found: its city, its region, all of France, or no place asked. */
export type SearchMatch = 'city' | 'region' | 'france' | 'any';

/** A search result card (the search index entry, docs/DISCOVERY.md). */
export interface SearchResult {
  id: string;
  stage_name: string;
  kind: string;
  city: string;
  city_code?: string | null;
  all_france: boolean;
  region_codes: string[];
  price_text: string;
  match?: SearchMatch;
}

export interface SearchPage {
  results: SearchResult[];
  next_cursor: string | null;
  /** The commune searched near, if any. */
  place?: Place | null;
}

export function listProviders(cursor?: string): Promise<ProviderPage> {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
  return request('GET', `/api/providers${query}`);
}

export function searchPlaces(q: string): Promise<{ places: Place[] }> {
  return request('GET', withQuery('/api/places', { q }));
}

export function search(options: { q?: string; place?: string; cursor?: string | null }): Promise<SearchPage> {
  return request(
    'GET',
    withQuery('/api/search', { q: options.q, place: options.place, cursor: options.cursor ?? undefined }),
  );
}
