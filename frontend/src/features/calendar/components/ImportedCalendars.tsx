import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/common';
import { formatInstant } from '../../../lib/dates';
import { addImport, removeImport, type CalendarImport } from '../api';
import { importErrorCode, importUrlInput, MAX_IMPORTS, shortUrl, type ImportErrorCode } from '../model';

/**
 * « Agendas importés »: the provider's other calendars (secret iCal addresses) whose busy days
 * and times cannot be booked: the form to add one, and each one with its last sync, its last
 * error, its busy days and « Retirer ». `onChanged` reads the month again (its marks follow).
 */
export function ImportedCalendars({ imports, onChanged }: { imports: CalendarImport[]; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<ImportErrorCode | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const full = imports.length >= MAX_IMPORTS;

  async function add(e: FormEvent) {
    e.preventDefault();
    setStatus('');
    setError(null);
    const input = importUrlInput(text);
    if (!input.ok) {
      setFieldError(input.error);
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      await addImport(input.url);
      setText('');
      setStatus(t('imports.added'));
      onChanged();
    } catch (err) {
      const code = importErrorCode(err);
      if (code) setFieldError(code);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function remove(id: string) {
    setStatus('');
    setError(null);
    setBusy(true);
    try {
      await removeImport(id);
      setConfirming(null);
      setStatus(t('imports.removed'));
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="imports">
      <p>{t('imports.intro')}</p>
      {full ? (
        <p className="hint">{t('imports.full', { count: MAX_IMPORTS })}</p>
      ) : (
        <form className="import-form" onSubmit={(e) => void add(e)} noValidate aria-label={t('imports.formLabel')}>
          <div className="field">
            <label htmlFor="import-url">{t('imports.address')}</label>
            <div className="feed-url">
              <input
                id="import-url"
                type="url"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                placeholder="https://…/basic.ics"
                value={text}
                onChange={(e) => {
                  setText(e.target.value);
                  setFieldError(null);
                }}
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={fieldError ? 'import-url-error' : 'import-url-hint'}
              />
              <button type="submit" className="button" disabled={busy}>
                {t('imports.add')}
              </button>
            </div>
            {fieldError ? (
              <p className="field-error" id="import-url-error" role="alert">
                {t(`imports.errors.${fieldError}`, { count: MAX_IMPORTS })}
              </p>
            ) : (
              <p className="hint" id="import-url-hint">
                {t('imports.hint')}
              </p>
            )}
          </div>
        </form>
      )}
      <p className="feed-status" role="status">
        {status}
      </p>
      <ErrorMessage error={error} />
      {imports.length === 0 ? (
        <p className="empty">{t('imports.none')}</p>
      ) : (
        <ul className="imports-list">
          {imports.map((item) => (
            <li key={item.id} className={`import-card${item.last_error ? ' import-failed' : ''}`}>
              <h3 className="import-url" title={item.url}>
                {shortUrl(item.url)}
              </h3>
              <p className="import-meta">
                {item.last_sync_at === null
                  ? t('imports.notSynced')
                  : t('imports.lastSync', { when: formatInstant(item.last_sync_at, lang) })}
                {' · '}
                {t('imports.busyDays', { count: item.busy_days.length })}
              </p>
              {item.last_error && (
                <p className="notice notice-error" role="status">
                  {t('imports.lastError', { error: item.last_error })}
                </p>
              )}
              {confirming === item.id ? (
                <div className="confirm">
                  <p>{t('imports.removeText')}</p>
                  <div className="form-actions">
                    <button type="button" className="button button-danger" disabled={busy} onClick={() => void remove(item.id)}>
                      {t('imports.removeConfirm')}
                    </button>
                    <button type="button" className="link-button" onClick={() => setConfirming(null)}>
                      {t('imports.keep')}
                    </button>
                  </div>
                </div>
              ) : (
                <button
                  type="button"
                  className="button button-secondary"
                  aria-label={t('imports.removeLabel', { address: shortUrl(item.url) })}
                  onClick={() => setConfirming(item.id)}
                >
                  {t('imports.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
