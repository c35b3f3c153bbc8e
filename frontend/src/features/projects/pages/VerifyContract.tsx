import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, useDocumentTitle } from '../../../components/common';
import { formatDateTime } from '../../../lib/dates';
import { verifyHash, type Verification } from '../api';
import { hashInput, sha256Hex } from '../model';

type Result = { hash: string; from: 'file' | 'hash'; answer: Verification };

/** /verifier-un-contrat (public): a PDF's SHA-256, computed here, or a pasted one, checked against the contracts signed on Estrade. */
export function VerifyContract() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('verifyContract.title'));
  const [fileName, setFileName] = useState('');
  const [fileHash, setFileHash] = useState('');
  const [pasted, setPasted] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState<'computing' | 'checking' | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function check(hash: string, from: Result['from']) {
    setBusy('checking');
    setError(null);
    try {
      setResult({ hash, from, answer: await verifyHash(hash) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setResult(null);
    setError(null);
    setFileHash('');
    if (!file) return;
    setFileName(file.name);
    setBusy('computing');
    try {
      const hash = await sha256Hex(new Uint8Array(await file.arrayBuffer()));
      setFileHash(hash);
      await check(hash, 'file');
    } catch (e) {
      setError(e);
      setBusy(null);
    }
  }

  function onPaste(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const hash = hashInput(pasted);
    setInvalid(hash === null);
    setResult(null);
    if (hash) void check(hash, 'hash');
  }

  return (
    <section className="verify-contract narrow">
      <h1>{t('verifyContract.title')}</h1>
      <p>{t('verifyContract.intro')}</p>
      <div className="field">
        <label htmlFor="verify-file">{t('verifyContract.file')}</label>
        <input id="verify-file" type="file" accept="application/pdf,.pdf" onChange={(e) => void onFile(e)} />
      </div>
      {fileHash && (
        <div className="fingerprint">
          <p className="fingerprint-label" id="file-hash-label">
            {t('verifyContract.fileHash', { name: fileName })}
          </p>
          <p>
            <code className="hash" aria-labelledby="file-hash-label">
              {fileHash}
            </code>
          </p>
        </div>
      )}
      <form className="form verify-hash" onSubmit={onPaste} noValidate>
        <h2>{t('verifyContract.orHash')}</h2>
        <div className="field">
          <label htmlFor="verify-hash">{t('verifyContract.hash')}</label>
          <input
            id="verify-hash"
            type="text"
            spellCheck={false}
            autoComplete="off"
            className="hash-input"
            value={pasted}
            onChange={(e) => {
              setPasted(e.target.value);
              setInvalid(false);
            }}
            aria-describedby={invalid ? 'verify-hash-hint verify-hash-error' : 'verify-hash-hint'}
            aria-invalid={invalid || undefined}
          />
          <p id="verify-hash-hint" className="hint">
            {t('verifyContract.hashHint')}
          </p>
          {invalid && (
            <p id="verify-hash-error" className="field-error">
              {t('verifyContract.invalidHash')}
            </p>
          )}
        </div>
        <button type="submit" className="button button-secondary" disabled={busy !== null}>
          {t('verifyContract.check')}
        </button>
      </form>
      <div role="status" className="verify-result">
        {busy && <p className="loading">{t(`verifyContract.${busy}`)}</p>}
        {!busy && result?.answer.signed === true && (
          <p className="notice notice-success">{t('verifyContract.signed', { date: formatDateTime(result.answer.signed_at, i18n.language) })}</p>
        )}
        {!busy && result?.answer.signed === false && (
          <p className="notice notice-error">{result.from === 'file' ? t('verifyContract.notSigned') : t('verifyContract.notSignedHash')}</p>
        )}
      </div>
      <ErrorMessage error={error} />
    </section>
  );
}
