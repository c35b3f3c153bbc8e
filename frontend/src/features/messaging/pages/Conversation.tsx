import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { ErrorMessage, Loading, useDocumentTitle } from '../../../components/common';
import { ApiError } from '../../../lib/api-client';
import { useAuth } from '../../auth/AuthProvider';
import {
  archiveConversation,
  getConversation,
  listMessages,
  markConversationRead,
  MESSAGE_MAX,
  sendMessage,
  type ChatMessage,
  type ConversationRow,
} from '../api';
import { formatFull, formatWhen, mergeMessages, subject } from '../inbox';
import { linkify } from '../linkify';
import { useMessaging, useMessagingEvents } from '../MessagingProvider';

export function Conversation() {
  const { id = '' } = useParams();
  const { ready, user } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading />;
  if (!user) return <Navigate to={`/connexion?next=${encodeURIComponent(location.pathname)}`} replace />;
  return <ConversationView key={id} id={id} me={user.id} isClient={user.role === 'client'} />;
}

/** Message text: plain text, with http(s) URLs as links (never HTML). */
export function MessageText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((segment, i) =>
        segment.kind === 'link' ? (
          <a key={i} href={segment.href} target="_blank" rel="noopener noreferrer nofollow">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}

type Scroll = { kind: 'bottom' } | { kind: 'keep'; fromBottom: number } | null;

const isVisible = () => typeof document === 'undefined' || document.visibilityState === 'visible';

function ConversationView({ id, me, isClient }: { id: string; me: string; isClient: boolean }) {
  const { t, i18n } = useTranslation();
  const { setUnread, status } = useMessaging();
  const [row, setRow] = useState<ConversationRow | null>(null);
  const [messages, setMessages] = useState<ChatMessage[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  const [archiving, setArchiving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const thread = useRef<HTMLDivElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const scroll = useRef<Scroll>(null);
  const messagesRef = useRef<ChatMessage[] | null>(null);
  const readState = useRef({ inFlight: false, again: false, pending: false });
  const composeId = useId();
  useDocumentTitle(row?.other.name ?? t('messages.title'));

  const nearBottom = () => {
    const el = thread.current;
    return !el || el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };

  const addMessages = useCallback((more: ChatMessage[], scrollTo: Scroll) => {
    const next = mergeMessages(messagesRef.current ?? [], more);
    messagesRef.current = next;
    scroll.current = scrollTo;
    setMessages(next);
  }, []);

  /** Marks the conversation read now if the tab is visible, else when it becomes visible. */
  const markRead = useCallback(() => {
    const state = readState.current;
    if (!isVisible()) {
      state.pending = true;
      return;
    }
    state.pending = false;
    if (state.inFlight) {
      state.again = true;
      return;
    }
    state.inFlight = true;
    markConversationRead(id)
      .then(
        (answer) => {
          setUnread(answer.unread_total);
          setRow((r) => (r ? { ...r, unread: 0 } : r));
        },
        () => undefined,
      )
      .finally(() => {
        state.inFlight = false;
        if (state.again) {
          state.again = false;
          markRead();
        }
      });
  }, [id, setUnread]);

  /** Loads (or reloads) the row and the newest page of messages. */
  const load = useCallback(
    (first: boolean) => {
      Promise.all([getConversation(id), listMessages(id)]).then(
        ([answer, page]) => {
          setRow(answer.conversation);
          if (first) setCursor(page.next_cursor);
          addMessages(page.messages, first || nearBottom() ? { kind: 'bottom' } : null);
          setError(null);
          if (answer.conversation.unread > 0) markRead();
        },
        (e: unknown) => {
          if (first) setError(e);
        },
      );
    },
    [id, addMessages, markRead],
  );

  useEffect(() => {
    load(true);
  }, [load]);

  useEffect(() => {
    const onVisibility = () => {
      if (isVisible() && readState.current.pending) markRead();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [markRead]);

  useMessagingEvents((event) => {
    if (event.type === 'sync') {
      if (messagesRef.current) load(false);
      return;
    }
    if (event.type !== 'message' || event.message.conversation_id !== id || !messagesRef.current) return;
    const message = event.message;
    const mine = message.sender_id === me;
    addMessages([message], mine || nearBottom() ? { kind: 'bottom' } : null);
    setRow((r) =>
      r && message.at_ms >= r.last_at_ms
        ? { ...r, last_at_ms: message.at_ms, last_text: message.text, last_sender_id: message.sender_id, archived: mine ? r.archived : false }
        : r,
    );
    if (!mine) markRead();
  });

  useLayoutEffect(() => {
    const el = thread.current;
    const wanted = scroll.current;
    scroll.current = null;
    if (!el || !wanted) return;
    el.scrollTop = wanted.kind === 'bottom' ? el.scrollHeight : el.scrollHeight - wanted.fromBottom;
  }, [messages]);

  async function loadOlder() {
    if (!cursor) return;
    setLoadingOlder(true);
    try {
      const page = await listMessages(id, cursor);
      const el = thread.current;
      addMessages(page.messages, el ? { kind: 'keep', fromBottom: el.scrollHeight - el.scrollTop } : null);
      setCursor(page.next_cursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoadingOlder(false);
    }
  }

  async function send() {
    const text = draft.trim();
    if (!text || sending) return;
    setSending(true);
    setSendError(null);
    try {
      const { message } = await sendMessage(id, text);
      setDraft('');
      addMessages([message], { kind: 'bottom' });
      setRow((r) => (r ? { ...r, last_at_ms: message.at_ms, last_text: message.text, last_sender_id: message.sender_id } : r));
    } catch (e) {
      setSendError(e);
    } finally {
      setSending(false);
      textarea.current?.focus();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void send();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  }

  async function toggleArchive() {
    if (!row) return;
    setArchiving(true);
    setNotice(null);
    try {
      const answer = await archiveConversation(id, !row.archived);
      setRow(answer.conversation);
      setNotice(answer.conversation.archived ? t('messages.archivedNotice') : t('messages.unarchivedNotice'));
    } catch (e) {
      setError(e);
    } finally {
      setArchiving(false);
    }
  }

  if (error && !row) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <section className="narrow">
        <h1>{notFound ? t('messages.notFound') : t('errors.title')}</h1>
        {!notFound && <ErrorMessage error={error} />}
        <p>
          <Link to="/messages">{t('messages.back')}</Link>
        </p>
      </section>
    );
  }
  if (!row || !messages) return <Loading />;

  const now = Date.now();
  const counterId = `${composeId}-counter`;
  const hintId = `${composeId}-hint`;
  return (
    <section className="chat">
      <p className="chat-back">
        <Link to={row.archived ? '/messages?onglet=archivees' : '/messages'}>← {t('messages.back')}</Link>
      </p>
      <header className="chat-head">
        <div>
          <h1>{row.other.name}</h1>
          {subject(row) && <p className="conversation-about">{t('messages.about', { title: subject(row) })}</p>}
          {(row.about?.kind === 'event' || row.about?.kind === 'request') && (
            <p className="chat-links">
              <Link to={`/evenements/${encodeURIComponent(row.about.id)}`}>{t('messages.viewEvent')}</Link>
            </p>
          )}
          {isClient && (
            <p className="chat-links">
              <Link to={`/prestataires/${encodeURIComponent(row.other.id)}`}>{t('messages.viewProfile')}</Link>
            </p>
          )}
        </div>
        <button type="button" className="button button-secondary button-small" disabled={archiving} onClick={() => void toggleArchive()}>
          {row.archived ? t('messages.unarchive') : t('messages.archive')}
        </button>
      </header>
      {notice && (
        <p className="notice notice-success" role="status">
          {notice}
        </p>
      )}
      {status === 'polling' && (
        <p className="notice notice-warning" role="status">
          {t('messages.offline')}
        </p>
      )}
      <ErrorMessage error={error} />
      <div className="thread" ref={thread} role="log" aria-label={t('messages.history')} tabIndex={0}>
        {cursor && (
          <p className="older">
            <button type="button" className="button button-secondary button-small" disabled={loadingOlder} onClick={() => void loadOlder()}>
              {t('messages.older')}
            </button>
          </p>
        )}
        {messages.length === 0 ? (
          <p className="empty">{t('messages.noMessages')}</p>
        ) : (
          <ol className="messages">
            {messages.map((m) => {
              const mine = m.sender_id === me;
              return (
                <li key={m.id} className={mine ? 'message mine' : 'message theirs'}>
                  <p className="message-meta">
                    <span className="message-author">{mine ? t('messages.you') : row.other.name}</span>{' '}
                    <time dateTime={new Date(m.at_ms).toISOString()} title={formatFull(m.at_ms, i18n.language)}>
                      {formatWhen(m.at_ms, now, i18n.language)}
                    </time>
                  </p>
                  <p className="message-text">
                    <MessageText text={m.text} />
                  </p>
                </li>
              );
            })}
          </ol>
        )}
      </div>
      <form className="compose" onSubmit={onSubmit}>
        <label htmlFor={composeId}>{t('messages.compose')}</label>
        <textarea
          id={composeId}
          ref={textarea}
          rows={3}
          maxLength={MESSAGE_MAX}
          value={draft}
          aria-describedby={`${hintId} ${counterId}`}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="compose-foot">
          <p id={hintId} className="hint">
            {t('messages.composeHint')}
          </p>
          <p id={counterId} className={draft.length >= MESSAGE_MAX ? 'hint counter full' : 'hint counter'}>
            {t('messages.counter', { count: draft.length, max: MESSAGE_MAX })}
          </p>
        </div>
        <ErrorMessage error={sendError} />
        <button type="submit" className="button" disabled={sending || !draft.trim()}>
          {sending ? t('messages.sending') : t('messages.send')}
        </button>
      </form>
    </section>
  );
}
