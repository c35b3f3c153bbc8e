import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading, useDocumentTitle } from '../../../components/common';
import { useTokenLink } from '../../../lib/tokenLink';
import { unsubscribeEmail } from '../api';

/** `/desabonnement?token=…`: the unsubscribe link of a message email (no login needed). */
export function Unsubscribe() {
  const { t } = useTranslation();
  useDocumentTitle(t('unsubscribe.title'));
  const { token, state } = useTokenLink(unsubscribeEmail);

  return (
    <section className="narrow">
      <h1>{t('unsubscribe.title')}</h1>
      {!token ? (
        <p className="notice notice-error" role="alert">
          {t('unsubscribe.missing')}
        </p>
      ) : state === 'pending' ? (
        <Loading />
      ) : state === 'done' ? (
        <>
          <p className="notice notice-success" role="status">
            {t('unsubscribe.success')}
          </p>
          <p>
            <Link to="/profil">{t('unsubscribe.profile')}</Link>
          </p>
        </>
      ) : (
        <ErrorMessage error={state.error} />
      )}
    </section>
  );
}
