import { lazy, Suspense, useState } from 'react';
import { UnverifiedHelp } from '../../auth/components/UnverifiedHelp';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorMessage, Loading, useDocumentTitle } from '../../../components/common';
import { ApiError } from '../../../lib/api-client';
import { formatPrice } from '../../../lib/money';
import { useResource } from '../../../lib/useResource';
import { useAuth } from '../../auth/AuthProvider';
import { InviteProvider } from '../../events/components/InviteProvider';
import { startConversation } from '../../messaging/api';
import { getProvider, type ProviderProfile, type Service } from '../api';

// The booking form carries the date picker (react-day-picker and date-fns): loaded when a client opens it.
const BookingForm = lazy(() => import('../../calendar/components/BookingForm').then((m) => ({ default: m.BookingForm })));

export function ProviderPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const { data: profile, error } = useResource(() => getProvider(id).then((answer) => answer.profile), [id]);
  useDocumentTitle(profile ? profile.stage_name || t('provider.unnamed') : '');

  if (error) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <section className="narrow">
        <h1>{notFound ? t('provider.notFound') : t('errors.title')}</h1>
        {!notFound && <ErrorMessage error={error} />}
        <p>
          <Link to="/">{t('provider.back')}</Link>
        </p>
      </section>
    );
  }
  if (!profile) return <Loading />;

  const members = profile.members ?? [];
  const services = profile.services ?? [];
  const regions = profile.regions ?? [];
  const area = profile.all_france ? t('provider.allFrance') : regions.join(', ');

  return (
    <article className="provider-page">
      <header className="provider-head">
        <h1>{profile.stage_name || t('provider.unnamed')}</h1>
        {profile.kind && <p className="card-kind">{profile.kind}</p>}
        <dl className="facts">
          {profile.city && (
            <div>
              <dt>{t('provider.city')}</dt>
              <dd>{profile.city}</dd>
            </div>
          )}
          {area && (
            <div>
              <dt>{t('provider.regions')}</dt>
              <dd>{area}</dd>
            </div>
          )}
          {profile.price_text && (
            <div>
              <dt>{t('provider.price')}</dt>
              <dd>{profile.price_text}</dd>
            </div>
          )}
        </dl>
        <ContactButton profile={profile} />
      </header>
      {profile.presentation && (
        <section>
          <h2>{t('provider.presentation')}</h2>
          <p className="prose">{profile.presentation}</p>
        </section>
      )}
      {profile.description && (
        <section>
          <h2>{t('provider.description')}</h2>
          <p className="prose">{profile.description}</p>
        </section>
      )}
      {members.length > 0 && (
        <section>
          <h2>{t('provider.members')}</h2>
          <ul>
            {members.map((m, i) => (
              <li key={i}>
                {m.name}
                {m.role && ` – ${m.role}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      {(profile.offer?.venue_kinds || profile.offer?.duration) && (
        <section>
          <h2>{t('provider.offer')}</h2>
          <dl className="facts">
            {profile.offer.venue_kinds && (
              <div>
                <dt>{t('provider.venueKinds')}</dt>
                <dd>{profile.offer.venue_kinds}</dd>
              </div>
            )}
            {profile.offer.duration && (
              <div>
                <dt>{t('provider.duration')}</dt>
                <dd>{profile.offer.duration}</dd>
              </div>
            )}
          </dl>
        </section>
      )}
      {services.length > 0 && (
        <section>
          <h2>{t('provider.services')}</h2>
          <ul className="services">
            {services.map((s, i) => (
              <li key={i} className="service">
                <div className="service-head">
                  <h3>{s.name}</h3>
                  <span className="service-price">{formatPrice(s.price_cents, i18n.language)}</span>
                </div>
                {s.description && <p className="prose">{s.description}</p>}
                <BookService profile={profile} service={s} index={i} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

/** "Contacter": for signed-in clients, opens (or finds) the conversation with the provider. */
function ContactButton({ profile }: { profile: ProviderProfile }) {
  const { t } = useTranslation();
  const { ready, user } = useAuth();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (!ready) return null;
  if (!user) {
    return (
      <p className="contact">
        <Link className="button button-secondary" to={`/connexion?next=${encodeURIComponent(`/prestataires/${profile.id}`)}`}>
          {t('contact.login')}
        </Link>
      </p>
    );
  }
  if (user.role !== 'client') return null;

  async function contact() {
    setBusy(true);
    setError(null);
    try {
      const { conversation } = await startConversation({
        provider_id: profile.id,
        about: { kind: 'provider', id: profile.id, title: profile.stage_name || t('provider.unnamed') },
      });
      void navigate(`/messages/${encodeURIComponent(conversation.id)}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <div className="contact">
      <InviteProvider profile={profile} />
      <button type="button" className="button button-secondary" disabled={busy} onClick={() => void contact()}>
        {busy ? t('contact.busy') : t('contact.button')}
      </button>
      <ErrorMessage error={error} />
      <UnverifiedHelp error={error} />
    </div>
  );
}

/** « Réserver » a service, for signed-in clients: opens the booking form (month of free days, start times, message). */
function BookService({ profile, service, index }: { profile: ProviderProfile; service: Service; index: number }) {
  const { t } = useTranslation();
  const { ready, user } = useAuth();
  const [open, setOpen] = useState(false);
  if (!ready || user?.role !== 'client') return null;
  const id = `book-${index}`;
  return (
    <div className="book-service">
      <button type="button" className="button button-small" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {t('booking.open')}
        <span className="visually-hidden">{` «\u00a0${service.name}\u00a0»`}</span>
      </button>
      <div id={id}>
        {open && (
          <Suspense fallback={<Loading />}>
            <BookingForm providerId={profile.id} providerName={profile.stage_name || t('provider.unnamed')} service={service} idBase={id} />
          </Suspense>
        )}
      </div>
    </div>
  );
}
