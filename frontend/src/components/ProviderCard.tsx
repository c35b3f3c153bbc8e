import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ProviderProfile } from '../api';

export function ProviderCard({ provider }: { provider: ProviderProfile }) {
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
      {provider.price_text && <p className="card-price">{provider.price_text}</p>}
    </li>
  );
}
