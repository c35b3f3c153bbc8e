import { describe, expect, it } from 'vitest';
import { authHeader, calls, json, mockFetch, resetBetweenTests } from '../../testing/fetchMock';
import * as api from './api';

resetBetweenTests();

describe('messaging requests', () => {
  it('builds the paths and bodies of docs/MESSAGING.md', async () => {
    mockFetch(() => json(200, { conversations: [], next_cursor: null, messages: [], unread_total: 0, conversation: { id: 'c.p' } }));
    await api.listConversations();
    await api.listConversations({ archived: true, cursor: 'x y' });
    await api.getConversation('c1.p1');
    await api.listMessages('c1.p1', 'k/1');
    await api.sendMessage('c1.p1', 'Bonjour');
    await api.markConversationRead('c1.p1');
    await api.archiveConversation('c1.p1', true);
    await api.startConversation({ provider_id: 'p1', about: { kind: 'provider', id: 'p1', title: 'Trio' } });
    expect(calls.map((c) => `${c.init.method} ${c.path}`)).toEqual([
      'GET /api/conversations',
      'GET /api/conversations?archived=true&cursor=x+y',
      'GET /api/conversations/c1.p1',
      'GET /api/conversations/c1.p1/messages?cursor=k%2F1',
      'POST /api/conversations/c1.p1/messages',
      'POST /api/conversations/c1.p1/read',
      'POST /api/conversations/c1.p1/archive',
      'POST /api/conversations',
    ]);
    expect(JSON.parse(calls[4]!.init.body as string)).toEqual({ text: 'Bonjour' });
    expect(JSON.parse(calls[6]!.init.body as string)).toEqual({ archived: true });
    expect(JSON.parse(calls[7]!.init.body as string)).toEqual({
      provider_id: 'p1',
      about: { kind: 'provider', id: 'p1', title: 'Trio' },
    });
  });

  it('posts an unsubscribe token once, without login', async () => {
    mockFetch(() => json(200, {}));
    await Promise.all([api.unsubscribeEmail('tok'), api.unsubscribeEmail('tok')]);
    expect(calls).toHaveLength(1);
    expect(authHeader(calls[0]!.init)).toBeUndefined();
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ token: 'tok' });
  });
});
