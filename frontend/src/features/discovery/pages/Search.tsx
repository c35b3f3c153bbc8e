import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorMessage, Loading, useDocumentTitle } from '../../../components/common';
import { appendNew, usePagedList } from '../../../lib/usePagedList';
import { search, type SearchResult } from '../api';
import { ProviderCard } from '../components/ProviderCard';
import { SearchForm } from '../components/SearchForm';
import { searchFromParams, searchParams, type SearchQuery } from '../model';

/** /recherche?q=jazz&lieu=42218&ville=Saint-Étienne: the query lives in the URL (shareable). */
export function Search() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = searchFromParams(params);
  const { q } = query;
  const code = query.place?.code ?? '';
  const cityName = query.place?.name ?? '';
  useDocumentTitle(q ? t('search.titleFor', { q }) : t('search.title'));

  const {
    items: results,
    error,
    hasMore,
    loadingMore,
    loadMore,
  } = usePagedList<SearchResult>(
    (cursor) => search({ q, place: code, cursor: cursor ?? null }).then((page) => ({ items: page.results, next_cursor: page.next_cursor })),
    [q, code],
    appendNew,
  );

  function onSearch(next: SearchQuery) {
    setParams(searchParams(next));
  }

  let heading: string;
  if (q && code) heading = t('search.resultsForNear', { q, city: cityName });
  else if (q) heading = t('search.resultsFor', { q });
  else if (code) heading = t('search.resultsNear', { city: cityName });
  else heading = t('search.resultsAll');

  return (
    <section className="search">
      <h1>{t('search.title')}</h1>
      <SearchForm idPrefix="search" initial={query} onSearch={onSearch} />
      <section aria-labelledby="results-title" className="results">
        <h2 id="results-title">{heading}</h2>
        <ErrorMessage error={error} />
        {results === null && !error && <Loading />}
        <p className="visually-hidden" role="status">
          {results === null ? '' : t('search.count', { count: results.length })}
        </p>
        {results?.length === 0 && <p className="empty">{t('search.empty')}</p>}
        {results && results.length > 0 && (
          <ul className="cards">
            {results.map((r) => (
              <ProviderCard key={r.id} provider={r} match={r.match} />
            ))}
          </ul>
        )}
        {hasMore && (
          <button type="button" className="button button-secondary" disabled={loadingMore} onClick={() => void loadMore()}>
            {t('search.more')}
          </button>
        )}
      </section>
    </section>
  );
}
