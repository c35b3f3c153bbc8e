import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorMessage, Loading, useDocumentTitle } from '../../../components/common';
import { usePagedList } from '../../../lib/usePagedList';
import { useAuth } from '../../auth/AuthProvider';
import type { ProviderProfile } from '../../profiles/api';
import { listProviders } from '../api';
import { ProviderCard } from '../components/ProviderCard';
import { SearchForm } from '../components/SearchForm';
import { searchHref } from '../model';

export function Home() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  useDocumentTitle('');
  const {
    items: providers,
    error,
    hasMore,
    loadingMore,
    loadMore,
  } = usePagedList<ProviderProfile>((cursor) => listProviders(cursor).then((page) => ({ items: page.providers, next_cursor: page.next_cursor })), []);

  return (
    <>
      <section className="hero">
        <h1>{t('home.title')}</h1>
        <p>{t('home.pitch')}</p>
        <div className="hero-search">
          <h2 className="hero-search-title">{t('home.searchTitle')}</h2>
          <SearchForm idPrefix="home-search" initial={{ q: '', place: null }} onSearch={(query) => void navigate(searchHref(query))} />
          <p>
            <Link to="/recherche">{t('home.searchAll')}</Link>
          </p>
        </div>
        {!user && (
          <p className="actions">
            <Link className="button" to="/inscription">
              {t('home.ctaSignup')}
            </Link>
            <Link className="button button-secondary" to="/connexion">
              {t('home.ctaLogin')}
            </Link>
          </p>
        )}
      </section>
      <section aria-labelledby="latest-title">
        <h2 id="latest-title">{t('home.latest')}</h2>
        <ErrorMessage error={error} />
        {providers === null && !error && <Loading />}
        {providers?.length === 0 && <p>{t('home.empty')}</p>}
        {providers && providers.length > 0 && (
          <ul className="cards">
            {providers.map((p) => (
              <ProviderCard key={p.id} provider={p} />
            ))}
          </ul>
        )}
        {hasMore && (
          <button type="button" className="button button-secondary" disabled={loadingMore} onClick={() => void loadMore()}>
            {t('home.more')}
          </button>
        )}
      </section>
    </>
  );
}
