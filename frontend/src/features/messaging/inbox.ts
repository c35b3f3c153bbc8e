/** Pure helpers of the inbox and the conversation views. */

import type { ChatMessage, ConversationRow } from './api';
import { appendNew } from '../../lib/usePagedList';

export type InboxTab = 'active' | 'archived';

/**
 * A live message applied to the rows of one inbox tab. `refetch` says the rows cannot
 * be updated locally (the conversation is not in the list, or moves into this tab).
 */
export function applyMessage(
  rows: ConversationRow[],
  message: ChatMessage,
  me: string,
  tab: InboxTab,
): { rows: ConversationRow[]; refetch: boolean } {
  const index = rows.findIndex((r) => r.id === message.conversation_id);
  const incoming = message.sender_id !== me;
  if (index < 0) {
    // Not listed: a new conversation, one further down the pages, or (archived
    // for me) one that a new incoming message brings back to the active tab.
    return { rows, refetch: tab === 'active' || !incoming };
  }
  const row = rows[index]!;
  if (tab === 'archived' && incoming) {
    // A new message unarchives the conversation for its recipient.
    return { rows: rows.filter((r) => r.id !== row.id), refetch: false };
  }
  if (message.at_ms < row.last_at_ms) return { rows, refetch: false };
  const updated: ConversationRow = {
    ...row,
    last_at_ms: message.at_ms,
    last_text: message.text,
    last_sender_id: message.sender_id,
    unread: incoming ? row.unread + 1 : row.unread,
  };
  return { rows: sortRows([updated, ...rows.filter((r) => r.id !== row.id)]), refetch: false };
}

/** Newest activity first. */
export function sortRows(rows: ConversationRow[]): ConversationRow[] {
  return [...rows].sort((a, b) => b.last_at_ms - a.last_at_ms || a.id.localeCompare(b.id));
}

/** Rows of a next page appended (a row seen twice keeps its newest copy). */
export function appendRows(rows: ConversationRow[], more: ConversationRow[]): ConversationRow[] {
  return appendNew(rows, more);
}

/** Messages merged by id, oldest first. */
export function mergeMessages(current: ChatMessage[], more: ChatMessage[]): ChatMessage[] {
  const byId = new Map<string, ChatMessage>();
  for (const m of current) byId.set(m.id, m);
  for (const m of more) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.at_ms - b.at_ms || a.id.localeCompare(b.id));
}

/**
 * The subject worth showing on a row: a request's or an event's title. A provider's
 * own page as the subject says nothing the names do not say already.
 */
export function subject(row: Pick<ConversationRow, 'about'>): string | null {
  return row.about && row.about.kind !== 'provider' && row.about.title ? row.about.title : null;
}

/** A one-line excerpt of a message. */
export function excerpt(text: string, max = 120): string {
  const line = text.replace(/\s+/gu, ' ').trim();
  if (line.length <= max) return line;
  return `${line.slice(0, max - 1).trimEnd()}…`;
}

/**
 * When a message or a row was last active: the time today, the day and month this
 * year, else the full date.
 */
export function formatWhen(atMs: number, nowMs: number, language: string): string {
  const at = new Date(atMs);
  const now = new Date(nowMs);
  const locale = language === 'en' ? 'en-GB' : 'fr-FR';
  if (at.toDateString() === now.toDateString()) {
    return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(at);
  }
  if (at.getFullYear() === now.getFullYear()) {
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(at);
  }
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(at);
}

/** Full date and time, for a `title` / `dateTime`. */
export function formatFull(atMs: number, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', {
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(new Date(atMs));
}
