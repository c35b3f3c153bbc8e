import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, LiveNotice, Loading, useDocumentTitle } from '../../../components/common';
import { todayIso } from '../../../lib/dates';
import { RequireRole } from '../../auth/components/RequireRole';
import { useMessagingEvents } from '../../messaging/MessagingProvider';
import { listMyBookings, type Booking, type BookingState } from '../api';
import { BookingCard, useBookingWhen } from '../components/BookingCard';
import { splitBookings } from '../model';

/** /reservations « Mes réservations »: the client's calendar bookings, upcoming first, then past ones. */
export function MyBookings() {
  const { t } = useTranslation();
  useDocumentTitle(t('myBookings.title'));
  return <RequireRole role="client">{() => <BookingList />}</RequireRole>;
}

function BookingList() {
  const { t } = useTranslation();
  const [bookings, setBookings] = useState<Booking[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const when = useBookingWhen();
  const latest = useRef(0);
  const mine = useRef(new Map<string, BookingState>());
  const pending = (id: string, state: BookingState) => mine.current.set(id, state);

  const reload = useCallback(() => {
    const call = ++latest.current;
    return listMyBookings().then(
      (answer) => {
        if (call !== latest.current) return null;
        setBookings(answer.bookings);
        setError(null);
        return answer.bookings;
      },
      (e: unknown) => {
        if (call === latest.current) setError(e);
        return null;
      },
    );
  }, []);
  useEffect(() => void reload(), [reload]);

  useMessagingEvents((event) => {
    if (event.type === 'sync') void reload();
    if (event.type !== 'booking') return;
    void reload().then((list) => {
      if (mine.current.get(event.booking_id) === event.state) return;
      const booking = list?.find((b) => b.id === event.booking_id);
      if (booking) setNotice(t(`myBookings.live.${booking.state}`, { name: booking.provider_name, service: booking.service, when: when(booking) }));
    });
  });

  function changed(booking: Booking) {
    mine.current.set(booking.id, booking.state);
    setNotice(t('myBookings.cancelled', { service: booking.service, when: when(booking) }));
    void reload();
  }

  const { upcoming, past } = splitBookings(bookings ?? [], todayIso());

  return (
    <section className="my-bookings">
      <h1>{t('myBookings.title')}</h1>
      <LiveNotice text={notice} onDismiss={() => setNotice('')} />
      <ErrorMessage error={error} />
      {bookings === null && !error && <Loading />}
      {bookings?.length === 0 && (
        <p className="empty">
          {t('myBookings.empty')} <Link to="/recherche">{t('myBookings.emptySearch')}</Link>
        </p>
      )}
      <BookingGroup id="upcoming" title={t('myBookings.upcoming')} bookings={upcoming} onChanged={changed} onPending={pending} />
      <BookingGroup id="past" title={t('myBookings.past')} bookings={past} onChanged={changed} onPending={pending} />
    </section>
  );
}

function BookingGroup({
  id,
  title,
  bookings,
  onChanged,
  onPending,
}: {
  id: string;
  title: string;
  bookings: Booking[];
  onChanged: (b: Booking) => void;
  onPending: (id: string, state: BookingState) => void;
}) {
  if (bookings.length === 0) return null;
  return (
    <section aria-labelledby={`bookings-${id}`}>
      <h2 id={`bookings-${id}`}>{title}</h2>
      <ul className="bookings">
        {bookings.map((b) => (
          <BookingCard key={b.id} booking={b} viewer="client" onChanged={onChanged} onPending={onPending} />
        ))}
      </ul>
    </section>
  );
}
