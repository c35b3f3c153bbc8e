import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, LiveNotice, Loading, useDocumentTitle } from '../../../components/common';
import { formatInstant } from '../../../lib/dates';
import { useResource } from '../../../lib/useResource';
import { RequireRole } from '../../auth/components/RequireRole';
import { createTemplate, deleteTemplate, listTemplates, updateTemplate, type ContractTemplate, type TemplateList, type TemplateVariable } from '../api';
import { ContractText } from '../components/ContractText';
import { ProjectError } from '../components/ProjectError';
import { insertVariable, MAX_TEMPLATES, unknownVariables } from '../model';

/** /modeles-de-contrat: the provider's contract templates (list, new from the model or blank, edit with the variables and a preview, delete). */
export function Templates() {
  const { t } = useTranslation();
  useDocumentTitle(t('templates.title'));
  return <RequireRole role="provider">{() => <TemplatesPage />}</RequireRole>;
}

/** The template being edited: an existing one (its id) or a new one. */
type Editing = { id: string | null; name: string; body: string; key: number };

function TemplatesPage() {
  const { t, i18n } = useTranslation();
  const list = useResource(() => listTemplates(), []);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>(null);
  const keys = useRef(0);

  const data = list.data;
  const full = (data?.templates.length ?? 0) >= MAX_TEMPLATES;

  function open(template: Pick<ContractTemplate, 'name' | 'body'> & { id: string | null }) {
    setEditing({ ...template, key: ++keys.current });
    setNotice('');
    setError(null);
    requestAnimationFrame(() => document.getElementById('template-name')?.focus());
  }

  function saved(template: ContractTemplate, lists: TemplateList) {
    const others = lists.templates.filter((x) => x.id !== template.id);
    list.setData({ ...lists, templates: [...others, template].sort((a, b) => a.name.localeCompare(b.name)) });
    setEditing(null);
    setNotice(t('templates.saved', { name: template.name }));
  }

  async function remove(template: ContractTemplate) {
    if (!data) return;
    setError(null);
    try {
      await deleteTemplate(template.id);
      list.setData({ ...data, templates: data.templates.filter((x) => x.id !== template.id) });
      setDeleting(null);
      if (editing?.id === template.id) setEditing(null);
      setNotice(t('templates.deleted', { name: template.name }));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="templates-page">
      <h1>{t('templates.title')}</h1>
      <p>{t('templates.intro')}</p>
      <LiveNotice text={notice} onDismiss={() => setNotice('')} />
      <ErrorMessage error={list.error} />
      <ProjectError error={error} />
      {!data && !list.error && <Loading />}
      {data && (
        <>
          <div className="actions">
            <button type="button" className="button" disabled={full} onClick={() => open({ id: null, name: t('templates.newName'), body: data.model.body })}>
              {t('templates.newFromModel')}
            </button>
            <button type="button" className="button button-secondary" disabled={full} onClick={() => open({ id: null, name: '', body: '' })}>
              {t('templates.newBlank')}
            </button>
          </div>
          {full && <p className="notice notice-info">{t('templates.full')}</p>}

          {editing && (
            <TemplateForm
              key={editing.key}
              editing={editing}
              variables={data.variables}
              onCancel={() => setEditing(null)}
              onSaved={(template) => saved(template, data)}
            />
          )}

          <section aria-labelledby="mine-title">
            <h2 id="mine-title">{t('templates.mine')}</h2>
            {data.templates.length === 0 ? (
              <p className="empty">{t('templates.none')}</p>
            ) : (
              <ul className="template-list">
                {data.templates.map((tpl) => (
                  <li key={tpl.id} className="card">
                    <div className="request-head">
                      <h3>{tpl.name}</h3>
                      <span className="hint">{t('templates.updated', { date: formatInstant(tpl.updated_at, i18n.language) })}</span>
                    </div>
                    <div className="actions">
                      <button type="button" className="button button-small" aria-label={t('templates.editLabel', { name: tpl.name })} onClick={() => open(tpl)}>
                        {t('templates.edit')}
                      </button>
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={t('templates.deleteLabel', { name: tpl.name })}
                        aria-expanded={deleting === tpl.id}
                        onClick={() => setDeleting(deleting === tpl.id ? null : tpl.id)}
                      >
                        {t('templates.delete')}
                      </button>
                    </div>
                    {deleting === tpl.id && (
                      <div className="answer-form" role="group" aria-label={t('templates.deleteLabel', { name: tpl.name })}>
                        <p>{t('templates.deleteText', { name: tpl.name })}</p>
                        <div className="form-actions">
                          <button type="button" className="button button-danger" onClick={() => void remove(tpl)}>
                            {t('templates.deleteConfirm')}
                          </button>
                          <button type="button" className="link-button" onClick={() => setDeleting(null)}>
                            {t('templates.keep')}
                          </button>
                        </div>
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="model-title">
            <h2 id="model-title">{t('templates.model')}</h2>
            <p>{t('templates.modelHint')}</p>
            <details className="model-preview">
              <summary>{data.model.name}</summary>
              <ContractText text={data.model.body} />
            </details>
          </section>
        </>
      )}
    </section>
  );
}

function TemplateForm({
  editing,
  variables,
  onCancel,
  onSaved,
}: {
  editing: Editing;
  variables: TemplateVariable[];
  onCancel: () => void;
  onSaved: (template: ContractTemplate) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(editing.name);
  const [body, setBody] = useState(editing.body);
  const [missing, setMissing] = useState<{ name?: boolean; body?: boolean }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const unknown = unknownVariables(body, variables.map((v) => v.name));

  function insert(variable: string) {
    const el = area.current;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    const next = insertVariable(body, start, end, variable);
    setBody(next.text);
    setError(null);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = { name: !name.trim(), body: !body.trim() };
    setMissing(problems);
    if (problems.name || problems.body) return;
    setBusy(true);
    setError(null);
    try {
      const input = { name: name.trim(), body };
      const { template } = editing.id ? await updateTemplate(editing.id, input) : await createTemplate(input);
      onSaved(template);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="template-form form" aria-labelledby="template-form-title" onSubmit={(e) => void onSubmit(e)} noValidate>
      <h2 id="template-form-title">{editing.id ? t('templates.formEdit', { name: editing.name }) : t('templates.formNew')}</h2>
      <div className="field">
        <label htmlFor="template-name">{t('templates.name')}</label>
        <input
          id="template-name"
          type="text"
          maxLength={100}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
          aria-invalid={missing.name || undefined}
          aria-describedby={missing.name ? 'template-name-error' : undefined}
        />
        {missing.name && (
          <p id="template-name-error" className="field-error">
            {t('templates.missingName')}
          </p>
        )}
      </div>
      <div className="template-editor">
        <div className="field">
          <label htmlFor="template-body">{t('templates.body')}</label>
          <textarea
            id="template-body"
            ref={area}
            rows={20}
            value={body}
            onChange={(e) => {
              setBody(e.target.value);
              setError(null);
            }}
            aria-describedby={['template-body-hint', missing.body ? 'template-body-error' : '', unknown.length > 0 ? 'template-unknown' : ''].filter(Boolean).join(' ')}
            aria-invalid={missing.body || unknown.length > 0 || undefined}
          />
          <p id="template-body-hint" className="hint">
            {t('contract.textHint')}
          </p>
          {missing.body && (
            <p id="template-body-error" className="field-error">
              {t('templates.missingBody')}
            </p>
          )}
          {unknown.length > 0 && (
            <p id="template-unknown" className="field-error">
              {t('templates.unknownHere', { count: unknown.length, list: unknown.map((n) => `{{${n}}}`).join(', ') })}
            </p>
          )}
        </div>
        <fieldset className="variables">
          <legend>{t('templates.variables')}</legend>
          <p className="hint">{t('templates.variablesHint')}</p>
          <ul>
            {variables.map((v) => (
              <li key={v.name}>
                <button
                  type="button"
                  className="button button-secondary button-small variable-button"
                  aria-label={t('templates.insertLabel', { variable: `{{${v.name}}}`, means: v.means })}
                  onClick={() => insert(v.name)}
                >
                  <code>{`{{${v.name}}}`}</code>
                </button>{' '}
                <span className="hint">{v.means}</span>
              </li>
            ))}
          </ul>
        </fieldset>
      </div>
      <details className="template-preview" open>
        <summary>{t('templates.preview')}</summary>
        <ContractText text={body} label={t('templates.preview')} scrollable />
      </details>
      <ProjectError error={error} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {t('templates.save')}
        </button>
        <button type="button" className="link-button" onClick={onCancel}>
          {t('templates.close')}
        </button>
      </div>
    </form>
  );
}
