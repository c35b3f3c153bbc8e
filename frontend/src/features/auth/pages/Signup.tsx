import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, useDocumentTitle } from '../../../components/common';
import { signup } from '../api';
import { NewPasswordField } from '../components/NewPasswordField';
import { ResendVerification } from '../components/ResendVerification';

/** The two kinds of account, as the form offers them. */
const ROLES = [
  { role: 'client', label: 'signup.roleClient', hint: 'signup.roleClientHint' },
  { role: 'provider', label: 'signup.roleProvider', hint: 'signup.roleProviderHint' },
] as const;

export function Signup() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('signup.title'));
  const [role, setRole] = useState<'client' | 'provider'>('client');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signup({ email: email.trim(), password, role, name: name.trim(), lang: i18n.language });
      setSentTo(email.trim());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (sentTo) {
    return (
      <section className="narrow">
        <h1>{t('signup.checkEmailTitle')}</h1>
        <p className="notice notice-success" role="status">
          {t('signup.checkEmail', { email: sentTo })}
        </p>
        <ResendVerification email={sentTo} />
      </section>
    );
  }

  return (
    <section className="narrow">
      <h1>{t('signup.title')}</h1>
      <form onSubmit={(e) => void onSubmit(e)} className="form">
        <fieldset className="choices">
          <legend>{t('signup.roleLegend')}</legend>
          {ROLES.map((choice) => (
            <label key={choice.role} className="choice">
              <input
                type="radio"
                name="role"
                value={choice.role}
                checked={role === choice.role}
                onChange={() => setRole(choice.role)}
                aria-describedby={`role-${choice.role}-hint`}
              />
              <span>
                <strong>{t(choice.label)}</strong>
                <span className="hint" id={`role-${choice.role}-hint`}>
                  {t(choice.hint)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="signup-name">{t('signup.name')}</label>
          <input id="signup-name" name="name" autoComplete="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="signup-email">{t('signup.email')}</label>
          <input id="signup-email" name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <NewPasswordField id="signup-password" name="password" label={t('signup.password')} value={password} onChange={setPassword} />
        <ErrorMessage error={error} />
        <button type="submit" className="button" disabled={busy}>
          {t('signup.submit')}
        </button>
      </form>
      <p>
        {t('signup.haveAccount')} <Link to="/connexion">{t('nav.login')}</Link>
      </p>
    </section>
  );
}
