import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, LiveNotice, Loading, useDocumentTitle } from '../../../components/common';
import { formatDate, formatMonth, monthOf, todayIso } from '../../../lib/dates';
import { RequireRole } from '../../auth/components/RequireRole';
import { useMessaging, useMessagingEvents } from '../../messaging/MessagingProvider';
import { getBooking, getMyCalendar, type Booking, type BookingState, type ProviderMonth, type Rules } from '../api';
import { BookingCard, useBookingWhen } from '../components/BookingCard';
import { FeedLink } from '../components/FeedLink';
import { ImportedCalendars } from '../components/ImportedCalendars';
import { MonthCalendar } from '../components/MonthCalendar';
import { RulesForm } from '../components/RulesForm';
import { byStart, monthMarks } from '../model';

/** /calendrier: the provider's month (bookings, requests, event days, days off, busy days of its imported calendars), its agenda, rules, iCal feed and imported calendars. */
export function ProviderCalendar() {
  const { t } = useTranslation();
  useDocumentTitle(t('agenda.title'));
  return <RequireRole role="provider">{() => <CalendarPage />}</RequireRole>;
}

/** A month of the provider's calendar; `reload` keeps what is shown until the new answer comes. */
function useProviderMonth(month: string) {
  const [state, setState] = useState<{ month: string; data: ProviderMonth | null; error: unknown }>({ month, data: null, error: null });
  const latest = useRef(0);
  const reload = useCallback(() => {
    const call = ++latest.current;
    getMyCalendar(month).then(
      (data) => call === latest.current && setState({ month, data, error: null }),
      (error: unknown) => call === latest.current && setState((s) => ({ ...s, month, error })),
    );
  }, [month]);
  useEffect(() => reload(), [reload]);
  return { data: state.month === month ? state.data : null, error: state.month === month ? state.error : null, reload };
}

function CalendarPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { status } = useMessaging();
  const [month, setMonth] = useState(() => monthOf(todayIso()));
  const [day, setDay] = useState<string | null>(null);
  const { data, error, reload } = useProviderMonth(month);
  const [rules, setRules] = useState<Rules | null>(null);
  const [notice, setNotice] = useState('');
  const when = useBookingWhen();
  /** Changes made here: their live notice needs no status line. */
  const mine = useRef(new Map<string, BookingState>());

  useEffect(() => {
    if (data && !rules) setRules(data.rules);
  }, [data, rules]);

  useMessagingEvents((event) => {
    if (event.type === 'sync') reload();
    if (event.type !== 'booking') return;
    reload();
    if (mine.current.get(event.booking_id) === event.state) return;
    getBooking(event.booking_id).then(
      ({ booking }) => setNotice(t(`agenda.live.${booking.state}`, { name: booking.client_name, service: booking.service, when: when(booking) })),
      () => setNotice(t('agenda.live.changed')),
    );
  });

  const marks = useMemo(() => (data ? monthMarks(month, data) : null), [data, month]);
  const counts = useMemo(() => {
    const byDay = new Map<string, Partial<Record<BookingState, number>>>();
    for (const b of data?.bookings ?? []) {
      const c = byDay.get(b.date) ?? {};
      c[b.state] = (c[b.state] ?? 0) + 1;
      byDay.set(b.date, c);
    }
    return byDay;
  }, [data]);

  function describe(date: string): string {
    if (!marks) return '';
    const parts: string[] = [];
    const c = counts.get(date);
    if (c?.confirmed) parts.push(t('agenda.dayConfirmed', { count: c.confirmed }));
    if (c?.held) parts.push(t('agenda.dayHeld', { count: c.held }));
    if (marks.event.includes(date)) parts.push(t('agenda.dayEvent'));
    if (marks.off.includes(date)) parts.push(t('agenda.dayOff'));
    if (marks.imported.includes(date)) parts.push(t('agenda.dayImported'));
    return parts.join(', ');
  }

  function changed(booking: Booking) {
    mine.current.set(booking.id, booking.state);
    setNotice(t(`agenda.done.${booking.state}`, { name: booking.client_name, service: booking.service, when: when(booking) }));
    reload();
  }

  const bookings = (data?.bookings ?? []).filter((b) => !day || b.date === day).sort(byStart);
  const eventDay = day !== null && (marks?.event.includes(day) ?? false);

  return (
    <section className="provider-calendar">
      <h1>{t('agenda.title')}</h1>
      <LiveNotice text={notice} onDismiss={() => setNotice('')} />
      {status === 'polling' && (
        <p className="notice notice-warning" role="status">
          {t('agenda.offline')}
        </p>
      )}
      <div className="calendar-layout">
        <div className="calendar-month">
          <MonthCalendar
            month={month}
            onMonthChange={(m) => {
              setMonth(m);
              setDay(null);
            }}
            selected={day}
            onSelect={setDay}
            marks={marks ? { confirmed: marks.confirmed, held: marks.held, event: marks.event, off: marks.off, imported: marks.imported } : {}}
            describe={describe}
            footer={data ? '' : t('app.loading')}
          />
          <ul className="calendar-legend" aria-label={t('agenda.legend')}>
            <li>
              <span className="swatch swatch-confirmed" aria-hidden="true" /> {t('agenda.legendConfirmed')}
            </li>
            <li>
              <span className="swatch swatch-held" aria-hidden="true" /> {t('agenda.legendHeld')}
            </li>
            <li>
              <span className="swatch swatch-event" aria-hidden="true" /> {t('agenda.legendEvent')}
            </li>
            <li>
              <span className="swatch swatch-off" aria-hidden="true" /> {t('agenda.legendOff')}
            </li>
            <li>
              <span className="swatch swatch-imported" aria-hidden="true" /> {t('agenda.legendImported')}
            </li>
          </ul>
        </div>

        <section className="agenda" aria-labelledby="agenda-title">
          <div className="agenda-head">
            <h2 id="agenda-title">
              {day ? t('agenda.ofDay', { date: formatDate(day, lang) }) : t('agenda.ofMonth', { month: formatMonth(month, lang) })}
            </h2>
            {day && (
              <button type="button" className="link-button" onClick={() => setDay(null)}>
                {t('agenda.wholeMonth')}
              </button>
            )}
          </div>
          <ErrorMessage error={error} />
          {!data && !error && <Loading />}
          {eventDay && (
            <p className="notice notice-info">
              {t('agenda.eventDayText')} <Link to="/demandes?onglet=repondues">{t('agenda.eventDayLink')}</Link>
            </p>
          )}
          {data && bookings.length === 0 && <p className="empty">{day ? t('agenda.emptyDay') : t('agenda.emptyMonth')}</p>}
          {bookings.length > 0 && (
            <ul className="bookings">
              {bookings.map((b) => (
                <BookingCard key={b.id} booking={b} viewer="provider" onChanged={changed} onPending={(id, state) => mine.current.set(id, state)} />
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="rules-title" className="calendar-settings">
        <h2 id="rules-title">{t('rules.title')}</h2>
        <p>{t('rules.intro')}</p>
        {rules ? (
          <RulesForm
            rules={rules}
            onSaved={(saved) => {
              setRules(saved);
              reload();
            }}
          />
        ) : (
          !error && <Loading />
        )}
      </section>

      <section aria-labelledby="feed-title" className="calendar-settings">
        <h2 id="feed-title">{t('feed.title')}</h2>
        <FeedLink />
      </section>

      <section aria-labelledby="imports-title" className="calendar-settings">
        <h2 id="imports-title">{t('imports.title')}</h2>
        {data ? <ImportedCalendars imports={data.imports} onChanged={reload} /> : !error && <Loading />}
      </section>
    </section>
  );
}
