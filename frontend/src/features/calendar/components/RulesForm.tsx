import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/common';
import { saveRules, type Rules } from '../api';
import { blockedKey, RULE_LIMITS, rulesDraft, rulesInput, STEPS, type RulesDraft, type RulesErrors } from '../model';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/**
 * The provider's availability rules: hours of each weekday (or a day off), blocked ranges
 * (holidays), notice and horizon of a booking, the grid of session starts, how long a
 * request holds a date.
 */
export function RulesForm({ rules, onSaved }: { rules: Rules; onSaved: (rules: Rules) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<RulesDraft>(() => rulesDraft(rules));
  const [errors, setErrors] = useState<RulesErrors>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  function change(patch: Partial<RulesDraft>) {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  }

  function setDay(i: number, patch: Partial<RulesDraft['week'][number]>) {
    change({ week: draft.week.map((d, j) => (j === i ? { ...d, ...patch } : d)) });
  }

  function setBlocked(key: number, patch: Partial<RulesDraft['blocked'][number]>) {
    change({ blocked: draft.blocked.map((b) => (b.key === key ? { ...b, ...patch } : b)) });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const converted = rulesInput(draft);
    if (!converted.ok) {
      setErrors(converted.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const answer = await saveRules(converted.rules);
      setDraft(rulesDraft(answer.rules));
      setSaved(true);
      onSaved(answer.rules);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const hasErrors = Object.keys(errors).length > 0;
  const numberError = (field: 'notice' | 'horizon' | 'hold') => {
    const code = errors[field];
    return code ? t(`rules.errors.${field}.${code}` as 'rules.errors.notice.invalid') : '';
  };

  return (
    <form className="form rules-form" noValidate onSubmit={(e) => void onSubmit(e)}>
      <fieldset>
        <legend>{t('rules.week')}</legend>
        <p className="hint">{t('rules.weekHint')}</p>
        <ul className="weekdays">
          {draft.week.map((day, i) => {
            const name = t(`rules.days.${WEEKDAYS[i] ?? 'monday'}`);
            const id = `rules-day-${i}`;
            const problem = errors.week?.[i];
            return (
              <li key={i} className="weekday">
                <div className="check">
                  <input id={`${id}-open`} type="checkbox" checked={day.open} onChange={(e) => setDay(i, { open: e.target.checked })} />
                  <label htmlFor={`${id}-open`}>{name}</label>
                </div>
                {day.open ? (
                  <div className="weekday-hours">
                    <label htmlFor={`${id}-start`}>
                      {t('rules.from')}
                      <span className="visually-hidden"> ({name})</span>
                    </label>
                    <input
                      id={`${id}-start`}
                      type="time"
                      step={900}
                      className="time-input"
                      value={day.start}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? `${id}-error` : undefined}
                      onChange={(e) => setDay(i, { start: e.target.value })}
                    />
                    <label htmlFor={`${id}-end`}>
                      {t('rules.to')}
                      <span className="visually-hidden"> ({name})</span>
                    </label>
                    <input
                      id={`${id}-end`}
                      type="time"
                      step={900}
                      className="time-input"
                      value={day.end}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? `${id}-error` : undefined}
                      onChange={(e) => setDay(i, { end: e.target.value })}
                    />
                  </div>
                ) : (
                  <span className="weekday-off">{t('rules.dayOff')}</span>
                )}
                {problem && (
                  <p className="field-error" id={`${id}-error`}>
                    {t(`rules.errors.day.${problem}`, { day: name })}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      </fieldset>

      <fieldset>
        <legend>{t('rules.blocked')}</legend>
        <p className="hint">{t('rules.blockedHint')}</p>
        {draft.blocked.length === 0 && <p className="hint">{t('rules.noBlocked')}</p>}
        <ol className="rows">
          {draft.blocked.map((b, index) => {
            const n = index + 1;
            const id = `rules-blocked-${b.key}`;
            const problem = errors.blocked?.[b.key];
            return (
              <li key={b.key} className="row">
                <div className="field-row">
                  <div className="field">
                    <label htmlFor={`${id}-from`}>{t('rules.blockedFrom', { n })}</label>
                    <input
                      id={`${id}-from`}
                      type="date"
                      className="date-input"
                      value={b.from}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? `${id}-error` : undefined}
                      onChange={(e) => setBlocked(b.key, { from: e.target.value, to: b.to || e.target.value })}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-to`}>{t('rules.blockedTo', { n })}</label>
                    <input
                      id={`${id}-to`}
                      type="date"
                      className="date-input"
                      min={b.from || undefined}
                      value={b.to}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? `${id}-error` : undefined}
                      onChange={(e) => setBlocked(b.key, { to: e.target.value })}
                    />
                  </div>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-note`}>{t('rules.blockedNote', { n })}</label>
                  <input id={`${id}-note`} maxLength={RULE_LIMITS.note} value={b.note} onChange={(e) => setBlocked(b.key, { note: e.target.value })} />
                </div>
                {problem && (
                  <p className="field-error" id={`${id}-error`}>
                    {t(`rules.errors.blocked.${problem}`, { n })}
                  </p>
                )}
                <button type="button" className="button button-small button-secondary" onClick={() => change({ blocked: draft.blocked.filter((x) => x.key !== b.key) })}>
                  {t('rules.blockedRemove', { n })}
                </button>
              </li>
            );
          })}
        </ol>
        {draft.blocked.length < RULE_LIMITS.blocked && (
          <button type="button" className="button button-secondary" onClick={() => change({ blocked: [...draft.blocked, { key: blockedKey(), from: '', to: '', note: '' }] })}>
            {t('rules.blockedAdd')}
          </button>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('rules.booking')}</legend>
        <div className="field-row">
          {(
            [
              ['notice', 0, RULE_LIMITS.notice],
              ['horizon', 1, RULE_LIMITS.horizon],
              ['hold', 1, RULE_LIMITS.hold],
            ] as const
          ).map(([field, min, max]) => (
            <div className="field" key={field}>
              <label htmlFor={`rules-${field}`}>{t(`rules.${field}`)}</label>
              <input
                id={`rules-${field}`}
                type="number"
                inputMode="numeric"
                min={min}
                max={max}
                className="number-input"
                value={draft[field]}
                aria-invalid={errors[field] ? true : undefined}
                aria-describedby={[`rules-${field}-hint`, errors[field] ? `rules-${field}-error` : ''].filter(Boolean).join(' ')}
                onChange={(e) => change({ [field]: e.target.value })}
              />
              <p className="hint" id={`rules-${field}-hint`}>
                {t(`rules.${field}Hint`)}
              </p>
              {errors[field] && (
                <p className="field-error" id={`rules-${field}-error`}>
                  {numberError(field)}
                </p>
              )}
            </div>
          ))}
          <div className="field">
            <label htmlFor="rules-step">{t('rules.step')}</label>
            <select id="rules-step" value={draft.step} aria-describedby="rules-step-hint" onChange={(e) => change({ step: Number(e.target.value) })}>
              {(STEPS.includes(draft.step as (typeof STEPS)[number]) ? STEPS : [...STEPS, draft.step]).map((m) => (
                <option key={m} value={m}>
                  {t('rules.stepOption', { count: m })}
                </option>
              ))}
            </select>
            <p className="hint" id="rules-step-hint">
              {t('rules.stepHint')}
            </p>
          </div>
        </div>
      </fieldset>

      {hasErrors && (
        <p className="notice notice-error" role="alert">
          {t('rules.fix')}
        </p>
      )}
      <div className="save-bar">
        <ErrorMessage error={error} />
        <div role="status" aria-live="polite">
          {saved && <p className="notice notice-success">{t('rules.saved')}</p>}
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('rules.saving') : t('rules.save')}
        </button>
      </div>
    </form>
  );
}
