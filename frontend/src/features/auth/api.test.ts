import { describe, expect, it } from 'vitest';
import { calls, json, mockFetch, resetBetweenTests, user } from '../../testing/fetchMock';
import * as api from './api';

resetBetweenTests();

describe('verifyEmail', () => {
  it('posts a token only once even when asked twice', async () => {
    mockFetch(() => json(200, { user }));
    await Promise.all([api.verifyEmail('tok'), api.verifyEmail('tok')]);
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ token: 'tok' });
  });
});
