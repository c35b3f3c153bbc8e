/** Messaging: conversations, messages, unread total, live ticket, unsubscribe (docs/MESSAGING.md). */
import { oncePerKey, request, withQuery } from '../../lib/api-client';

export interface ConversationAbout {
  kind: 'provider' | 'request' | 'event';
  id: string;
  title: string;
}

/** The caller's inbox row of a conversation. */
export interface ConversationRow {
  id: string;
  other: { id: string; name: string };
  unread: number;
  archived: boolean;
  /** Creation time until the first message. */
  last_at_ms: number;
  /** The first 200 characters of the last message; null before the first one. */
  last_text: string | null;
  last_sender_id: string | null;
  about?: ConversationAbout | null;
}

export interface ChatMessage {
  id: string;
  conversation_id: string;
  sender_id: string;
  text: string;
  at_ms: number;
}

export interface ConversationPage {
  conversations: ConversationRow[];
  next_cursor: string | null;
}

export interface MessagePage {
  /** Oldest to newest; the first page holds the newest messages. */
  messages: ChatMessage[];
  next_cursor: string | null;
}

/** Longest message the API accepts (characters, after trimming). */
export const MESSAGE_MAX = 4000;

const conversationPath = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

/**
 * Starts (or finds) a conversation: a client with a provider (`provider_id`), or a
 * provider with a client who contacted or invited it (`client_id`).
 */
export function startConversation(
  input: ({ provider_id: string } | { client_id: string }) & { about?: ConversationAbout },
): Promise<{ conversation: { id: string } }> {
  return request('POST', '/api/conversations', { body: input, auth: true });
}

export function listConversations(options: { archived?: boolean; cursor?: string | null } = {}): Promise<ConversationPage> {
  const path = withQuery('/api/conversations', {
    archived: options.archived ? 'true' : undefined,
    cursor: options.cursor ?? undefined,
  });
  return request('GET', path, { auth: true });
}

export function getConversation(id: string): Promise<{ conversation: ConversationRow }> {
  return request('GET', conversationPath(id), { auth: true });
}

export function listMessages(id: string, cursor?: string | null): Promise<MessagePage> {
  return request('GET', withQuery(`${conversationPath(id)}/messages`, { cursor: cursor ?? undefined }), { auth: true });
}

export function sendMessage(id: string, text: string): Promise<{ message: ChatMessage }> {
  return request('POST', `${conversationPath(id)}/messages`, { body: { text }, auth: true });
}

export function markConversationRead(id: string): Promise<{ unread_total: number }> {
  return request('POST', `${conversationPath(id)}/read`, { auth: true });
}

export function archiveConversation(id: string, archived: boolean): Promise<{ conversation: ConversationRow }> {
  return request('POST', `${conversationPath(id)}/archive`, { body: { archived }, auth: true });
}

export function getUnread(): Promise<{ unread_total: number }> {
  return request('GET', '/api/me/unread', { auth: true });
}

/** A 60-second ticket for the WebSocket URL (`?ticket=`). */
export function wsTicket(): Promise<{ ticket: string; expires_in: number }> {
  return request('POST', '/api/ws/ticket', { auth: true });
}

/** Turns off message emails with the signed token of an email link (no login; sent once). */
export const unsubscribeEmail: (token: string) => Promise<void> = oncePerKey((token) =>
  request<unknown>('POST', '/api/email/unsubscribe', { body: { token } }).then(() => undefined),
);
