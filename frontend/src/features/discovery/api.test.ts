import { describe, expect, it } from 'vitest';
import { authHeader, calls, json, mockFetch, resetBetweenTests } from '../../testing/fetchMock';
import * as api from './api';

resetBetweenTests();

describe('discovery, events and requests', () => {
  it('searches and completes places without login, with encoded queries', async () => {
    mockFetch(() => json(200, { results: [], next_cursor: null, places: [] }));
    await api.search({ q: 'jazz manouche', place: '42218' });
    await api.search({ q: '', place: '', cursor: 'abc' });
    await api.searchPlaces('saint é');
    expect(calls.map((c) => c.path)).toEqual([
      '/api/search?q=jazz+manouche&place=42218',
      '/api/search?cursor=abc',
      '/api/places?q=saint+%C3%A9',
    ]);
    expect(calls.every((c) => authHeader(c.init) === undefined)).toBe(true);
  });
});
