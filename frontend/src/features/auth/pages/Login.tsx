import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ErrorMessage, useDocumentTitle } from '../../../components/common';
import { useAuth } from '../AuthProvider';

/** Only same-site paths are followed after login. */
export function safeNext(next: string | null): string {
  return next && /^\/(?![/\\])/u.test(next) && !next.includes('\\') ? next : '/profil';
}

export function Login() {
  const { t } = useTranslation();
  useDocumentTitle(t('login.title'));
  const { login, ready, user } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
      void navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  if (ready && user && !busy) return <Navigate to={safeNext(params.get('next'))} replace />;

  return (
    <section className="narrow">
      <h1>{t('login.title')}</h1>
      <form onSubmit={(e) => void onSubmit(e)} className="form">
        <div className="field">
          <label htmlFor="login-email">{t('login.email')}</label>
          <input id="login-email" name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <ErrorMessage error={error} />
        <button type="submit" className="button" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
      <p>
        <Link to="/mot-de-passe-oublie">{t('login.forgot')}</Link>
      </p>
      <p>
        {t('login.noAccount')} <Link to="/inscription">{t('nav.signup')}</Link>
      </p>
    </section>
  );
}
