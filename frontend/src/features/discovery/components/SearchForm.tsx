import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchQuery } from '../model';
import type { PlaceChoice } from '../places';
import { PlaceCombobox } from './PlaceCombobox';

/** Kind of provider + city (autocomplete). Used on the home page and on /recherche. */
export function SearchForm({ idPrefix, initial, onSearch }: { idPrefix: string; initial: SearchQuery; onSearch: (query: SearchQuery) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState(initial.q);
  const [place, setPlace] = useState<PlaceChoice | null>(initial.place);
  const [cityText, setCityText] = useState(initial.place?.name ?? '');
  const [cityError, setCityError] = useState(false);

  // The URL changed (back button, a link): show its query.
  const initialCode = initial.place?.code ?? '';
  const initialName = initial.place?.name ?? '';
  useEffect(() => {
    setQ(initial.q);
    setPlace((current) => (current?.code === initialCode ? current : initialCode ? { code: initialCode, name: initialName } : null));
    if (initialCode) setCityText(initialName);
    setCityError(false);
  }, [initial.q, initialCode, initialName]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!place && cityText.trim()) {
      setCityError(true);
      document.getElementById(`${idPrefix}-city`)?.focus();
      return;
    }
    setCityError(false);
    onSearch({ q: q.trim(), place });
  }

  return (
    <form role="search" className="search-form" onSubmit={onSubmit} aria-label={t('search.formLabel')}>
      <div className="field">
        <label htmlFor={`${idPrefix}-q`}>{t('search.kind')}</label>
        <input
          id={`${idPrefix}-q`}
          type="search"
          name="q"
          enterKeyHint="search"
          maxLength={100}
          value={q}
          aria-describedby={`${idPrefix}-q-hint`}
          onChange={(e) => setQ(e.target.value)}
        />
        <p className="hint" id={`${idPrefix}-q-hint`}>
          {t('search.kindHint')}
        </p>
      </div>
      <PlaceCombobox
        id={`${idPrefix}-city`}
        label={t('search.city')}
        hint={t('search.cityHint')}
        value={place}
        onChange={(p) => {
          setPlace(p);
          if (p) setCityError(false);
        }}
        onText={setCityText}
        error={cityError ? t('places.choose') : undefined}
      />
      <button type="submit" className="button">
        {t('search.submit')}
      </button>
    </form>
  );
}
