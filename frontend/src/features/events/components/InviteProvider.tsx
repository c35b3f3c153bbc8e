import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { UnverifiedHelp } from '../../auth/components/UnverifiedHelp';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/common';
import { useResource } from '../../../lib/useResource';
import { getFreeDays, type Availability } from '../../calendar/api';
import type { ProviderProfile } from '../../profiles/api';
import { inviteProvider, listEvents, type EstradeEvent } from '../api';
import { eventFreedom, eventMonths, formatDate } from '../model';

/** Longest invitation message (characters). */
export const INVITE_MESSAGE_MAX = 4000;

/**
 * "Inviter à un événement" (signed-in clients): pick one of my upcoming events (or create
 * one, coming back here with `?evenement=<id>`), the need, a message → the request. An event
 * on a day the provider is not free says so (the invitation may still be sent).
 */
export function InviteProvider({ profile }: { profile: ProviderProfile }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const preselected = params.get('evenement');
  const [open, setOpen] = useState(preselected !== null);
  const name = profile.stage_name || t('provider.unnamed');

  return (
    <section className="invite" aria-labelledby="invite-title">
      <h2 id="invite-title" className="visually-hidden">
        {t('invite.title', { name })}
      </h2>
      <button type="button" className="button" aria-expanded={open} aria-controls="invite-panel" onClick={() => setOpen((v) => !v)}>
        {t('invite.button')}
      </button>
      <div id="invite-panel" hidden={!open}>
        {open && <InviteForm profile={profile} preselected={preselected} />}
      </div>
    </section>
  );
}

/** Pages of my upcoming events read to offer them (20 a page, soonest first). */
const EVENT_PAGES = 10;

async function upcomingEvents(): Promise<EstradeEvent[]> {
  const events: EstradeEvent[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < EVENT_PAGES; page++) {
    const answer = await listEvents('upcoming', cursor);
    events.push(...answer.events);
    cursor = answer.next_cursor;
    if (!cursor) break;
  }
  return events;
}

/** The provider's whole days in `months`, each read once; a month that fails is left out (no warning for it). */
async function freeDaysOf(providerId: string, months: readonly string[]): Promise<Availability[]> {
  const answers = await Promise.allSettled(months.map((month) => getFreeDays(providerId, month)));
  return answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : []));
}

/** The need to preselect: the event's only one, else none. */
function defaultNeed(event: EstradeEvent | undefined): string {
  return event?.needs.length === 1 ? (event.needs[0] ?? '') : '';
}

function InviteForm({ profile, preselected }: { profile: ProviderProfile; preselected: string | null }) {
  const { t, i18n } = useTranslation();
  const [events, setEvents] = useState<EstradeEvent[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [eventId, setEventId] = useState(preselected ?? '');
  const [need, setNeed] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<{ event: EstradeEvent; need: string } | null>(null);
  const [missing, setMissing] = useState<'event' | 'need' | 'message' | null>(null);
  const name = profile.stage_name || t('provider.unnamed');

  useEffect(() => {
    let active = true;
    upcomingEvents().then(
      (upcoming) => {
        if (!active) return;
        const usable = upcoming.filter((e) => e.status === 'active');
        setEvents(usable);
        const chosen = usable.find((e) => e.id === preselected) ?? (usable.length === 1 ? usable[0] : undefined);
        setEventId(chosen?.id ?? '');
        setNeed(defaultNeed(chosen));
      },
      (e: unknown) => active && setLoadError(e),
    );
    return () => {
      active = false;
    };
  }, [preselected]);

  // Whether the provider is free on each event's day: the months of the events, read once each.
  const months = useMemo(() => (events ? eventMonths(events) : []), [events]);
  const monthsKey = months.join(' ');
  const freeDays = useResource(months.length > 0 ? () => freeDaysOf(profile.id, months) : null, [profile.id, monthsKey]);
  const freedom = useMemo(() => eventFreedom(events ?? [], freeDays.data ?? []), [events, freeDays.data]);

  const event = events?.find((e) => e.id === eventId) ?? null;
  const providerBusy = event !== null && freedom.get(event.id) === 'busy';
  const needs = event?.needs ?? [];
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const missingField = !event ? 'event' : !need.trim() ? 'need' : !message.trim() ? 'message' : null;
    setMissing(missingField);
    if (missingField) {
      document.getElementById(`invite-${missingField}`)?.focus();
      return;
    }
    if (!event) return;
    setBusy(true);
    setError(null);
    try {
      await inviteProvider(event.id, { provider_id: profile.id, need: need.trim(), message: message.trim() });
      setSent({ event, need: need.trim() });
      setMessage('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const createHref = `/evenements/nouveau?inviter=${encodeURIComponent(profile.id)}`;
  if (loadError) return <ErrorMessage error={loadError} />;
  if (events === null) return <Loading />;
  if (events.length === 0) {
    return (
      <div className="invite-form">
        <p>{t('invite.noEvents')}</p>
        <Link className="button button-secondary" to={createHref}>
          {t('invite.create')}
        </Link>
      </div>
    );
  }

  const describe = (field: 'event' | 'need' | 'message') => (missing === field ? 'invite-missing' : undefined);
  const eventDescription = [describe('event'), providerBusy ? 'invite-event-busy' : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <form className="form invite-form" noValidate onSubmit={(e) => void onSubmit(e)}>
      <div className="field">
        <label htmlFor="invite-event">{t('invite.event')}</label>
        <select
          id="invite-event"
          value={eventId}
          required
          aria-invalid={missing === 'event' ? true : undefined}
          aria-describedby={eventDescription}
          onChange={(e) => {
            setEventId(e.target.value);
            setNeed(defaultNeed(events.find((ev) => ev.id === e.target.value)));
            setSent(null);
          }}
        >
          <option value="">{t('invite.chooseEvent')}</option>
          {events.map((e) => (
            <option key={e.id} value={e.id}>
              {t(freedom.get(e.id) === 'busy' ? 'invite.eventOptionBusy' : 'invite.eventOption', {
                name: e.name,
                date: formatDate(e.date, i18n.language, 'short'),
              })}
            </option>
          ))}
        </select>
        <div aria-live="polite">
          {providerBusy && (
            <p className="notice notice-warning" id="invite-event-busy">
              <strong>{t('invite.busy', { name })}</strong> {t('invite.busyHint')}
            </p>
          )}
        </div>
        <p className="hint">
          <Link to={createHref}>{t('invite.createOther')}</Link>
        </p>
      </div>
      {event && needs.length > 0 && (
        <div className="field">
          <label htmlFor="invite-need">{t('invite.need')}</label>
          <select
            id="invite-need"
            value={need}
            required
            aria-invalid={missing === 'need' ? true : undefined}
            aria-describedby={describe('need')}
            onChange={(e) => setNeed(e.target.value)}
          >
            <option value="">{t('invite.chooseNeed')}</option>
            {needs.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      )}
      {event && needs.length === 0 && (
        <div className="field">
          <label htmlFor="invite-need">{t('invite.need')}</label>
          <input
            id="invite-need"
            value={need}
            required
            maxLength={100}
            aria-invalid={missing === 'need' ? true : undefined}
            aria-describedby={[describe('need'), 'invite-need-hint'].filter(Boolean).join(' ')}
            onChange={(e) => setNeed(e.target.value)}
          />
          <p className="hint" id="invite-need-hint">
            {t('invite.needHint')}
          </p>
        </div>
      )}
      <div className="field">
        <label htmlFor="invite-message">{t('invite.message')}</label>
        <textarea
          id="invite-message"
          rows={5}
          required
          maxLength={INVITE_MESSAGE_MAX}
          value={message}
          aria-invalid={missing === 'message' ? true : undefined}
          aria-describedby={[describe('message'), 'invite-message-hint'].filter(Boolean).join(' ')}
          onChange={(e) => setMessage(e.target.value)}
        />
        <p className="hint" id="invite-message-hint">
          {t('invite.messageHint', { name })}
        </p>
      </div>
      {missing && (
        <p className="field-error" id="invite-missing" role="alert">
          {t(`invite.missing.${missing}`)}
        </p>
      )}
      <ErrorMessage error={error} />
      <UnverifiedHelp error={error} />
      <div role="status">
        {sent && (
          <p className="notice notice-success">
            {t('invite.sent', { name, need: sent.need, event: sent.event.name })}{' '}
            <Link to={`/evenements/${encodeURIComponent(sent.event.id)}`}>{t('invite.seeEvent')}</Link>
          </p>
        )}
      </div>
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('invite.sending') : t('invite.send')}
      </button>
    </form>
  );
}
