import { describe, expect, it } from 'vitest';
import { initialUnread, unreadReducer } from './unread';

const message = { id: 'm', conversation_id: 'c.p', sender_id: 'c', text: 'x', at_ms: 1 };

describe('unreadReducer', () => {
  it('starts unknown and takes totals from the API and from events', () => {
    let state = initialUnread;
    expect(state.total).toBeNull();
    state = unreadReducer(state, { type: 'total', unread_total: 2 });
    expect(state.total).toBe(2);
    state = unreadReducer(state, { type: 'message', message, unread_total: 3 });
    expect(state.total).toBe(3);
    state = unreadReducer(state, { type: 'unread', unread_total: 0 });
    expect(state.total).toBe(0);
  });

  it('keeps the total for the sender copy of a message (no unread_total)', () => {
    const state = { total: 4 };
    expect(unreadReducer(state, { type: 'message', message })).toBe(state);
  });

  it('ignores invalid totals and keeps the same object when nothing changes', () => {
    const state = { total: 1 };
    expect(unreadReducer(state, { type: 'total', unread_total: -1 })).toBe(state);
    expect(unreadReducer(state, { type: 'total', unread_total: 1.5 })).toBe(state);
    expect(unreadReducer(state, { type: 'unread', unread_total: 1 })).toBe(state);
  });

  it('forgets everything on logout', () => {
    expect(unreadReducer({ total: 7 }, { type: 'reset' })).toEqual({ total: null });
    expect(unreadReducer(initialUnread, { type: 'reset' })).toBe(initialUnread);
  });
});
