import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../lib/i18n';
import { setPageTitle } from '../lib/tabBadge';

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

/** A polite live notice (e.g. "Trio Sirocco sent a quote"), shown until replaced. */
export function LiveNotice({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="live-notice-slot" role="status">
      {text && (
        <p className="notice notice-info live-notice">
          <span>{text}</span>
          <button type="button" className="link-button" onClick={onDismiss}>
            {t('live.dismiss')}
          </button>
        </p>
      )}
    </div>
  );
}
