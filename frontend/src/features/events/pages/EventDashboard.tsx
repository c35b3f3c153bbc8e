import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { ErrorMessage, LiveNotice, Loading, useDocumentTitle } from '../../../components/common';
import { ApiError, type User } from '../../../lib/api-client';
import { useAuth } from '../../auth/AuthProvider';
import { searchHref } from '../../discovery/model';
import { WriteButton } from '../../messaging/components/WriteButton';
import { useMessagingEvents } from '../../messaging/MessagingProvider';
import { bookProvider, cancelEvent, getEvent, type EstradeEvent, type ProviderRequest } from '../api';
import { AnswerRequest } from '../components/AnswerRequest';
import { EventFacts } from '../components/EventFacts';
import { RequestStateDetails, StateBadge } from '../components/RequestState';
import { canBook, groupByNeed, todayIso } from '../model';

interface Loaded {
  event: EstradeEvent;
  requests: ProviderRequest[];
}

/** /evenements/:id: the client's dashboard of an event, or an invited provider's view of it. */
export function EventDashboard() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { ready, user } = useAuth();
  const location = useLocation();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  useDocumentTitle(data ? data.event.name : t('dashboard.title'));

  const load = useCallback((): Promise<Loaded | null> => {
    const current = ++generation.current;
    return getEvent(id).then(
      (answer) => {
        if (current !== generation.current) return null;
        // The client gets every request; an invited provider, its own.
        const loaded = { event: answer.event, requests: answer.requests ?? (answer.request ? [answer.request] : []) };
        setData(loaded);
        setError(null);
        return loaded;
      },
      (e: unknown) => {
        if (current === generation.current) setError(e);
        return null;
      },
    );
  }, [id]);

  const userId = user?.id;
  useEffect(() => {
    if (!userId) return;
    setData(null);
    void load();
    return () => {
      generation.current += 1;
    };
  }, [load, userId]);

  if (!ready) return <Loading />;
  if (!user) return <Navigate to={`/connexion?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (error && !data) {
    const notFound = error instanceof ApiError && (error.status === 404 || error.status === 403);
    return (
      <section className="narrow">
        <h1>{notFound ? t('dashboard.notFound') : t('errors.title')}</h1>
        {!notFound && <ErrorMessage error={error} />}
        <p>
          <Link to={user.role === 'provider' ? '/demandes' : '/evenements'}>
            {user.role === 'provider' ? t('dashboard.backRequests') : t('dashboard.back')}
          </Link>
        </p>
      </section>
    );
  }
  if (!data) return <Loading />;
  if (user.role === 'provider') return <ProviderView data={data} me={user} reload={load} />;
  return <ClientDashboard data={data} reload={load} />;
}

function ClientDashboard({ data, reload }: { data: Loaded; reload: () => Promise<Loaded | null> }) {
  const { t } = useTranslation();
  const { event, requests } = data;
  const [notice, setNotice] = useState('');
  const [confirmBook, setConfirmBook] = useState<string | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const today = todayIso();
  const cancelled = event.status === 'cancelled';

  useMessagingEvents((live) => {
    if (live.type === 'sync') void reload();
    if (live.type !== 'request' || live.event_id !== event.id) return;
    void reload().then((loaded) => {
      const request = loaded?.requests.find((r) => r.provider_id === live.provider_id);
      const name = request?.provider_name ?? t('provider.unnamed');
      setNotice(t('live.update', { name, state: t(`states.${request?.state ?? live.state}`) }));
    });
  });

  async function book(request: ProviderRequest) {
    setBusy(true);
    setError(null);
    try {
      await bookProvider(event.id, request.provider_id);
      setConfirmBook(null);
      await reload();
      setNotice(t('dashboard.booked', { name: request.provider_name, need: request.need }));
    } catch (e) {
      setError(e);
      await reload();
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    setBusy(true);
    setError(null);
    try {
      await cancelEvent(event.id);
      setConfirmCancel(false);
      await reload();
      setNotice(t('dashboard.cancelledNotice'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const groups = groupByNeed(requests, event.needs);
  const withoutRequests = event.needs.filter((need) => !requests.some((r) => r.need === need));
  const place = event.city_code ? { code: event.city_code, name: event.city } : null;

  return (
    <article className="dashboard">
      <p className="crumb">
        <Link to="/evenements">{t('dashboard.back')}</Link>
      </p>
      <div className="page-head">
        <h1>{event.name}</h1>
        {cancelled && <span className="state state-neutral">{t('events.cancelled')}</span>}
      </div>
      <LiveNotice text={notice} onDismiss={() => setNotice('')} />
      {cancelled && <p className="notice notice-warning">{t('dashboard.cancelledText')}</p>}
      <EventFacts event={event} />
      {event.description && <p className="prose">{event.description}</p>}
      {!cancelled && (
        <div className="actions">
          <Link className="button button-secondary" to={`/evenements/${encodeURIComponent(event.id)}/modifier`}>
            {t('dashboard.edit')}
          </Link>
          <button type="button" className="button button-secondary" aria-expanded={confirmCancel} onClick={() => setConfirmCancel((v) => !v)}>
            {t('dashboard.cancel')}
          </button>
        </div>
      )}
      {confirmCancel && !cancelled && (
        <div className="confirm" role="group" aria-labelledby="confirm-cancel-text">
          <p id="confirm-cancel-text">{t('dashboard.cancelConfirmText')}</p>
          <div className="actions">
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void cancel()}>
              {t('dashboard.cancelConfirm')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirmCancel(false)}>
              {t('dashboard.keep')}
            </button>
          </div>
        </div>
      )}
      <ErrorMessage error={error} />

      <section aria-labelledby="invited-title">
        <h2 id="invited-title">{t('dashboard.invited')}</h2>
        {requests.length === 0 && <p className="empty">{t('dashboard.noRequests')}</p>}
        {groups.map((group) => (
          <section key={group.need} className="need-group" aria-labelledby={`need-${slug(group.need)}`}>
            <h3 id={`need-${slug(group.need)}`}>{t('dashboard.need', { need: group.need })}</h3>
            <ul className="requests">
              {group.requests.map((request) => (
                <li key={request.provider_id} className={`request-card request-${request.state}`}>
                  <div className="request-head">
                    <h4>
                      <Link to={`/prestataires/${encodeURIComponent(request.provider_id)}`}>{request.provider_name}</Link>
                    </h4>
                    <StateBadge state={request.state} />
                  </div>
                  <RequestStateDetails request={request} viewer="client" />
                  {request.message && (
                    <details className="request-message">
                      <summary>{t('dashboard.yourMessage')}</summary>
                      <p className="prose">{request.message}</p>
                    </details>
                  )}
                  <div className="actions">
                    {canBook(request, today, event.status) && (
                      <button
                        type="button"
                        className="button"
                        aria-expanded={confirmBook === request.provider_id}
                        aria-label={t('dashboard.bookLabel', { name: request.provider_name })}
                        onClick={() => setConfirmBook(confirmBook === request.provider_id ? null : request.provider_id)}
                      >
                        {t('dashboard.book')}
                      </button>
                    )}
                    <WriteButton
                      to={{ provider_id: request.provider_id }}
                      name={request.provider_name}
                      about={{ kind: 'event', id: event.id, title: event.name }}
                    />
                  </div>
                  {confirmBook === request.provider_id && canBook(request, today, event.status) && (
                    <div className="confirm" role="group" aria-labelledby={`confirm-book-${slug(request.provider_id)}`}>
                      <p id={`confirm-book-${slug(request.provider_id)}`}>
                        {t('dashboard.bookConfirmText', { name: request.provider_name, need: request.need })}
                      </p>
                      <div className="actions">
                        <button type="button" className="button" disabled={busy} onClick={() => void book(request)}>
                          {t('dashboard.bookConfirm')}
                        </button>
                        <button type="button" className="button button-secondary" onClick={() => setConfirmBook(null)}>
                          {t('dashboard.keep')}
                        </button>
                      </div>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))}
        {!cancelled && withoutRequests.length > 0 && (
          <section aria-labelledby="to-find-title" className="need-group">
            <h3 id="to-find-title">{t('dashboard.toFind')}</h3>
            <ul className="to-find">
              {withoutRequests.map((need) => (
                <li key={need}>
                  <Link to={searchHref({ q: need, place })}>{t('dashboard.find', { need })}</Link>
                </li>
              ))}
            </ul>
          </section>
        )}
        {!cancelled && (
          <p>
            <Link to={searchHref({ q: '', place })}>{t('dashboard.findMore')}</Link>
          </p>
        )}
      </section>
    </article>
  );
}

/** An invited provider's view: the event (address once accepted) and its own request. */
function ProviderView({ data, me, reload }: { data: Loaded; me: User; reload: () => Promise<Loaded | null> }) {
  const { t } = useTranslation();
  const { event } = data;
  const mine = data.requests.find((r) => r.provider_id === me.id) ?? data.requests[0];
  const [notice, setNotice] = useState('');

  useMessagingEvents((live) => {
    if (live.type === 'sync') void reload();
    if (live.type === 'request' && live.event_id === event.id) {
      void reload().then(() => setNotice(t(`live.provider.${live.state}`)));
    }
  });

  return (
    <article className="dashboard">
      <p className="crumb">
        <Link to="/demandes">{t('dashboard.backRequests')}</Link>
      </p>
      <div className="page-head">
        <h1>{event.name}</h1>
        {event.status === 'cancelled' && <span className="state state-neutral">{t('events.cancelled')}</span>}
      </div>
      <LiveNotice text={notice} onDismiss={() => setNotice('')} />
      {mine && <p className="request-from">{t('request.from', { name: mine.client_name, need: mine.need })}</p>}
      <EventFacts event={event} showNeeds={false} />
      {event.description && <p className="prose">{event.description}</p>}
      {mine && (
        <section aria-labelledby="my-request" className="request-card">
          <div className="request-head">
            <h2 id="my-request">{t('request.yours')}</h2>
            <StateBadge state={mine.state} />
          </div>
          {mine.message && (
            <blockquote className="client-message">
              <p className="prose">{mine.message}</p>
            </blockquote>
          )}
          <RequestStateDetails request={mine} viewer="provider" />
          <div className="actions">
            <WriteButton to={{ client_id: mine.client_id }} name={mine.client_name} about={{ kind: 'request', id: event.id, title: event.name }} />
          </div>
          {mine.state === 'pending' && event.status === 'active' && (
            <AnswerRequest
              request={mine}
              eventDate={event.date}
              onAnswered={() => {
                void reload();
                setNotice(t('answer.sent'));
              }}
            />
          )}
        </section>
      )}
    </article>
  );
}

/** An id-safe form of a text. */
function slug(text: string): string {
  let hash = 0;
  for (const ch of text) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `${text.normalize('NFKD').replace(/[^A-Za-z0-9]+/gu, '-').slice(0, 30)}-${hash.toString(36)}`;
}
