import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, useDocumentTitle } from '../../../components/common';
import { requestPasswordReset } from '../api';

export function ForgotPassword() {
  const { t } = useTranslation();
  useDocumentTitle(t('forgot.title'));
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await requestPasswordReset(email.trim());
      setSentTo(email.trim());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <h1>{t('forgot.title')}</h1>
      {sentTo ? (
        <p className="notice notice-success" role="status">
          {t('forgot.sent', { email: sentTo })}
        </p>
      ) : (
        <form onSubmit={(e) => void onSubmit(e)} className="form">
          <p>{t('forgot.intro')}</p>
          <div className="field">
            <label htmlFor="forgot-email">{t('forgot.email')}</label>
            <input id="forgot-email" name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <ErrorMessage error={error} />
          <button type="submit" className="button" disabled={busy}>
            {t('forgot.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
