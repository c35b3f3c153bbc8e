import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorMessage, LiveNotice, Loading, useDocumentTitle } from '../../../components/common';
import { Tabs } from '../../../components/Tabs';
import { usePagedList } from '../../../lib/usePagedList';
import { RequireRole } from '../../auth/components/RequireRole';
import { WriteButton } from '../../messaging/components/WriteButton';
import { useMessaging, useMessagingEvents } from '../../messaging/MessagingProvider';
import { getEvent, listRequests, type EstradeEvent, type InboxFilter, type ProviderRequest } from '../api';
import { AnswerRequest } from '../components/AnswerRequest';
import { EventFacts } from '../components/EventFacts';
import { RequestStateDetails, StateBadge } from '../components/RequestState';
import { formatInstant } from '../model';

const TABS: InboxFilter[] = ['pending', 'answered', 'expired', 'closed'];
/** `?onglet=repondues|expirees|closes` (the pending tab has no parameter). */
const TAB_PARAM = 'onglet';
const TAB_VALUES: Record<InboxFilter, string> = { pending: '', answered: 'repondues', expired: 'expirees', closed: 'closes' };

export function tabFromParam(value: string | null): InboxFilter {
  return TABS.find((tab) => value && TAB_VALUES[tab] === value) ?? 'pending';
}

/** /demandes: the provider's requests (pending, answered, expired) and its answers. */
export function Requests() {
  const { t } = useTranslation();
  useDocumentTitle(t('requests.title'));
  return <RequireRole role="provider">{() => <RequestsInbox />}</RequireRole>;
}

function RequestsInbox() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = tabFromParam(params.get(TAB_PARAM));
  const [notice, setNotice] = useState('');

  function select(next: InboxFilter) {
    setParams(TAB_VALUES[next] ? { [TAB_PARAM]: TAB_VALUES[next] } : {}, { replace: true });
  }

  return (
    <section className="requests-inbox">
      <h1>{t('requests.title')}</h1>
      <LiveNotice text={notice} onDismiss={() => setNotice('')} />
      <Tabs tabs={TABS} selected={tab} onSelect={select} label={t('requests.tabs')} tabLabel={(name) => t(`requests.tab.${name}`)}>
        <RequestList key={tab} tab={tab} onNotice={setNotice} />
      </Tabs>
    </section>
  );
}

function RequestList({ tab, onNotice }: { tab: InboxFilter; onNotice: (text: string) => void }) {
  const { t } = useTranslation();
  const { status } = useMessaging();
  const {
    items: rows,
    error,
    hasMore,
    loadingMore,
    loadMore,
    reload,
  } = usePagedList<ProviderRequest>(
    (cursor) => listRequests(tab, cursor).then((page) => ({ items: page.requests, next_cursor: page.next_cursor })),
    [tab],
  );

  useMessagingEvents((event) => {
    if (event.type === 'sync') reload();
    if (event.type !== 'request') return;
    reload();
    onNotice(t(`live.provider.${event.state}`));
  });

  return (
    <>
      {status === 'polling' && (
        <p className="notice notice-warning" role="status">
          {t('requests.offline')}
        </p>
      )}
      <ErrorMessage error={error} />
      {rows === null && !error && <Loading />}
      {rows?.length === 0 && <p className="empty">{t(`requests.empty.${tab}`)}</p>}
      {rows && rows.length > 0 && (
        <ul className="requests">
          {rows.map((request) => (
            <RequestItem
              key={`${request.event_id}/${request.provider_id}`}
              request={request}
              onAnswered={() => {
                onNotice(t('answer.sent'));
                reload();
              }}
            />
          ))}
        </ul>
      )}
      {hasMore && (
        <button type="button" className="button button-secondary" disabled={loadingMore} onClick={() => void loadMore()}>
          {t('requests.more')}
        </button>
      )}
    </>
  );
}

function RequestItem({ request, onAnswered }: { request: ProviderRequest; onAnswered: () => void }) {
  const { t, i18n } = useTranslation();
  const { event } = request;
  const titleId = `request-${request.event_id}`.replace(/[^A-Za-z0-9_-]/gu, '_');
  const eventPath = `/evenements/${encodeURIComponent(request.event_id)}`;
  return (
    <li className={`request-card request-${request.state}`}>
      <article aria-labelledby={titleId}>
        <div className="request-head">
          <h2 id={titleId}>
            <Link to={eventPath}>{event.name}</Link>
          </h2>
          <StateBadge state={request.state} />
        </div>
        <p className="request-from">{t('request.from', { name: request.client_name, need: request.need })}</p>
        <EventFacts event={event} showNeeds={false} />
        <EventDetails eventId={request.event_id} />
        {request.message && (
          <blockquote className="client-message" aria-label={t('requests.message', { name: request.client_name })}>
            <p className="prose">{request.message}</p>
          </blockquote>
        )}
        <p className="hint">{t('requests.received', { date: formatInstant(request.created_at, i18n.language) })}</p>
        <RequestStateDetails request={request} viewer="provider" />
        <div className="actions">
          <WriteButton
            to={{ client_id: request.client_id }}
            name={request.client_name}
            about={{ kind: 'request', id: request.event_id, title: event.name }}
          />
        </div>
        {request.state === 'pending' && <AnswerRequest request={request} eventDate={event.date} onAnswered={onAnswered} />}
      </article>
    </li>
  );
}

/**
 * The rest of the event (description, needs, address once accepted), which the inbox
 * entry does not carry: read when the person opens it.
 */
function EventDetails({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const [event, setEvent] = useState<EstradeEvent | null>(null);
  const [error, setError] = useState<unknown>(null);
  const asked = useRef(false);

  function onToggle(open: boolean) {
    if (!open || asked.current) return;
    asked.current = true;
    getEvent(eventId).then(
      (answer) => setEvent(answer.event),
      (e: unknown) => {
        asked.current = false;
        setError(e);
      },
    );
  }

  return (
    <details className="event-details" onToggle={(e) => onToggle(e.currentTarget.open)}>
      <summary>{t('requests.details')}</summary>
      <ErrorMessage error={error} />
      {!event && !error && <Loading />}
      {event && (
        <>
          <EventFacts event={event} showNeeds />
          {event.description && <p className="prose">{event.description}</p>}
        </>
      )}
      <p>
        <Link to={`/evenements/${encodeURIComponent(eventId)}`}>{t('requests.open')}</Link>
      </p>
    </details>
  );
}
