import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ErrorMessage, Loading, useDocumentTitle } from '../../../components/common';
import { ApiError } from '../../../lib/api-client';
import { useResource } from '../../../lib/useResource';
import { RequireRole } from '../../auth/components/RequireRole';
import { PlaceCombobox } from '../../discovery/components/PlaceCombobox';
import { createEvent, getEvent, updateEvent, type EstradeEvent } from '../api';
import {
  EVENT_LIMITS,
  eventDraft,
  eventInput,
  needKey,
  todayIso,
  yearsLater,
  type EventDraft,
  type EventErrors,
  type EventField,
} from '../model';

/** /evenements/nouveau (`?inviter=<provider id>` comes back to that provider) and /evenements/:id/modifier. */
export function EventFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  useDocumentTitle(id ? t('eventForm.editTitle') : t('eventForm.newTitle'));
  return <RequireRole role="client">{() => (id ? <EditEvent key={id} id={id} /> : <EventEditor event={null} />)}</RequireRole>;
}

function EditEvent({ id }: { id: string }) {
  const { t } = useTranslation();
  const { data: event, error } = useResource(() => getEvent(id).then((answer) => answer.event), [id]);
  if (error) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <section className="narrow">
        <h1>{notFound ? t('dashboard.notFound') : t('errors.title')}</h1>
        {!notFound && <ErrorMessage error={error} />}
        <p>
          <Link to="/evenements">{t('dashboard.back')}</Link>
        </p>
      </section>
    );
  }
  if (!event) return <Loading />;
  if (event.status === 'cancelled') {
    return (
      <section className="narrow">
        <h1>{t('eventForm.editTitle')}</h1>
        <p>{t('eventForm.cancelled')}</p>
        <p>
          <Link to={`/evenements/${encodeURIComponent(id)}`}>{t('eventForm.backToEvent')}</Link>
        </p>
      </section>
    );
  }
  return <EventEditor event={event} />;
}

const FIELD_IDS: Record<EventField, string> = {
  name: 'event-name',
  date: 'event-date',
  start_time: 'event-start',
  end_time: 'event-end',
  place: 'event-city',
  guests: 'event-guests',
  budget: 'event-budget',
  needs: 'event-need-add',
};

function EventEditor({ event }: { event: EstradeEvent | null }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const invite = params.get('inviter');
  const [draft, setDraft] = useState<EventDraft>(() => eventDraft(event, i18n.language));
  const [errors, setErrors] = useState<EventErrors>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const today = todayIso();
  const focusNeed = useRef<number | null>(null);

  function set<K extends keyof EventDraft>(key: K, value: EventDraft[K]) {
    setDraft((d) => ({ ...d, [key]: value }));
  }

  useEffect(() => {
    if (focusNeed.current === null) return;
    document.getElementById(`event-need-${focusNeed.current}`)?.focus();
    focusNeed.current = null;
  });

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // A new event cannot be in the past; an existing one keeps its date.
    const converted = eventInput(draft, event && draft.date === event.date ? {} : { today });
    if (!converted.ok) {
      setErrors(converted.errors);
      const first = (Object.keys(FIELD_IDS) as EventField[]).find((f) => converted.errors[f]);
      if (first) document.getElementById(FIELD_IDS[first])?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    setError(null);
    try {
      const saved = event ? await updateEvent(event.id, converted.input) : await createEvent(converted.input);
      const id = saved.event.id;
      if (!event && invite) {
        void navigate(`/prestataires/${encodeURIComponent(invite)}?evenement=${encodeURIComponent(id)}`);
      } else {
        void navigate(`/evenements/${encodeURIComponent(id)}`);
      }
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const message = (field: EventField) => {
    const code = errors[field];
    return code ? t(`eventForm.errors.${field}.${code}` as 'eventForm.errors.name.required') : undefined;
  };
  const invalid = (field: EventField) => (errors[field] ? true : undefined);
  const describe = (field: EventField, hint?: string) =>
    [hint, errors[field] ? `${FIELD_IDS[field]}-error` : ''].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: EventField) =>
    errors[field] ? (
      <p className="field-error" id={`${FIELD_IDS[field]}-error`}>
        {message(field)}
      </p>
    ) : null;
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <section className="event-form">
      <h1>{event ? t('eventForm.editTitle') : t('eventForm.newTitle')}</h1>
      {!event && invite && <p className="notice notice-info">{t('eventForm.inviteAfter')}</p>}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)}>
        {hasErrors && (
          <p className="notice notice-error" role="alert">
            {t('eventForm.fix')}
          </p>
        )}
        <fieldset>
          <legend>{t('eventForm.what')}</legend>
          <div className="field">
            <label htmlFor="event-name">{t('eventForm.name')}</label>
            <input
              id="event-name"
              required
              maxLength={EVENT_LIMITS.name}
              value={draft.name}
              aria-invalid={invalid('name')}
              aria-describedby={describe('name', 'event-name-hint')}
              onChange={(e) => set('name', e.target.value)}
            />
            <p className="hint" id="event-name-hint">
              {t('eventForm.nameHint')}
            </p>
            {fieldError('name')}
          </div>
          <div className="field">
            <label htmlFor="event-description">{t('eventForm.description')}</label>
            <textarea
              id="event-description"
              rows={4}
              maxLength={EVENT_LIMITS.text}
              value={draft.description}
              onChange={(e) => set('description', e.target.value)}
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('eventForm.when')}</legend>
          <div className="field">
            <label htmlFor="event-date">{t('eventForm.date')}</label>
            <input
              id="event-date"
              type="date"
              required
              min={event ? undefined : today}
              max={yearsLater(today, 5)}
              value={draft.date}
              aria-invalid={invalid('date')}
              aria-describedby={describe('date')}
              onChange={(e) => set('date', e.target.value)}
              className="date-input"
            />
            {fieldError('date')}
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor="event-start">{t('eventForm.start')}</label>
              <input
                id="event-start"
                type="time"
                value={draft.start_time}
                aria-invalid={invalid('start_time')}
                aria-describedby={describe('start_time')}
                onChange={(e) => set('start_time', e.target.value)}
                className="time-input"
              />
              {fieldError('start_time')}
            </div>
            <div className="field">
              <label htmlFor="event-end">{t('eventForm.end')}</label>
              <input
                id="event-end"
                type="time"
                value={draft.end_time}
                aria-invalid={invalid('end_time')}
                aria-describedby={describe('end_time')}
                onChange={(e) => set('end_time', e.target.value)}
                className="time-input"
              />
              {fieldError('end_time')}
            </div>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('eventForm.where')}</legend>
          <PlaceCombobox
            id="event-city"
            label={t('eventForm.city')}
            hint={t('eventForm.cityHint')}
            required
            value={draft.place}
            onChange={(p) => set('place', p)}
            error={message('place')}
          />
          <div className="field">
            <label htmlFor="event-address">{t('eventForm.address')}</label>
            <input
              id="event-address"
              autoComplete="street-address"
              maxLength={EVENT_LIMITS.address}
              value={draft.address}
              aria-describedby="event-address-hint"
              onChange={(e) => set('address', e.target.value)}
            />
            <p className="hint" id="event-address-hint">
              {t('eventForm.addressHint')}
            </p>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('eventForm.size')}</legend>
          <div className="field">
            <label htmlFor="event-guests">{t('eventForm.guests')}</label>
            <input
              id="event-guests"
              inputMode="numeric"
              pattern="[0-9]*"
              className="number-input"
              value={draft.guests}
              aria-invalid={invalid('guests')}
              aria-describedby={describe('guests')}
              onChange={(e) => set('guests', e.target.value)}
            />
            {fieldError('guests')}
          </div>
          <div className="field">
            <label htmlFor="event-budget">{t('eventForm.budget')}</label>
            <input
              id="event-budget"
              inputMode="decimal"
              className="price-input"
              value={draft.budget}
              aria-invalid={invalid('budget')}
              aria-describedby={describe('budget', 'event-budget-hint')}
              onChange={(e) => set('budget', e.target.value)}
            />
            <p className="hint" id="event-budget-hint">
              {t('eventForm.budgetHint')}
            </p>
            {fieldError('budget')}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('eventForm.needs')}</legend>
          <p className="hint" id="event-needs-hint">
            {t('eventForm.needsHint')}
          </p>
          {draft.needs.length === 0 && <p className="hint">{t('eventForm.noNeeds')}</p>}
          <ol className="needs-rows">
            {draft.needs.map((need, i) => (
              <li key={need.key} className="need-row">
                <label htmlFor={`event-need-${need.key}`} className="visually-hidden">
                  {t('eventForm.need', { n: i + 1 })}
                </label>
                <input
                  id={`event-need-${need.key}`}
                  maxLength={EVENT_LIMITS.need}
                  value={need.value}
                  aria-describedby="event-needs-hint"
                  placeholder={t('eventForm.needPlaceholder')}
                  onChange={(e) =>
                    set(
                      'needs',
                      draft.needs.map((n) => (n.key === need.key ? { ...n, value: e.target.value } : n)),
                    )
                  }
                />
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-label={t('eventForm.needRemove', { n: i + 1 })}
                  onClick={() => {
                    set('needs', draft.needs.filter((n) => n.key !== need.key));
                    document.getElementById('event-need-add')?.focus();
                  }}
                >
                  {t('eventForm.remove')}
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            id="event-need-add"
            className="button button-secondary button-small"
            disabled={draft.needs.length >= EVENT_LIMITS.needs}
            aria-describedby={describe('needs')}
            onClick={() => {
              const key = needKey();
              focusNeed.current = key;
              set('needs', [...draft.needs, { key, value: '' }]);
            }}
          >
            {t('eventForm.needAdd')}
          </button>
          {fieldError('needs')}
        </fieldset>

        <ErrorMessage error={error} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('eventForm.saving') : event ? t('eventForm.save') : t('eventForm.create')}
          </button>
          <Link to={event ? `/evenements/${encodeURIComponent(event.id)}` : '/evenements'}>{t('eventForm.cancel')}</Link>
        </div>
      </form>
    </section>
  );
}
