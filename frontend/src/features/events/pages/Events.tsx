import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading, useDocumentTitle } from '../../../components/common';
import { appendNew, usePagedList, type PagedList } from '../../../lib/usePagedList';
import { RequireRole } from '../../auth/components/RequireRole';
import { listEvents, type EstradeEvent, type EventsWhen } from '../api';
import { formatDate, formatTimes } from '../model';

/** /evenements: the client's upcoming events, then its past ones, and "Nouvel événement". */
export function Events() {
  const { t } = useTranslation();
  useDocumentTitle(t('events.title'));
  return <RequireRole role="client">{() => <EventList />}</RequireRole>;
}

function EventList() {
  const { t } = useTranslation();
  const upcoming = useEvents('upcoming');
  const past = useEvents('past');
  const error = upcoming.error ?? past.error;
  return (
    <section className="events">
      <div className="page-head">
        <h1>{t('events.title')}</h1>
        <Link className="button" to="/evenements/nouveau">
          {t('events.new')}
        </Link>
      </div>
      <ErrorMessage error={error} />
      {(upcoming.items === null || past.items === null) && !error && <Loading />}
      {upcoming.items?.length === 0 && past.items?.length === 0 && (
        <p className="empty">
          {t('events.empty')} <Link to="/recherche">{t('events.emptySearch')}</Link>
        </p>
      )}
      <EventGroup id="upcoming" title={t('events.upcoming')} list={upcoming} />
      <EventGroup id="past" title={t('events.past')} list={past} />
    </section>
  );
}

/** Upcoming events soonest first, or past ones latest first, a page at a time. */
function useEvents(when: EventsWhen): PagedList<EstradeEvent> {
  return usePagedList<EstradeEvent>(
    (cursor) => listEvents(when, cursor).then((page) => ({ items: page.events, next_cursor: page.next_cursor })),
    [when],
    appendNew,
  );
}

function EventGroup({ id, title, list }: { id: EventsWhen; title: string; list: PagedList<EstradeEvent> }) {
  const { t, i18n } = useTranslation();
  const events = list.items ?? [];
  if (events.length === 0) return null;
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
      {list.hasMore && (
        <button type="button" className="button button-secondary" disabled={list.loadingMore} onClick={() => void list.loadMore()}>
          {t('events.more')}
        </button>
      )}
    </section>
  );
}
