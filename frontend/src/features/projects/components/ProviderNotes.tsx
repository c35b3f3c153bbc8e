import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/common';
import { saveNotes } from '../api';
import { MAX_NOTES } from '../model';

/** The provider's private notes on a project (never sent to the client). */
export function ProviderNotes({ projectId, notes }: { projectId: string; notes: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(notes);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const answer = await saveNotes(projectId, text);
      setText(answer.notes);
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="project-notes" aria-labelledby="notes-title">
      <h2 id="notes-title">{t('project.notes')}</h2>
      <form className="form" onSubmit={(e) => void onSubmit(e)}>
        <div className="field">
          <label htmlFor="project-notes" className="visually-hidden">
            {t('project.notes')}
          </label>
          <textarea
            id="project-notes"
            rows={5}
            maxLength={MAX_NOTES}
            aria-describedby="notes-hint"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setSaved(false);
            }}
          />
          <p id="notes-hint" className="hint">
            {t('project.notesHint')}
          </p>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={busy}>
            {busy ? t('project.saving') : t('project.notesSave')}
          </button>
          <span role="status">{saved ? t('project.notesSaved') : ''}</span>
        </div>
        <ErrorMessage error={error} />
      </form>
    </section>
  );
}
