import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/common';
import { formatInstant } from '../../../lib/dates';
import { useResource } from '../../../lib/useResource';
import { contractPdf, editContract, listTemplates, prepareContract, sendContract, type Contract, type Project, type ProjectStatus } from '../api';
import { groupedHash, isMyTurn, isStale, projectErrorCode } from '../model';
import { ContractText } from './ContractText';
import { ProjectError } from './ProjectError';
import { SignForm } from './SignForm';

export interface ContractCallbacks {
  /** A change made here (moving the project to `status`, if it does): its own live notices
   * need no status line. */
  onPending: (status?: ProjectStatus) => void;
  /** After a change here, with a line for the status line; the page reads the project again. */
  onChanged: (message: string) => void;
  /** The page shows an old state: read it again. */
  onStale: () => void;
}

/** The project's contract: the provider prepares, edits and sends a draft; both read, sign in turn and download the signed PDF. */
export function ContractSection({ project, contract, ...callbacks }: { project: Project; contract: Contract | null } & ContractCallbacks) {
  const { t } = useTranslation();
  const provider = project.side === 'provider';
  let body;
  if (!contract || contract.status === 'draft') {
    if (!provider) body = <p>{t('contract.noneClient', { name: project.provider_name })}</p>;
    else if (project.status !== 'confirmed') body = <p>{contract ? null : t('contract.notNow')}</p>;
    else body = <DraftContract project={project} draft={contract} {...callbacks} />;
  } else body = <SentContract project={project} contract={contract} {...callbacks} />;
  return (
    <section className="project-contract" aria-labelledby="contract-title">
      <h2 id="contract-title">{t('contract.title')}</h2>
      {body}
    </section>
  );
}

function DraftContract({ project, draft, onPending, onChanged, onStale }: { project: Project; draft: Contract | null } & ContractCallbacks) {
  const { t } = useTranslation();
  const templates = useResource(() => listTemplates(), []);
  const [choice, setChoice] = useState('model');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function prepare() {
    setBusy(true);
    setError(null);
    try {
      await prepareContract(project.id, choice);
      onChanged(t('contract.prepared'));
    } catch (e) {
      setError(e);
      if (isStale(projectErrorCode(e))) onStale();
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {!draft && <p>{t('contract.noneProvider')}</p>}
      <div className="contract-prepare">
        <div className="field">
          <label htmlFor="contract-template">{t('contract.template')}</label>
          {templates.data ? (
            <select id="contract-template" value={choice} onChange={(e) => setChoice(e.target.value)}>
              {templates.data.templates.map((tpl) => (
                <option key={tpl.id} value={tpl.id}>
                  {tpl.name}
                </option>
              ))}
              <option value={templates.data.model.id}>{t('contract.model', { name: templates.data.model.name })}</option>
            </select>
          ) : (
            <>{templates.error ? <ErrorMessage error={templates.error} /> : <Loading />}</>
          )}
          {draft && <p className="hint">{t('contract.prepareAgainHint')}</p>}
        </div>
        <div className="actions">
          <button type="button" className={draft ? 'button button-secondary' : 'button'} disabled={busy || !templates.data} onClick={() => void prepare()}>
            {draft ? t('contract.prepareAgain') : t('contract.prepare')}
          </button>
          <Link to="/modeles-de-contrat">{t('contract.manageTemplates')}</Link>
        </div>
        <ProjectError error={error} />
      </div>
      {draft && <DraftEditor key={`${draft.revision}:${draft.text.length}`} project={project} draft={draft} onPending={onPending} onChanged={onChanged} onStale={onStale} />}
    </>
  );
}

function DraftEditor({ project, draft, onPending, onChanged, onStale }: { project: Project; draft: Contract } & ContractCallbacks) {
  const { t } = useTranslation();
  const [text, setText] = useState(draft.text);
  const [revision, setRevision] = useState(draft.revision);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [baseline, setBaseline] = useState(draft.text);
  const [saved, setSaved] = useState('');
  const [error, setError] = useState<unknown>(null);
  const dirty = text !== baseline;

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setSaved('');
    try {
      await action();
    } catch (e) {
      setError(e);
      if (isStale(projectErrorCode(e))) onStale();
    } finally {
      setBusy(false);
    }
  }

  /** Saves the text if it changed; the revision to send. */
  async function save(): Promise<number> {
    if (!dirty) return revision;
    const { contract } = await editContract(project.id, text, revision);
    setRevision(contract.revision);
    setBaseline(contract.text);
    return contract.revision;
  }

  return (
    <div className="contract-draft">
      <p className="hint">{t('contract.draft', { revision, template: draft.template_name })}</p>
      <div className="contract-editor">
        <div className="field">
          <label htmlFor="contract-text">{t('contract.text')}</label>
          <textarea
            id="contract-text"
            rows={18}
            aria-describedby="contract-text-hint"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setSaved('');
            }}
          />
          <p id="contract-text-hint" className="hint">
            {t('contract.textHint')}
          </p>
        </div>
        <section className="contract-preview" aria-labelledby="contract-preview-title">
          <h3 id="contract-preview-title">{t('contract.preview')}</h3>
          <ContractText text={text} level={3} label={t('contract.preview')} scrollable />
        </section>
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={busy || !dirty}
          onClick={() =>
            void run(async () => {
              await save();
              setSaved(t('contract.saved'));
            })
          }
        >
          {t('contract.save')}
        </button>
        <button type="button" className="button" disabled={busy} aria-expanded={confirming} onClick={() => setConfirming(!confirming)}>
          {t('contract.send')}
        </button>
        <span role="status">{saved || (dirty ? t('contract.unsaved') : '')}</span>
      </div>
      {confirming && (
        <div className="answer-form" role="group" aria-label={t('contract.send')}>
          <p>{t('contract.sendText', { name: project.client_name })}</p>
          <div className="form-actions">
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const at = await save();
                  onPending('contract_sent');
                  await sendContract(project.id, at);
                  setConfirming(false);
                  onChanged(t('contract.sent', { name: project.client_name }));
                })
              }
            >
              {t('contract.sendConfirm')}
            </button>
            <button type="button" className="link-button" onClick={() => setConfirming(false)}>
              {t('project.keep')}
            </button>
          </div>
        </div>
      )}
      <ProjectError error={error} />
    </div>
  );
}

function SentContract({ project, contract, onPending, onChanged, onStale }: { project: Project; contract: Contract } & ContractCallbacks) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const signatures = [
    { role: t('contract.clientRole'), name: project.client_name, signature: contract.client_signature },
    { role: t('contract.providerRole'), name: project.provider_name, signature: contract.provider_signature },
  ];
  return (
    <div className="contract-sent">
      <p className="contract-meta">
        «&nbsp;{contract.template_name}&nbsp;» ·{' '}
        {contract.status === 'signed' && contract.signed_at
          ? t('contract.signedOn', { date: formatInstant(contract.signed_at, lang) })
          : contract.sent_at
            ? t('contract.sentOn', { date: formatInstant(contract.sent_at, lang) })
            : null}
      </p>
      <ContractText text={contract.text} label={t('contract.document')} />
      {contract.sha256 && (
        <div className="fingerprint">
          <p className="fingerprint-label" id="contract-sha-label">
            {t('contract.fingerprint')}
          </p>
          <p>
            <code aria-labelledby="contract-sha-label" className="hash" data-sha256={contract.sha256}>
              {contract.sha256}
            </code>
          </p>
          <p className="hint">{t('contract.fingerprintHint')}</p>
        </div>
      )}
      <h3>{t('contract.signatures')}</h3>
      <ul className="signatures">
        {signatures.map(({ role, name, signature }) => (
          <li key={role}>
            <span className="signature-role">{role}</span>{' '}
            {signature ? (
              <strong>{t('contract.signedBy', { name: signature.name, date: formatInstant(signature.at, lang) })}</strong>
            ) : (
              <span>
                {name} – {t('contract.notSigned')}
              </span>
            )}
          </li>
        ))}
      </ul>
      {contract.status === 'sent' && contract.awaiting && !isMyTurn(contract, project.side) && (
        <p className="notice notice-info">
          {contract.awaiting === 'client'
            ? t('contract.awaitingClient', { name: project.client_name })
            : t('contract.awaitingProvider', { name: project.provider_name })}
        </p>
      )}
      {isMyTurn(contract, project.side) && (
        <SignForm
          project={project}
          contract={contract}
          onPending={onPending}
          onSigned={() =>
            onChanged(project.side === 'client' ? t('contract.signed', { name: project.provider_name }) : t('contract.countersigned'))
          }
          onStale={onStale}
        />
      )}
      {contract.status === 'signed' && <PdfDownload projectId={project.id} pdf={contract.pdf} />}
      <AuditTrail contract={contract} project={project} />
    </div>
  );
}

function PdfDownload({ projectId, pdf }: { projectId: string; pdf: Contract['pdf'] }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setError(null), [pdf.ready]);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const { url } = await contractPdf(projectId);
      window.location.assign(url);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="contract-pdf" aria-labelledby="pdf-title">
      <h3 id="pdf-title">{t('contract.pdf')}</h3>
      <div role="status">
        {pdf.ready ? null : <p className="loading">{t('contract.pdfPending')}</p>}
      </div>
      {pdf.ready && (
        <>
          <button type="button" className="button" disabled={busy} onClick={() => void download()}>
            {busy ? t('contract.downloading') : t('contract.download')}
          </button>
          {pdf.sha256 && (
            <div className="fingerprint">
              <p className="fingerprint-label" id="pdf-sha-label">
                {t('contract.pdfFingerprint')}
              </p>
              <p>
                <code aria-labelledby="pdf-sha-label" className="hash" data-sha256={pdf.sha256}>
                  {pdf.sha256}
                </code>
              </p>
            </div>
          )}
          <p>
            <Link to="/verifier-un-contrat">{t('contract.verifyLink')}</Link>
          </p>
        </>
      )}
      <ProjectError error={error} />
    </section>
  );
}

function AuditTrail({ contract, project }: { contract: Contract; project: Project }) {
  const { t, i18n } = useTranslation();
  if (contract.audit.length === 0) return null;
  const name = (actor: string) => (actor === 'client' ? project.client_name : actor === 'provider' ? project.provider_name : t('contract.actors.platform'));
  return (
    <details className="audit">
      <summary>
        <h3>{t('contract.audit')}</h3>
      </summary>
      <p className="hint">{t('contract.auditHint')}</p>
      <ol className="audit-list">
        {[...contract.audit]
          .sort((a, b) => a.n - b.n)
          .map((entry) => (
            <li key={entry.n}>
              <time dateTime={new Date(entry.at * 1000).toISOString()}>{formatInstant(entry.at, i18n.language)}</time>{' '}
              <strong>{t(`contract.auditActions.${entry.action}`)}</strong> · {name(entry.actor)}
              {entry.ip && entry.ip !== 'unknown' ? ` · ${t('contract.auditFrom', { ip: entry.ip })}` : ''}
              {entry.detail && entry.action === 'sign_failed' ? ` · ${entry.detail}` : ''}
              <br />
              <code className="hash hash-small" title={entry.hash}>
                {groupedHash(entry.hash).slice(0, 17)}…
              </code>
            </li>
          ))}
      </ol>
    </details>
  );
}
