import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage } from '../../../components/common';
import { addMonths, formatDate, formatDeadline, formatMinutes, monthOf, todayIso } from '../../../lib/dates';
import { formatPrice } from '../../../lib/money';
import type { Service } from '../../profiles/api';
import { bookService, getAvailability, type Booking, type FreeDay, type NewBooking } from '../api';
import { bookingErrorCode, isStaleDay, monthsAround, type BookingErrorCode } from '../model';
import { MonthCalendar } from './MonthCalendar';

/** Months ahead a client may browse (the longest horizon a provider may set is 730 days). */
const MONTHS_AHEAD = 24;
const MAX_MESSAGE = 2000;

type MonthState = { days: Map<string, FreeDay> } | { error: unknown };

/**
 * A client books one of a provider's services: a free day in the month calendar, a free
 * start time for a session, a message; then says whether it is held for the provider's
 * answer (and until when) or confirmed.
 */
export function BookingForm({ providerId, providerName, service, idBase }: { providerId: string; providerName: string; service: Service; idBase: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const today = todayIso();
  const fromMonth = monthOf(today);
  const toMonth = addMonths(fromMonth, MONTHS_AHEAD);
  const session = service.booking?.kind === 'session' ? service.booking : null;

  const [month, setMonth] = useState(fromMonth);
  const [months, setMonths] = useState<Record<string, MonthState>>({});
  const [date, setDate] = useState<string | null>(null);
  const [start, setStart] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [missing, setMissing] = useState<'date' | 'start' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [booked, setBooked] = useState<Booking | null>(null);
  const asked = useRef(new Set<string>());
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const load = useCallback(
    (m: string) => {
      asked.current.add(m);
      getAvailability(providerId, service.name, m).then(
        (answer) => mounted.current && setMonths((all) => ({ ...all, [m]: { days: new Map(answer.days.map((d) => [d.date, d])) } })),
        (e: unknown) => {
          asked.current.delete(m);
          if (mounted.current) setMonths((all) => ({ ...all, [m]: { error: e } }));
        },
      );
    },
    [providerId, service.name],
  );

  // The month shown, and its neighbours (so that the arrow keys can walk into them).
  useEffect(() => {
    for (const m of monthsAround(month, fromMonth, toMonth)) if (!asked.current.has(m)) load(m);
  }, [month, fromMonth, toMonth, load]);

  const shown = months[month];
  const dayOf = (iso: string): FreeDay | undefined => {
    const state = months[monthOf(iso)];
    return state && 'days' in state ? state.days.get(iso) : undefined;
  };
  const chosen = date ? dayOf(date) : undefined;
  const starts = chosen?.free ? (chosen.starts ?? []) : [];
  const freeCount = shown && 'days' in shown ? [...shown.days.values()].filter((d) => d.free).length : null;

  function pick(next: string | null) {
    if (next && !dayOf(next)?.free) return;
    setDate(next);
    setStart(null);
    setMissing(null);
    setError(null);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!date) {
      setMissing('date');
      return;
    }
    if (session && !start) {
      setMissing('start');
      document.getElementById(`${idBase}-starts`)?.querySelector('input')?.focus();
      return;
    }
    setMissing(null);
    setBusy(true);
    setError(null);
    const input: NewBooking = { provider_id: providerId, service: service.name, date };
    if (session && start) input.start = start;
    if (message.trim()) input.message = message.trim();
    try {
      const answer = await bookService(input);
      setBooked(answer.booking);
      load(monthOf(date));
    } catch (e) {
      setError(e);
      const code = bookingErrorCode(e);
      if (isStaleDay(code)) {
        load(monthOf(date));
        if (code === 'slot_taken' || code === 'off_grid') setStart(null);
        else setDate(null);
      }
    } finally {
      setBusy(false);
    }
  }

  function again() {
    setBooked(null);
    setDate(null);
    setStart(null);
    setMessage('');
  }

  if (booked) return <Booked booking={booked} onAgain={again} />;

  const code: BookingErrorCode | null = bookingErrorCode(error);
  const when = session
    ? t('booking.sessionKind', { duration: formatMinutes(session.minutes, lang) })
    : t('booking.wholeDayKind');

  return (
    <form className="booking-form" noValidate onSubmit={(e) => void onSubmit(e)} aria-labelledby={`${idBase}-title`}>
      <h4 id={`${idBase}-title`}>{t('booking.title', { service: service.name })}</h4>
      <p className="hint">
        {when} · {formatPrice(service.price_cents, lang)} ·{' '}
        {service.instant ? t('booking.instantHint') : t('booking.onRequestHint', { name: providerName })}
      </p>
      <fieldset className="booking-date">
        <legend>{t('booking.date')}</legend>
        <p className="hint" id={`${idBase}-date-hint`}>
          {t('booking.dateHint')}
        </p>
        <MonthCalendar
          month={month}
          onMonthChange={setMonth}
          selected={date}
          onSelect={pick}
          isDisabled={(iso) => !dayOf(iso)?.free}
          describe={(iso) => (dayOf(iso)?.free ? '' : t('booking.unavailable'))}
          fromMonth={fromMonth}
          toMonth={toMonth}
          footer={
            shown === undefined
              ? t('booking.loadingMonth')
              : 'error' in shown
                ? t('booking.monthFailed')
                : freeCount === 0
                  ? t('booking.noFreeDay')
                  : date
                    ? t('booking.chosen', { date: formatDate(date, lang) })
                    : ''
          }
        />
        {shown && 'error' in shown && (
          <button type="button" className="button button-secondary button-small" onClick={() => load(month)}>
            {t('booking.retry')}
          </button>
        )}
        {missing === 'date' && (
          <p className="field-error" role="alert">
            {t('booking.missingDate')}
          </p>
        )}
      </fieldset>

      {session && date && (
        <fieldset className="booking-starts" id={`${idBase}-starts`} aria-describedby={`${idBase}-starts-hint`}>
          <legend>{t('booking.start')}</legend>
          <p className="hint" id={`${idBase}-starts-hint`}>
            {t('booking.startHint', { date: formatDate(date, lang), duration: formatMinutes(session.minutes, lang) })}
          </p>
          <div className="starts">
            {starts.map((s) => (
              <div className="start-choice" key={s}>
                <input
                  type="radio"
                  id={`${idBase}-start-${s.replace(':', '')}`}
                  name={`${idBase}-start`}
                  value={s}
                  checked={start === s}
                  onChange={() => {
                    setStart(s);
                    setMissing(null);
                  }}
                />
                <label htmlFor={`${idBase}-start-${s.replace(':', '')}`}>{s}</label>
              </div>
            ))}
          </div>
          {missing === 'start' && (
            <p className="field-error" role="alert">
              {t('booking.missingStart')}
            </p>
          )}
        </fieldset>
      )}

      <div className="field">
        <label htmlFor={`${idBase}-message`}>{t('booking.message')}</label>
        <textarea
          id={`${idBase}-message`}
          rows={3}
          maxLength={MAX_MESSAGE}
          value={message}
          aria-describedby={`${idBase}-message-hint`}
          onChange={(e) => setMessage(e.target.value)}
        />
        <p className="hint" id={`${idBase}-message-hint`}>
          {t('booking.messageHint', { name: providerName })}
        </p>
      </div>

      {code ? (
        <p className="notice notice-error" role="alert">
          {t(`booking.errors.${code}`)}
        </p>
      ) : (
        <ErrorMessage error={error} />
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('booking.sending') : service.instant ? t('booking.submitInstant') : t('booking.submit')}
      </button>
    </form>
  );
}

/** What became of the booking: held until the provider answers (by when), or confirmed. */
function Booked({ booking, onAgain }: { booking: Booking; onAgain: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const when = booking.start
    ? t('booking.whenAt', { date: formatDate(booking.date, lang), start: booking.start, end: booking.end ?? '' })
    : formatDate(booking.date, lang);
  return (
    <div className="booking-done" ref={ref} tabIndex={-1}>
      <p className="notice notice-success" role="status">
        {booking.state === 'confirmed'
          ? t('booking.confirmed', { service: booking.service, when, name: booking.provider_name })
          : t('booking.held', {
              service: booking.service,
              when,
              name: booking.provider_name,
              deadline: booking.hold_until ? formatDeadline(booking.hold_until, lang) : '',
            })}
      </p>
      <p className="actions">
        <Link to="/reservations">{t('booking.seeMine')}</Link>
        <button type="button" className="button button-secondary button-small" onClick={onAgain}>
          {t('booking.again')}
        </button>
      </p>
    </div>
  );
}
