import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/common';
import { resendVerification } from '../api';

/** Asks for a new verification email; asks for the address when it is not known. */
export function ResendVerification({ email: knownEmail }: { email?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = (knownEmail ?? email).trim();
    setBusy(true);
    setError(null);
    try {
      await resendVerification(target);
      setSentTo(target);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (sentTo) {
    return (
      <p className="notice notice-success" role="status">
        {t('resend.sent', { email: sentTo })}
      </p>
    );
  }
  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)}>
      {knownEmail === undefined && (
        <div className="field">
          <label htmlFor={id}>{t('resend.email')}</label>
          <input id={id} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
      )}
      <ErrorMessage error={error} />
      <button type="submit" className="button button-secondary" disabled={busy}>
        {t('resend.button')}
      </button>
    </form>
  );
}
