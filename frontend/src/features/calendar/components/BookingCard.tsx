import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage } from '../../../components/common';
import { formatDate, formatDeadline, todayIso } from '../../../lib/dates';
import { formatPrice } from '../../../lib/money';
import { answerBooking, cancelBooking, type Booking, type BookingState } from '../api';
import { bookingTone, canAnswer, canCancel, stateText } from '../model';

export function BookingBadge({ state }: { state: BookingState }) {
  const { t } = useTranslation();
  return <span className={`state state-${bookingTone(state)}`}>{t(`bookingStates.${state}`)}</span>;
}

/** "samedi 14 mars 2026, 10:00 – 11:00" or "samedi 14 mars 2026 (journée entière)". */
export function useBookingWhen(): (booking: Booking) => string {
  const { t, i18n } = useTranslation();
  return (b) =>
    b.start
      ? t('booking.whenAt', { date: formatDate(b.date, i18n.language), start: b.start, end: b.end ?? '' })
      : t('booking.whenDay', { date: formatDate(b.date, i18n.language) });
}

type Mode = null | 'decline' | 'cancel';

/**
 * One booking, for its provider (the agenda of /calendrier: confirm, decline with an
 * optional reason, cancel with a reason) or its client (/reservations: cancel with a reason).
 */
export function BookingCard({
  booking,
  viewer,
  onChanged,
  onPending,
}: {
  booking: Booking;
  viewer: 'client' | 'provider';
  /** After an answer or a cancellation, with the booking as the API returned it. */
  onChanged: (booking: Booking) => void;
  /**
   * Before an answer or a cancellation is sent, with the state it asks for: its live notice
   * may arrive before the API's answer, and the page must know the change is its own.
   */
  onPending?: (id: string, state: BookingState) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const when = useBookingWhen();
  const [mode, setMode] = useState<Mode>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const base = `booking-${booking.id}`.replace(/[^A-Za-z0-9_-]/gu, '_');
  const title = viewer === 'provider' ? `${booking.service} – ${booking.client_name}` : booking.service;
  const today = todayIso();

  async function run(state: BookingState, action: () => Promise<{ booking: Booking }>) {
    onPending?.(booking.id, state);
    setBusy(true);
    setError(null);
    try {
      const answer = await action();
      setMode(null);
      setReason('');
      onChanged(answer.booking);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function onReasonSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = reason.trim();
    if (mode === 'decline') void run('declined', () => answerBooking(booking.id, text ? { action: 'decline', reason: text } : { action: 'decline' }));
    if (mode === 'cancel' && text) void run('cancelled', () => cancelBooking(booking.id, text));
  }

  function choose(next: Mode) {
    setMode(mode === next ? null : next);
    setError(null);
  }

  return (
    <li className={`booking-card booking-${booking.state}`}>
      <article aria-labelledby={`${base}-title`}>
        <div className="request-head">
          <h3 id={`${base}-title`}>{title}</h3>
          <BookingBadge state={booking.state} />
        </div>
        <p className="booking-when">
          <time dateTime={booking.date}>{when(booking)}</time>
        </p>
        <p className="booking-meta">
          {viewer === 'client' && (
            <>
              <Link to={`/prestataires/${encodeURIComponent(booking.provider_id)}`}>{booking.provider_name}</Link>
              {' · '}
            </>
          )}
          {formatPrice(booking.price_cents, lang)}
        </p>
        {booking.message && (
          <blockquote
            className="client-message"
            aria-label={viewer === 'provider' ? t('agenda.messageOf', { name: booking.client_name }) : t('myBookings.yourMessage')}
          >
            <p className="prose">{booking.message}</p>
          </blockquote>
        )}
        <BookingStateText booking={booking} viewer={viewer} />

        {(canAnswer(booking) && viewer === 'provider') || canCancel(booking, today, viewer) ? (
          <div className="answer-choices" role="group" aria-label={t('agenda.actions', { title })}>
            {viewer === 'provider' && canAnswer(booking) && (
              <>
                <button type="button" className="button button-small" disabled={busy} onClick={() => void run('confirmed', () => answerBooking(booking.id, { action: 'confirm' }))}>
                  {t('agenda.confirm')}
                </button>
                <button type="button" className="button button-secondary button-small" aria-expanded={mode === 'decline'} onClick={() => choose('decline')}>
                  {t('agenda.decline')}
                </button>
              </>
            )}
            {canCancel(booking, today, viewer) && (
              <button type="button" className="button button-secondary button-small" aria-expanded={mode === 'cancel'} onClick={() => choose('cancel')}>
                {t('agenda.cancel')}
              </button>
            )}
          </div>
        ) : null}

        {mode && (
          <form className="answer-form" onSubmit={onReasonSubmit}>
            <p>{mode === 'decline' ? t('agenda.declineText') : viewer === 'provider' ? t('agenda.cancelTextProvider') : t('agenda.cancelTextClient', { name: booking.provider_name })}</p>
            <div className="field">
              <label htmlFor={`${base}-reason`}>{mode === 'decline' ? t('agenda.declineReason') : t('agenda.cancelReason')}</label>
              <textarea
                id={`${base}-reason`}
                rows={3}
                maxLength={1000}
                required={mode === 'cancel'}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </div>
            <div className="form-actions">
              <button type="submit" className={mode === 'cancel' ? 'button button-danger' : 'button'} disabled={busy || (mode === 'cancel' && !reason.trim())}>
                {mode === 'decline' ? t('agenda.declineConfirm') : t('agenda.cancelConfirm')}
              </button>
              <button type="button" className="link-button" onClick={() => choose(null)}>
                {t('agenda.keep')}
              </button>
            </div>
          </form>
        )}
        <ErrorMessage error={error} />
      </article>
    </li>
  );
}

/** What the booking's state means, for its provider or its client (and the reason of a decline or cancellation). */
function BookingStateText({ booking: b, viewer: side }: { booking: Booking; viewer: 'client' | 'provider' }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const deadline = b.hold_until ? formatDeadline(b.hold_until, lang) : '';
  const name = side === 'provider' ? b.client_name : b.provider_name;
  const text = t(`bookingState.${stateText(b, side)}`, { name, deadline });
  return (
    <div className="request-state">
      <p>{text}</p>
      {(b.state === 'declined' || b.state === 'cancelled') && b.reason && <p className="decline-reason">{t('request.reason', { reason: b.reason })}</p>}
      {b.project_id && (
        <p className="project-link">
          <Link to={`/projets/${encodeURIComponent(b.project_id)}`} aria-label={t('project.seeLabel', { title: b.service })}>
            {t('project.see')}
          </Link>
        </p>
      )}
    </div>
  );
}
