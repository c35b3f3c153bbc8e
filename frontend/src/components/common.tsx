import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../i18n';
import { setPageTitle } from '../messaging/tabBadge';

/** Sets the tab title: "<page> · Estrade" (with the unread count in front, if any). */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    setPageTitle(title ? `${title} · Estrade` : 'Estrade');
  }, [title]);
}

/** An error from the API (or the network), in the current language. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  const { key, message } = describeError(error);
  return (
    <p className="notice notice-error" role="alert">
      {t(key, { message })}
    </p>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}
