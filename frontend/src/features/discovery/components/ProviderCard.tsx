import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ProviderProfile } from '../../profiles/api';
import type { SearchMatch } from '../api';

/** What a card shows: a provider profile or a search result. */
export type CardProvider = Pick<ProviderProfile, 'id' | 'stage_name' | 'kind' | 'city' | 'all_france' | 'price_text'>;

export function ProviderCard({ provider, match }: { provider: CardProvider; match?: SearchMatch | undefined }) {
  const { t } = useTranslation();
  const place = [provider.city, provider.all_france ? t('provider.allFrance') : '']
    .filter(Boolean)
    .join(' · ');
  return (
    <li className="card">
      <h3>
        <Link to={`/prestataires/${encodeURIComponent(provider.id)}`}>
          {provider.stage_name || t('provider.unnamed')}
        </Link>
      </h3>
      {provider.kind && <p className="card-kind">{provider.kind}</p>}
      {place && <p className="card-place">{place}</p>}
      {match && match !== 'any' && <p className="card-match">{t(`search.match.${match}`)}</p>}
      {provider.price_text && <p className="card-price">{provider.price_text}</p>}
    </li>
  );
}
