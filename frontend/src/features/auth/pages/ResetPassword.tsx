import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorMessage, useDocumentTitle } from '../../../components/common';
import { hasAccessToken } from '../../../lib/api-client';
import { confirmPasswordReset, logout } from '../api';
import { NewPasswordField } from '../components/NewPasswordField';

export function ResetPassword() {
  const { t } = useTranslation();
  useDocumentTitle(t('reset.title'));
  const [params] = useSearchParams();
  const token = params.get('token');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!token) return;
    setError(null);
    setMismatch(password !== confirm);
    if (password !== confirm) return;
    setBusy(true);
    try {
      await confirmPasswordReset(token, password);
      // A session open in this tab belonged to the old password: close it.
      if (hasAccessToken()) await logout().catch(() => undefined);
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  let body;
  if (!token) {
    body = (
      <p className="notice notice-error" role="alert">
        {t('reset.missing')}
      </p>
    );
  } else if (done) {
    body = (
      <>
        <p className="notice notice-success" role="status">
          {t('reset.success')}
        </p>
        <p>
          <Link className="button" to="/connexion">
            {t('nav.login')}
          </Link>
        </p>
      </>
    );
  } else {
    body = (
      <form onSubmit={(e) => void onSubmit(e)} className="form">
        <NewPasswordField id="reset-password" label={t('reset.password')} value={password} onChange={setPassword} />
        <NewPasswordField
          id="reset-confirm"
          label={t('reset.confirm')}
          withHint={false}
          invalid={mismatch}
          value={confirm}
          onChange={setConfirm}
        />
        {mismatch && (
          <p className="notice notice-error" role="alert">
            {t('reset.mismatch')}
          </p>
        )}
        <ErrorMessage error={error} />
        <button type="submit" className="button" disabled={busy}>
          {t('reset.submit')}
        </button>
      </form>
    );
  }

  return (
    <section className="narrow">
      <h1>{t('reset.title')}</h1>
      {body}
    </section>
  );
}
