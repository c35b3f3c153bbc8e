import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { requestSignCode, signContract, type Contract, type Project, type ProjectStatus } from '../api';
import { codeInput, isStale, projectErrorCode, signErrors, type SignFieldError } from '../model';
import { ProjectError } from './ProjectError';

/**
 * The signature of the side whose turn it is: typed full name, consent, a code emailed on
 * request, then « Signer » (client) or « Contresigner » (provider). The hash and consent
 * version sent are those of the contract shown.
 */
export function SignForm({
  project,
  contract,
  onPending,
  onSigned,
  onStale,
}: {
  project: Project;
  contract: Contract;
  onPending: (status?: ProjectStatus) => void;
  onSigned: () => void;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const client = project.side === 'client';
  const [name, setName] = useState('');
  const [consent, setConsent] = useState(false);
  const [code, setCode] = useState('');
  const [codeSent, setCodeSent] = useState(false);
  const [missing, setMissing] = useState<SignFieldError[]>([]);
  const [busy, setBusy] = useState<'code' | 'sign' | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function askCode() {
    setBusy('code');
    setError(null);
    try {
      await requestSignCode(project.id);
      setCodeSent(true);
    } catch (e) {
      setError(e);
      if (isStale(projectErrorCode(e))) onStale();
    } finally {
      setBusy(null);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = signErrors({ name, consent, code });
    setMissing(problems);
    if (problems.length > 0) {
      document.getElementById(`sign-${problems[0]}`)?.focus();
      return;
    }
    setBusy('sign');
    setError(null);
    // The provider's countersignature moves the project to « contract signed »; the client's
    // signature moves nothing.
    onPending(project.side === 'provider' ? 'contract_signed' : undefined);
    try {
      await signContract(project.id, {
        name: name.trim(),
        consent: true,
        consent_version: contract.consent.version,
        sha256: contract.sha256 ?? '',
        code,
      });
      onSigned();
    } catch (e) {
      setError(e);
      const code = projectErrorCode(e);
      if (code === 'wrong_code') setCode('');
      if (isStale(code)) onStale();
    } finally {
      setBusy(null);
    }
  }

  const invalid = (field: SignFieldError) =>
    missing.includes(field) ? { 'aria-invalid': true as const, 'aria-describedby': `sign-${field}-error` } : {};
  const fieldError = (field: SignFieldError) =>
    missing.includes(field) ? (
      <p id={`sign-${field}-error`} className="field-error">
        {t(`contract.missing.${field}`)}
      </p>
    ) : null;
  const title = client ? t('contract.signTitle') : t('contract.countersignTitle');

  return (
    <form className="sign-form form" aria-labelledby="sign-title" onSubmit={(e) => void onSubmit(e)} noValidate>
      <h3 id="sign-title">{title}</h3>
      <p>{t('contract.signIntro')}</p>
      <div className="field">
        <label htmlFor="sign-name">{t('contract.fullName')}</label>
        <input id="sign-name" type="text" autoComplete="name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} {...invalid('name')} />
        {fieldError('name')}
      </div>
      <div className="field field-check">
        <input id="sign-consent" type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} {...invalid('consent')} />
        <label htmlFor="sign-consent">{contract.consent.text}</label>
      </div>
      {fieldError('consent')}
      <div className="sign-code">
        <button type="button" className="button button-secondary" disabled={busy !== null} onClick={() => void askCode()}>
          {codeSent ? t('contract.getCodeAgain') : t('contract.getCode')}
        </button>
        <p role="status" className="hint">
          {codeSent ? t('contract.codeSent') : ''}
        </p>
      </div>
      <div className="field">
        <label htmlFor="sign-code">{t('contract.code')}</label>
        <input
          id="sign-code"
          className="code-input"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(codeInput(e.target.value))}
          {...invalid('code')}
        />
        {fieldError('code')}
      </div>
      <button type="submit" className="button" disabled={busy !== null}>
        {busy === 'sign' ? t('contract.signing') : client ? t('contract.sign') : t('contract.countersign')}
      </button>
      <ProjectError error={error} />
    </form>
  );
}
