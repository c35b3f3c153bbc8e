import { useTranslation } from 'react-i18next';
import { formatPrice } from '../../../lib/money';
import type { EstradeEvent, EventSummary } from '../api';
import { formatDate, formatTimes } from '../model';

/** The facts of an event (the street address only when the API gives it). */
export function EventFacts({ event, showNeeds = true }: { event: EventSummary & Partial<EstradeEvent>; showNeeds?: boolean }) {
  const { t, i18n } = useTranslation();
  const times = formatTimes(event.start_time, event.end_time);
  return (
    <dl className="facts event-facts">
      <div>
        <dt>{t('event.date')}</dt>
        <dd>
          <time dateTime={event.date}>{formatDate(event.date, i18n.language)}</time>
          {times && ` · ${times}`}
        </dd>
      </div>
      {event.city && (
        <div>
          <dt>{t('event.city')}</dt>
          <dd>{event.city}</dd>
        </div>
      )}
      {event.address && (
        <div>
          <dt>{t('event.address')}</dt>
          <dd>{event.address}</dd>
        </div>
      )}
      {typeof event.guests === 'number' && (
        <div>
          <dt>{t('event.guests')}</dt>
          <dd>{event.guests}</dd>
        </div>
      )}
      {typeof event.budget_cents === 'number' && (
        <div>
          <dt>{t('event.budget')}</dt>
          <dd>{formatPrice(event.budget_cents, i18n.language)}</dd>
        </div>
      )}
      {showNeeds && event.needs && event.needs.length > 0 && (
        <div>
          <dt>{t('event.needs')}</dt>
          <dd>{event.needs?.join(', ')}</dd>
        </div>
      )}
    </dl>
  );
}
