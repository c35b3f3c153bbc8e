import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { listConversations, type ConversationRow } from '../api';
import { useAuth } from '../auth';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/common';
import { appendRows, applyMessage, excerpt, formatFull, formatWhen, subject, type InboxTab } from '../messaging/inbox';
import { useMessaging, useMessagingEvents } from '../messaging/MessagingProvider';

const TABS: InboxTab[] = ['active', 'archived'];
/** `?onglet=archivees` selects the archived tab (so the back button and links keep it). */
const TAB_PARAM = 'onglet';
const ARCHIVED_VALUE = 'archivees';

export function Inbox() {
  const { t } = useTranslation();
  useDocumentTitle(t('messages.title'));
  const { ready, user } = useAuth();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const tab: InboxTab = params.get(TAB_PARAM) === ARCHIVED_VALUE ? 'archived' : 'active';
  const tabRefs = useRef<Record<InboxTab, HTMLButtonElement | null>>({ active: null, archived: null });

  function select(next: InboxTab, focus = false) {
    setParams(next === 'archived' ? { [TAB_PARAM]: ARCHIVED_VALUE } : {}, { replace: true });
    if (focus) tabRefs.current[next]?.focus();
  }

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    const index = TABS.indexOf(tab);
    let next: InboxTab | undefined;
    if (event.key === 'ArrowRight') next = TABS[(index + 1) % TABS.length];
    else if (event.key === 'ArrowLeft') next = TABS[(index + TABS.length - 1) % TABS.length];
    else if (event.key === 'Home') next = TABS[0];
    else if (event.key === 'End') next = TABS[TABS.length - 1];
    if (!next) return;
    event.preventDefault();
    select(next, true);
  }

  if (!ready) return <Loading />;
  if (!user) return <Navigate to={`/connexion?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;

  return (
    <section className="inbox">
      <h1>{t('messages.title')}</h1>
      <div role="tablist" aria-label={t('messages.tabs')} className="tabs">
        {TABS.map((name) => (
          <button
            key={name}
            ref={(el) => {
              tabRefs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            className="tab"
            onClick={() => select(name)}
            onKeyDown={onTabKey}
          >
            {t(name === 'active' ? 'messages.active' : 'messages.archived')}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        <ConversationList key={tab} tab={tab} me={user.id} isClient={user.role === 'client'} />
      </div>
    </section>
  );
}

function ConversationList({ tab, me, isClient }: { tab: InboxTab; me: string; isClient: boolean }) {
  const { t, i18n } = useTranslation();
  const { status } = useMessaging();
  const [rows, setRowsState] = useState<ConversationRow[] | null>(null);
  // Live events may come faster than renders: they apply to the latest rows.
  const rowsRef = useRef<ConversationRow[] | null>(null);
  const setRows = useCallback((next: ConversationRow[] | null) => {
    rowsRef.current = next;
    setRowsState(next);
  }, []);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const generation = useRef(0);

  /** (Re)loads the first page; later pages are dropped. */
  const reload = useCallback(() => {
    const current = ++generation.current;
    listConversations({ archived: tab === 'archived' }).then(
      (page) => {
        if (current !== generation.current) return;
        setRows(page.conversations);
        setCursor(page.next_cursor);
        setError(null);
      },
      (e: unknown) => current === generation.current && setError(e),
    );
  }, [tab, setRows]);

  useEffect(() => {
    reload();
    return () => {
      generation.current += 1;
    };
  }, [reload]);

  useMessagingEvents((event) => {
    if (event.type === 'sync') reload();
    if (event.type !== 'message' || rowsRef.current === null) return;
    const next = applyMessage(rowsRef.current, event.message, me, tab);
    if (next.refetch) reload();
    else setRows(next.rows);
  });

  async function loadMore() {
    if (!cursor) return;
    setLoadingMore(true);
    const current = generation.current;
    try {
      const page = await listConversations({ archived: tab === 'archived', cursor });
      if (current !== generation.current) return;
      setRows(appendRows(rowsRef.current ?? [], page.conversations));
      setCursor(page.next_cursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  const now = Date.now();
  return (
    <>
      {status === 'polling' && (
        <p className="notice notice-warning" role="status">
          {t('messages.offline')}
        </p>
      )}
      <ErrorMessage error={error} />
      {rows === null && !error && <Loading />}
      {rows?.length === 0 && (
        <p className="empty">
          {tab === 'archived' ? t('messages.emptyArchived') : isClient ? t('messages.emptyActiveClient') : t('messages.emptyActive')}
        </p>
      )}
      {rows && rows.length > 0 && (
        <ul className="conversations">
          {rows.map((row) => {
            const mine = row.last_sender_id === me;
            const text = excerpt(row.last_text ?? '');
            return (
              <li key={row.id} className={row.unread > 0 ? 'conversation unread' : 'conversation'}>
                <div className="conversation-head">
                  <Link to={`/messages/${encodeURIComponent(row.id)}`} className="conversation-name">
                    {row.other.name}
                  </Link>
                  {row.last_at_ms > 0 && (
                    <time dateTime={new Date(row.last_at_ms).toISOString()} title={formatFull(row.last_at_ms, i18n.language)}>
                      {formatWhen(row.last_at_ms, now, i18n.language)}
                    </time>
                  )}
                </div>
                {subject(row) && <p className="conversation-about">{t('messages.about', { title: subject(row) })}</p>}
                <div className="conversation-foot">
                  <p className="conversation-excerpt">{text && (mine ? t('messages.youPrefix', { text }) : text)}</p>
                  {row.unread > 0 && <span className="count">{t('messages.rowUnread', { count: row.unread })}</span>}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {cursor && (
        <button type="button" className="button button-secondary" disabled={loadingMore} onClick={() => void loadMore()}>
          {t('messages.more')}
        </button>
      )}
    </>
  );
}
