import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listEvents, type EstradeEvent } from '../../api';
import { ErrorMessage, Loading, useDocumentTitle } from '../../components/common';
import { RequireRole } from '../../components/RequireRole';
import { formatDate, formatTimes, splitEvents, todayIso } from '../../discovery/model';
import { appendNew, usePagedList } from '../../usePagedList';

/** /evenements: the client's events by date, and "Nouvel événement". */
export function Events() {
  const { t } = useTranslation();
  useDocumentTitle(t('events.title'));
  return <RequireRole role="client">{() => <EventList />}</RequireRole>;
}

function EventList() {
  const { t } = useTranslation();
  const {
    items: events,
    error,
    hasMore,
    loadingMore,
    loadMore,
  } = usePagedList<EstradeEvent>(
    (cursor) => listEvents(cursor).then((page) => ({ items: page.events, next_cursor: page.next_cursor })),
    [],
    appendNew,
  );

  const { upcoming, past } = splitEvents(events ?? [], todayIso());
  return (
    <section className="events">
      <div className="page-head">
        <h1>{t('events.title')}</h1>
        <Link className="button" to="/evenements/nouveau">
          {t('events.new')}
        </Link>
      </div>
      <ErrorMessage error={error} />
      {events === null && !error && <Loading />}
      {events?.length === 0 && (
        <p className="empty">
          {t('events.empty')} <Link to="/recherche">{t('events.emptySearch')}</Link>
        </p>
      )}
      {upcoming.length > 0 && <EventGroup id="upcoming" title={t('events.upcoming')} events={upcoming} />}
      {past.length > 0 && <EventGroup id="past" title={t('events.past')} events={past} />}
      {hasMore && (
        <button type="button" className="button button-secondary" disabled={loadingMore} onClick={() => void loadMore()}>
          {t('events.more')}
        </button>
      )}
    </section>
  );
}

function EventGroup({ id, title, events }: { id: string; title: string; events: EstradeEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby={`events-${id}`}>
      <h2 id={`events-${id}`}>{title}</h2>
      <ul className="event-list">
        {events.map((event) => {
          const times = formatTimes(event.start_time, event.end_time);
          return (
            <li key={event.id} className={event.status === 'cancelled' ? 'event-item cancelled' : 'event-item'}>
              <h3>
                <Link to={`/evenements/${encodeURIComponent(event.id)}`}>{event.name}</Link>
              </h3>
              <p className="event-when">
                <time dateTime={event.date}>{formatDate(event.date, i18n.language)}</time>
                {times && ` · ${times}`}
                {event.city && ` · ${event.city}`}
              </p>
              {event.status === 'cancelled' && <p className="state state-neutral">{t('events.cancelled')}</p>}
              {event.needs.length > 0 && <p className="event-needs">{t('events.needs', { needs: event.needs.join(', ') })}</p>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
