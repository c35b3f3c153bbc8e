import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/common';
import { renewFeed } from '../api';

/**
 * The provider's iCal subscription address: drawn anew on request (the server keeps only
 * a digest, so an address is shown once, when it is made; a new one replaces the old),
 * with a copy button and what to do with it.
 */
export function FeedLink() {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const input = useRef<HTMLInputElement>(null);

  async function renew() {
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      const answer = await renewFeed();
      setUrl(answer.url);
      setConfirming(false);
      setStatus(t(url ? 'feed.renewed' : 'feed.made'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setStatus(t('feed.copied'));
    } catch {
      // No clipboard access (an insecure origin, a refusal): select the text for Ctrl+C.
      input.current?.select();
      setStatus(t('feed.selectToCopy'));
    }
  }

  return (
    <div className="feed">
      <p>{t('feed.intro')}</p>
      <p className="hint">{t('feed.secret')}</p>
      {url && (
        <div className="field">
          <label htmlFor="feed-url">{t('feed.address')}</label>
          <div className="feed-url">
            <input id="feed-url" ref={input} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" className="button button-secondary" onClick={() => void copy()}>
              {t('feed.copy')}
            </button>
          </div>
        </div>
      )}
      {!url || !confirming ? (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => (url ? setConfirming(true) : void renew())}
        >
          {url ? t('feed.renew') : t('feed.get')}
        </button>
      ) : (
        <div className="confirm">
          <p>{t('feed.renewConfirmText')}</p>
          <div className="form-actions">
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void renew()}>
              {t('feed.renewConfirm')}
            </button>
            <button type="button" className="link-button" onClick={() => setConfirming(false)}>
              {t('feed.keep')}
            </button>
          </div>
        </div>
      )}
      <p className="feed-status" role="status">
        {status}
      </p>
      <ErrorMessage error={error} />
    </div>
  );
}
