import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { ErrorMessage, Loading, useDocumentTitle } from '../../../components/common';
import { Tabs } from '../../../components/Tabs';
import { usePagedList } from '../../../lib/usePagedList';
import { useAuth } from '../../auth/AuthProvider';
import { listConversations, type ConversationRow } from '../api';
import { appendRows, applyMessage, excerpt, formatFull, formatWhen, subject, type InboxTab } from '../inbox';
import { useMessaging, useMessagingEvents } from '../MessagingProvider';

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

  function select(next: InboxTab) {
    setParams(next === 'archived' ? { [TAB_PARAM]: ARCHIVED_VALUE } : {}, { replace: true });
  }

  if (!ready) return <Loading />;
  if (!user) return <Navigate to={`/connexion?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;

  return (
    <section className="inbox">
      <h1>{t('messages.title')}</h1>
      <Tabs
        tabs={TABS}
        selected={tab}
        onSelect={select}
        label={t('messages.tabs')}
        tabLabel={(name) => t(name === 'active' ? 'messages.active' : 'messages.archived')}
      >
        <ConversationList key={tab} tab={tab} me={user.id} isClient={user.role === 'client'} />
      </Tabs>
    </section>
  );
}

function ConversationList({ tab, me, isClient }: { tab: InboxTab; me: string; isClient: boolean }) {
  const { t, i18n } = useTranslation();
  const { status } = useMessaging();
  // Live events may come faster than renders: they apply to the latest rows (`rowsRef`).
  const {
    items: rows,
    itemsRef: rowsRef,
    setItems: setRows,
    error,
    hasMore,
    loadingMore,
    loadMore,
    reload,
  } = usePagedList<ConversationRow>(
    (cursor) =>
      listConversations({ archived: tab === 'archived', cursor: cursor ?? null }).then((page) => ({
        items: page.conversations,
        next_cursor: page.next_cursor,
      })),
    [tab],
    appendRows,
  );

  useMessagingEvents((event) => {
    if (event.type === 'sync') reload();
    if (event.type !== 'message' || rowsRef.current === null) return;
    const next = applyMessage(rowsRef.current, event.message, me, tab);
    if (next.refetch) reload();
    else setRows(next.rows);
  });

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
      {hasMore && (
        <button type="button" className="button button-secondary" disabled={loadingMore} onClick={() => void loadMore()}>
          {t('messages.more')}
        </button>
      )}
    </>
  );
}
