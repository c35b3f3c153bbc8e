import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { hasAccessToken, refresh, verifyEmail } from '../api';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/common';
import { ResendVerification } from '../components/ResendVerification';

export function Verify() {
  const { t } = useTranslation();
  useDocumentTitle(t('verify.title'));
  const [params] = useSearchParams();
  const token = params.get('token');
  const [state, setState] = useState<'pending' | 'done' | { error: unknown }>('pending');

  useEffect(() => {
    if (!token) return;
    let active = true;
    verifyEmail(token).then(
      () => {
        // A session open in this tab now has a stale `email_verified`: renew it.
        if (hasAccessToken()) void refresh().catch(() => undefined);
        if (active) setState('done');
      },
      (error: unknown) => active && setState({ error }),
    );
    return () => {
      active = false;
    };
  }, [token]);

  return (
    <section className="narrow">
      <h1>{t('verify.title')}</h1>
      {!token ? (
        <p className="notice notice-error" role="alert">
          {t('verify.missing')}
        </p>
      ) : state === 'pending' ? (
        <Loading />
      ) : state === 'done' ? (
        <>
          <p className="notice notice-success" role="status">
            {t('verify.success')}
          </p>
          <p>
            <Link className="button" to="/connexion">
              {t('verify.goLogin')}
            </Link>
          </p>
        </>
      ) : (
        <>
          <ErrorMessage error={state.error} />
          <h2>{t('resend.title')}</h2>
          <ResendVerification />
        </>
      )}
    </section>
  );
}
