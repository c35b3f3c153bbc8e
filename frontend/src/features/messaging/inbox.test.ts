import { describe, expect, it } from 'vitest';
import type { ChatMessage, ConversationRow } from './api';
import { appendRows, applyMessage, excerpt, formatWhen, mergeMessages, sortRows, subject } from './inbox';

const row = (id: string, last: number, unread = 0): ConversationRow => ({
  id,
  other: { id: `o-${id}`, name: `Name ${id}` },
  unread,
  archived: false,
  last_at_ms: last,
  last_text: `text ${id}`,
  last_sender_id: 'me',
  about: null,
});

const msg = (conversation: string, sender: string, at: number, id = `m${at}`): ChatMessage => ({
  id,
  conversation_id: conversation,
  sender_id: sender,
  text: `hello ${at}`,
  at_ms: at,
});

describe('applyMessage', () => {
  const rows = [row('a', 30), row('b', 20, 1), row('c', 10)];

  it('moves the conversation to the top with its new text and one more unread', () => {
    const { rows: next, refetch } = applyMessage(rows, msg('c', 'other', 40), 'me', 'active');
    expect(refetch).toBe(false);
    expect(next.map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(next[0]).toMatchObject({ last_text: 'hello 40', last_at_ms: 40, unread: 1, last_sender_id: 'other' });
  });

  it('does not count one’s own messages as unread', () => {
    const { rows: next } = applyMessage(rows, msg('b', 'me', 50), 'me', 'active');
    expect(next[0]).toMatchObject({ id: 'b', unread: 1, last_sender_id: 'me' });
  });

  it('asks to reload for a conversation not in the list', () => {
    expect(applyMessage(rows, msg('z', 'other', 50), 'me', 'active')).toEqual({ rows, refetch: true });
  });

  it('takes an incoming message out of the archived tab (it is unarchived)', () => {
    const { rows: next, refetch } = applyMessage(rows, msg('b', 'other', 50), 'me', 'archived');
    expect(refetch).toBe(false);
    expect(next.map((r) => r.id)).toEqual(['a', 'c']);
    expect(applyMessage(rows, msg('z', 'other', 50), 'me', 'archived').refetch).toBe(false);
  });

  it('ignores a message older than the row', () => {
    expect(applyMessage(rows, msg('a', 'other', 5), 'me', 'active').rows).toBe(rows);
  });
});

describe('list helpers', () => {
  it('sorts newest first and appends pages without duplicates', () => {
    expect(sortRows([row('a', 1), row('b', 3), row('c', 2)]).map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(appendRows([row('a', 3), row('b', 2)], [row('b', 2), row('c', 1)]).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('merges messages by id, oldest first', () => {
    const merged = mergeMessages([msg('a', 'x', 2), msg('a', 'x', 3)], [msg('a', 'x', 1), msg('a', 'x', 3), msg('a', 'x', 4)]);
    expect(merged.map((m) => m.at_ms)).toEqual([1, 2, 3, 4]);
  });

  it('shows a request or event subject, not the provider page', () => {
    expect(subject({ about: { kind: 'provider', id: 'p', title: 'Trio' } })).toBeNull();
    expect(subject({ about: { kind: 'event', id: 'e', title: 'Mariage du 12 juin' } })).toBe('Mariage du 12 juin');
    expect(subject({ about: null })).toBeNull();
    expect(subject({})).toBeNull();
  });

  it('makes one-line excerpts', () => {
    expect(excerpt('  Bonjour\n\nà tous  ')).toBe('Bonjour à tous');
    const long = 'a'.repeat(200);
    expect(excerpt(long, 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('formats times: hour today, day this year, full date before', () => {
    const now = new Date(2026, 5, 15, 18, 0).getTime();
    expect(formatWhen(new Date(2026, 5, 15, 9, 5).getTime(), now, 'fr')).toBe('09:05');
    expect(formatWhen(new Date(2026, 2, 3, 9, 5).getTime(), now, 'fr')).toBe('3 mars');
    expect(formatWhen(new Date(2025, 2, 3, 9, 5).getTime(), now, 'fr')).toBe('3 mars 2025');
    expect(formatWhen(new Date(2026, 2, 3, 9, 5).getTime(), now, 'en')).toBe('3 Mar');
  });
});
