import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatPrice } from '../../../lib/money';
import type { ProviderRequest, RequestState } from '../api';
import { formatDate, formatInstant, stateTone } from '../model';

export function StateBadge({ state }: { state: RequestState }) {
  const { t } = useTranslation();
  return <span className={`state state-${stateTone(state)}`}>{t(`states.${state}`)}</span>;
}

/** What a request's state means, for the client or for the provider. */
export function RequestStateDetails({ request, viewer }: { request: ProviderRequest; viewer: 'client' | 'provider' }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const hasQuote = typeof request.price_cents === 'number';
  const quote = hasQuote && (
    <dl className="facts quote">
      <div>
        <dt>{t('request.price')}</dt>
        <dd className="quote-price">{formatPrice(request.price_cents ?? 0, lang)}</dd>
      </div>
      {request.valid_until && (
        <div>
          <dt>{t('request.validUntil')}</dt>
          <dd>
            <time dateTime={request.valid_until}>{formatDate(request.valid_until, lang)}</time>
          </dd>
        </div>
      )}
      {request.included && (
        <div className="quote-included">
          <dt>{t('request.included')}</dt>
          <dd className="prose">{request.included}</dd>
        </div>
      )}
    </dl>
  );
  let text = '';
  switch (request.state) {
    case 'pending':
      text =
        viewer === 'client'
          ? t('request.pendingClient', { date: formatInstant(request.expires_at, lang) })
          : t('request.pendingProvider', { date: formatInstant(request.expires_at, lang) });
      break;
    case 'accepted':
      text = viewer === 'client' ? t('request.acceptedClient', { name: request.provider_name }) : t('request.acceptedProvider');
      break;
    case 'quoted':
      text = viewer === 'client' ? t('request.quotedClient', { name: request.provider_name }) : t('request.quotedProvider');
      break;
    case 'declined':
      text = viewer === 'client' ? t('request.declinedClient', { name: request.provider_name }) : t('request.declinedProvider');
      break;
    case 'booked':
      text = viewer === 'client' ? t('request.bookedClient', { name: request.provider_name }) : t('request.bookedProvider');
      break;
    case 'closed':
      text = viewer === 'client' ? t('request.closedClient') : t('request.closedProvider');
      break;
    case 'expired':
      text = hasQuote ? t('request.expiredQuote') : t('request.expiredPending');
      break;
  }
  return (
    <div className="request-state">
      <p>{text}</p>
      {request.state === 'declined' && (
        <p className="decline-reason">
          {request.reason ? t('request.reason', { reason: request.reason }) : t('request.noReason')}
        </p>
      )}
      {quote}
      {request.state === 'booked' && request.project_id && (
        <p className="project-link">
          <Link to={`/projets/${encodeURIComponent(request.project_id)}`} aria-label={t('project.seeLabel', { title: request.need })}>
            {t('project.see')}
          </Link>
        </p>
      )}
    </div>
  );
}
