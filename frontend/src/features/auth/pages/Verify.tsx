import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading, useDocumentTitle } from '../../../components/common';
import { hasAccessToken, refresh } from '../../../lib/api-client';
import { useTokenLink } from '../../../lib/tokenLink';
import { verifyEmail } from '../api';
import { ResendVerification } from '../components/ResendVerification';

/** Verifies the address, then renews a session open in this tab (its `email_verified` is stale). */
async function verifyAndRenew(token: string): Promise<void> {
  await verifyEmail(token);
  if (hasAccessToken()) void refresh().catch(() => undefined);
}

export function Verify() {
  const { t } = useTranslation();
  useDocumentTitle(t('verify.title'));
  const { token, state } = useTokenLink(verifyAndRenew);

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
