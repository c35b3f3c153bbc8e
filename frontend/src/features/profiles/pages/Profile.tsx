import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { ErrorMessage, Loading, useDocumentTitle } from '../../../components/common';
import { useResource } from '../../../lib/useResource';
import { useAuth } from '../../auth/AuthProvider';
import { ResendVerification } from '../../auth/components/ResendVerification';
import { PlaceCombobox } from '../../discovery/components/PlaceCombobox';
import { getMyProfile, updateMyProfile, type Profile as ApiProfile } from '../api';
import { formatMinutes } from '../../../lib/dates';
import {
  BUFFER_MINUTES,
  choicesWith,
  clientDraft,
  clientInput,
  newServiceDraft,
  providerDraft,
  providerInput,
  REGIONS,
  rowKey,
  SESSION_MINUTES,
  sessionOf,
  type ClientDraft,
  type ProviderDraft,
  type ServiceDraft,
} from '../profileForm';

export function Profile() {
  const { t } = useTranslation();
  useDocumentTitle(t('profile.title'));
  const { ready, user } = useAuth();
  const location = useLocation();
  const needsProfile = user !== null && user.role !== 'admin';
  const { data: profile, error, setData: setProfile } = useResource(
    needsProfile ? () => getMyProfile().then((answer) => answer.profile) : null,
    [user],
  );

  if (!ready) return <Loading />;
  if (!user) return <Navigate to={`/connexion?next=${encodeURIComponent(location.pathname)}`} replace />;

  let body: ReactNode;
  if (user.role === 'admin') body = <p>{t('profile.adminNoProfile')}</p>;
  else if (error) body = <ErrorMessage error={error} />;
  else if (!profile) body = <Loading />;
  else if (profile.role === 'provider') body = <ProviderForm profile={profile} onSaved={setProfile} />;
  else body = <ClientForm profile={profile} onSaved={setProfile} />;

  return (
    <section className="profile">
      <h1>{t('profile.title')}</h1>
      {!user.email_verified && (
        <div className="notice notice-warning">
          <p>{t(user.role === 'provider' ? 'resend.unverifiedProvider' : 'resend.unverified')}</p>
          <ResendVerification email={user.email} />
        </div>
      )}
      {body}
    </section>
  );
}

interface FormProps<P> {
  profile: P;
  onSaved: (profile: ApiProfile) => void;
}

/** Save state shared by both forms: busy flag, server error, success notice. */
function useSave() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  async function save(run: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await run();
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, saved, save, setSaved };
}

function SaveBar({ busy, error, saved }: { busy: boolean; error: unknown; saved: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="save-bar">
      <ErrorMessage error={error} />
      <div role="status" aria-live="polite">
        {saved && <p className="notice notice-success">{t('profile.saved')}</p>}
      </div>
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('profile.saving') : t('profile.save')}
      </button>
    </div>
  );
}

function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  multiline?: boolean;
  hint?: string;
  maxLength?: number;
  autoComplete?: string;
  required?: boolean;
}) {
  const { id, label, value, onChange, multiline, hint, maxLength = 100, autoComplete, required = false } = props;
  const common = {
    id,
    value,
    maxLength,
    required,
    'aria-describedby': hint ? `${id}-hint` : undefined,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={5} {...common} /> : <input {...common} autoComplete={autoComplete ?? 'off'} />}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

function CheckField({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

const LONG = 5000;

function ProviderForm({ profile, onSaved }: FormProps<Extract<ApiProfile, { role: 'provider' }>>) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<ProviderDraft>(() => providerDraft(profile, i18n.language));
  const [badPrices, setBadPrices] = useState<number[]>([]);
  const { busy, error, saved, save, setSaved } = useSave();

  function set<K extends keyof ProviderDraft>(key: K, value: ProviderDraft[K]) {
    setSaved(false);
    setDraft((d) => ({ ...d, [key]: value }));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const converted = providerInput(draft);
    if (!converted.ok) {
      setBadPrices(converted.badPrices);
      return;
    }
    setBadPrices([]);
    await save(async () => {
      const answer = await updateMyProfile(converted.input);
      onSaved(answer.profile);
    });
  }

  const extraRegions = draft.regions.filter((r) => !(REGIONS as readonly string[]).includes(r));

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} >
      <p>{t('profile.providerIntro')}</p>
      <p>
        <Link to={`/prestataires/${encodeURIComponent(profile.id)}`} className="public-link">
          {t('profile.publicPage')}
        </Link>
      </p>

      <fieldset>
        <legend>{t('profile.identity')}</legend>
        <TextField id="stage-name" label={t('profile.stageName')} required value={draft.stage_name} onChange={(v) => set('stage_name', v)} />
        <TextField id="kind" label={t('profile.kind')} hint={t('profile.kindHint')} value={draft.kind} onChange={(v) => set('kind', v)} />
        <TextField id="presentation" label={t('profile.presentation')} multiline maxLength={LONG} value={draft.presentation} onChange={(v) => set('presentation', v)} />
        <TextField id="description" label={t('profile.description')} multiline maxLength={LONG} value={draft.description} onChange={(v) => set('description', v)} />
      </fieldset>

      <fieldset>
        <legend>{t('profile.members')}</legend>
        {draft.members.length === 0 && <p className="hint">{t('profile.noMembers')}</p>}
        <ol className="rows">
          {draft.members.map((m, i) => (
            <li key={m.key} className="row">
              <TextField
                id={`member-name-${m.key}`}
                label={t('profile.memberName', { n: i + 1 })}
                required
                value={m.name}
                onChange={(v) => set('members', draft.members.map((x) => (x.key === m.key ? { ...x, name: v } : x)))}
              />
              <TextField
                id={`member-role-${m.key}`}
                label={t('profile.memberRole', { n: i + 1 })}
                value={m.role}
                onChange={(v) => set('members', draft.members.map((x) => (x.key === m.key ? { ...x, role: v } : x)))}
              />
              <button type="button" className="button button-small button-secondary" onClick={() => set('members', draft.members.filter((x) => x.key !== m.key))}>
                {t('profile.memberRemove', { n: i + 1 })}
              </button>
            </li>
          ))}
        </ol>
        {draft.members.length < 20 && (
          <button type="button" className="button button-secondary" onClick={() => set('members', [...draft.members, { key: rowKey(), name: '', role: '' }])}>
            {t('profile.memberAdd')}
          </button>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('profile.offer')}</legend>
        <TextField id="venue-kinds" label={t('profile.venueKinds')} hint={t('profile.venueKindsHint')} maxLength={500} value={draft.venue_kinds} onChange={(v) => set('venue_kinds', v)} />
        <TextField id="duration" label={t('profile.duration')} maxLength={200} value={draft.duration} onChange={(v) => set('duration', v)} />
      </fieldset>

      <fieldset>
        <legend>{t('profile.area')}</legend>
        <PlaceCombobox
          id="city"
          label={t('profile.city')}
          hint={t('profile.cityHint')}
          value={draft.city_code ? { code: draft.city_code, name: draft.city } : null}
          onText={(city) => {
            set('city', city);
            set('city_code', null);
          }}
          onChange={(place) => {
            if (!place) return;
            set('city', place.name);
            set('city_code', place.code);
          }}
        />
        <CheckField id="all-france" label={t('profile.allFrance')} checked={draft.all_france} onChange={(v) => set('all_france', v)} />
        {!draft.all_france && (
          <fieldset className="regions">
            <legend>{t('profile.regions')}</legend>
            {[...REGIONS, ...extraRegions].map((region, i) => (
              <CheckField
                key={region}
                id={`region-${i}`}
                label={region}
                checked={draft.regions.includes(region)}
                onChange={(on) => set('regions', on ? [...draft.regions, region] : draft.regions.filter((r) => r !== region))}
              />
            ))}
          </fieldset>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('profile.price')}</legend>
        <TextField id="price-text" label={t('profile.priceText')} maxLength={200} value={draft.price_text} onChange={(v) => set('price_text', v)} />
      </fieldset>

      <fieldset>
        <legend>{t('profile.services')}</legend>
        {draft.services.length === 0 && <p className="hint">{t('profile.noServices')}</p>}
        <ol className="rows">
          {draft.services.map((s, i) => {
            const n = i + 1;
            const bad = badPrices.includes(n);
            const update = (patch: Partial<typeof s>) =>
              set('services', draft.services.map((x) => (x.key === s.key ? { ...x, ...patch } : x)));
            return (
              <li key={s.key} className="row">
                <TextField id={`service-name-${s.key}`} label={t('profile.serviceName', { n })} required value={s.name} onChange={(v) => update({ name: v })} />
                <TextField id={`service-description-${s.key}`} label={t('profile.serviceDescription', { n })} multiline maxLength={2000} value={s.description} onChange={(v) => update({ description: v })} />
                <div className="field">
                  <label htmlFor={`service-price-${s.key}`}>{t('profile.servicePrice', { n })}</label>
                  <input
                    id={`service-price-${s.key}`}
                    inputMode="decimal"
                    autoComplete="off"
                    className="price-input"
                    aria-invalid={bad}
                    aria-describedby={bad ? `service-price-${s.key}-error` : undefined}
                    value={s.price}
                    onChange={(e) => update({ price: e.target.value })}
                  />
                  {bad && (
                    <p className="field-error" id={`service-price-${s.key}-error`}>
                      {t('profile.badPrice', { n })}
                    </p>
                  )}
                </div>
                <ServiceBooking service={s} n={n} onChange={update} />
                <button type="button" className="button button-small button-secondary" onClick={() => set('services', draft.services.filter((x) => x.key !== s.key))}>
                  {t('profile.serviceRemove', { n })}
                </button>
              </li>
            );
          })}
        </ol>
        {draft.services.length < 30 && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => set('services', [...draft.services, newServiceDraft()])}
          >
            {t('profile.serviceAdd')}
          </button>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('profile.notifications')}</legend>
        <CheckField id="notify" label={t('profile.notifyByEmail')} checked={draft.notify_by_email} onChange={(v) => set('notify_by_email', v)} />
      </fieldset>

      {badPrices.length > 0 && (
        <p className="notice notice-error" role="alert">
          {badPrices.map((n) => t('profile.badPrice', { n })).join(' ')}
        </p>
      )}
      <SaveBar busy={busy} error={error} saved={saved} />
    </form>
  );
}

/** A service's booking kind (a whole day, or a session: length and buffer) and « Réservation immédiate ». */
function ServiceBooking({ service: s, n, onChange }: { service: ServiceDraft; n: number; onChange: (patch: Partial<ServiceDraft>) => void }) {
  const { t, i18n } = useTranslation();
  const kind = s.booking ?? 'whole_day';
  const { minutes, buffer } = sessionOf(s);
  const id = `service-${s.key}`;
  return (
    <fieldset className="service-booking">
      <legend>{t('profile.serviceBooking', { n })}</legend>
      <div className="choices" role="radiogroup" aria-labelledby={`${id}-kind-label`}>
        <p className="hint" id={`${id}-kind-label`}>
          {t('profile.bookingKind')}
        </p>
        {(['whole_day', 'session'] as const).map((value) => (
          <div className="choice" key={value}>
            <input
              type="radio"
              id={`${id}-kind-${value}`}
              name={`${id}-kind`}
              checked={kind === value}
              aria-describedby={`${id}-kind-${value}-hint`}
              onChange={() => onChange({ booking: value })}
            />
            <span>
              <label htmlFor={`${id}-kind-${value}`}>{t(`profile.bookingKinds.${value}`)}</label>
              <span className="hint" id={`${id}-kind-${value}-hint`}>
                {t(`profile.bookingKindHints.${value}`)}
              </span>
            </span>
          </div>
        ))}
      </div>
      {kind === 'session' && (
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-minutes`}>{t('profile.sessionMinutes')}</label>
            <select id={`${id}-minutes`} value={minutes} onChange={(e) => onChange({ minutes: Number(e.target.value) })}>
              {choicesWith(SESSION_MINUTES, minutes).map((m) => (
                <option key={m} value={m}>
                  {formatMinutes(m, i18n.language)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-buffer`}>{t('profile.sessionBuffer')}</label>
            <select
              id={`${id}-buffer`}
              value={buffer}
              aria-describedby={`${id}-buffer-hint`}
              onChange={(e) => onChange({ buffer: Number(e.target.value) })}
            >
              {choicesWith(BUFFER_MINUTES, buffer).map((m) => (
                <option key={m} value={m}>
                  {m === 0 ? t('profile.noBuffer') : formatMinutes(m, i18n.language)}
                </option>
              ))}
            </select>
            <p className="hint" id={`${id}-buffer-hint`}>
              {t('profile.sessionBufferHint')}
            </p>
          </div>
        </div>
      )}
      <div className="choice">
        <input
          id={`${id}-instant`}
          type="checkbox"
          checked={s.instant ?? false}
          aria-describedby={`${id}-instant-hint`}
          onChange={(e) => onChange({ instant: e.target.checked })}
        />
        <span>
          <label htmlFor={`${id}-instant`}>{t('profile.instant')}</label>
          <span className="hint" id={`${id}-instant-hint`}>
            {t('profile.instantHint')}
          </span>
        </span>
      </div>
    </fieldset>
  );
}

function ClientForm({ profile, onSaved }: FormProps<Extract<ApiProfile, { role: 'client' }>>) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ClientDraft>(() => clientDraft(profile));
  const { busy, error, saved, save, setSaved } = useSave();

  function set<K extends keyof ClientDraft>(key: K, value: ClientDraft[K]) {
    setSaved(false);
    setDraft((d) => ({ ...d, [key]: value }));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await save(async () => {
      const answer = await updateMyProfile(clientInput(draft));
      onSaved(answer.profile);
    });
  }

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} >
      <p>{t('profile.clientIntro')}</p>
      <fieldset>
        <legend>{t('profile.identity')}</legend>
        <TextField id="client-name" label={t('profile.name')} autoComplete="name" required value={draft.name} onChange={(v) => set('name', v)} />
        <div className="field">
          <label htmlFor="client-email">{t('profile.email')}</label>
          <input id="client-email" type="email" value={profile.email} readOnly />
        </div>
        <TextField id="client-city" label={t('profile.city')} autoComplete="address-level2" value={draft.city} onChange={(v) => set('city', v)} />
        <TextField
          id="venue-description"
          label={t('profile.venueDescription')}
          multiline
          maxLength={LONG}
          value={draft.venue_description}
          onChange={(v) => set('venue_description', v)}
        />
      </fieldset>
      <fieldset>
        <legend>{t('profile.notifications')}</legend>
        <CheckField id="notify" label={t('profile.notifyByEmail')} checked={draft.notify_by_email} onChange={(v) => set('notify_by_email', v)} />
      </fieldset>
      <SaveBar busy={busy} error={error} saved={saved} />
    </form>
  );
}
