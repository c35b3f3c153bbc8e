import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { changeStatus, type Project, type ProjectStatus } from '../api';
import { isStale, projectErrorCode } from '../model';
import { ProjectError } from './ProjectError';

/**
 * The statuses the caller may move the project to (`next`); a cancellation asks for its reason
 * first. A refusal because the project changed meanwhile says so and reloads the page.
 */
export function StatusActions({
  project,
  onPending,
  onChanged,
  onStale,
}: {
  project: Project;
  /** Before a change is sent: its live notice may come before the answer. */
  onPending: (status?: ProjectStatus) => void;
  onChanged: (project: Project) => void;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const other = project.side === 'client' ? project.provider_name : project.client_name;
  const forward = project.next.filter((s) => s !== 'cancelled');
  const canCancel = project.next.includes('cancelled');
  if (project.next.length === 0) return null;

  async function move(to: ProjectStatus, note?: string) {
    onPending(to);
    setBusy(true);
    setError(null);
    try {
      const answer = await changeStatus(project.id, note === undefined ? { from: project.status, to } : { from: project.status, to, note });
      setCancelling(false);
      setReason('');
      onChanged(answer.project);
    } catch (e) {
      setError(e);
      if (isStale(projectErrorCode(e))) onStale();
    } finally {
      setBusy(false);
    }
  }

  function onCancel(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const note = reason.trim();
    if (!note) {
      setMissing(true);
      return;
    }
    void move('cancelled', note);
  }

  return (
    <section className="project-actions" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('project.actions')}</h2>
      <div className="actions">
        {forward.map((to) => (
          <button key={to} type="button" className="button" disabled={busy} onClick={() => void move(to)}>
            {t(`project.moveTo.${to}`)}
          </button>
        ))}
        {canCancel && (
          <button
            type="button"
            className="button button-secondary"
            aria-expanded={cancelling}
            aria-controls="cancel-form"
            onClick={() => {
              setCancelling(!cancelling);
              setError(null);
            }}
          >
            {t('project.moveTo.cancelled')}
          </button>
        )}
      </div>
      {cancelling && (
        <form id="cancel-form" className="answer-form" aria-label={t('project.moveTo.cancelled')} onSubmit={onCancel} noValidate>
          <p>{t('project.cancelText', { name: other })}</p>
          <div className="field">
            <label htmlFor="cancel-reason">{t('project.cancelReason')}</label>
            <textarea
              id="cancel-reason"
              rows={3}
              maxLength={1000}
              required
              aria-describedby={missing ? 'cancel-hint cancel-missing' : 'cancel-hint'}
              aria-invalid={missing || undefined}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setMissing(false);
              }}
            />
            <p id="cancel-hint" className="hint">
              {t('project.cancelHint', { name: other })}
            </p>
            {missing && (
              <p id="cancel-missing" className="field-error">
                {t('project.reasonRequired')}
              </p>
            )}
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-danger" disabled={busy}>
              {t('project.cancelConfirm')}
            </button>
            <button type="button" className="link-button" onClick={() => setCancelling(false)}>
              {t('project.keep')}
            </button>
          </div>
        </form>
      )}
      <ProjectError error={error} />
    </section>
  );
}
