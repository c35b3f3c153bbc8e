import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading, useDocumentTitle } from '../../../components/common';
import { formatDate } from '../../../lib/dates';
import { RequireRole } from '../../auth/components/RequireRole';
import { useMessagingEvents } from '../../messaging/MessagingProvider';
import { getDashboard, PROJECT_STATUSES, type Dashboard, type Project } from '../api';
import { ProjectCard, useProjectWhen } from '../components/ProjectCard';
import { StatusBadge } from '../components/StatusBadge';

/** /espace-pro: the provider's projects by status, upcoming dates, requests waiting, contracts to countersign, clients. */
export function ProDashboard() {
  const { t } = useTranslation();
  useDocumentTitle(t('proDashboard.title'));
  return <RequireRole role="provider">{() => <DashboardPage />}</RequireRole>;
}

function DashboardPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);
  const reload = useCallback(() => {
    const call = ++latest.current;
    getDashboard().then(
      (answer) => call === latest.current && (setData(answer), setError(null)),
      (e: unknown) => call === latest.current && setError(e),
    );
  }, []);
  useEffect(() => reload(), [reload]);
  useMessagingEvents((event) => {
    if (event.type === 'sync' || event.type === 'project' || event.type === 'booking' || event.type === 'request') reload();
  });

  const byStatus = PROJECT_STATUSES.map((status) => ({ status, projects: data?.projects_by_status[status] ?? [] })).filter((g) => g.projects.length > 0);

  return (
    <section className="pro-dashboard">
      <h1>{t('proDashboard.title')}</h1>
      <p>{t('proDashboard.intro')}</p>
      <p className="actions">
        <Link to="/projets">{t('proDashboard.projectsLink')}</Link>
        <Link to="/modeles-de-contrat">{t('proDashboard.templatesLink')}</Link>
      </p>
      <ErrorMessage error={error} />
      {!data && !error && <Loading />}
      {data && (
        <div className="dashboard-grid">
          <section className="dashboard-panel" aria-labelledby="dash-sign">
            <h2 id="dash-sign">
              {t('proDashboard.toSign')} <span className="tally">({data.contracts_to_sign.length})</span>
            </h2>
            <ProjectLines projects={data.contracts_to_sign} empty={t('proDashboard.noToSign')} />
          </section>

          <section className="dashboard-panel" aria-labelledby="dash-upcoming">
            <h2 id="dash-upcoming">{t('proDashboard.upcoming')}</h2>
            <ProjectLines projects={data.upcoming} empty={t('proDashboard.noUpcoming')} />
          </section>

          <section className="dashboard-panel" aria-labelledby="dash-bookings">
            <h2 id="dash-bookings">
              {t('proDashboard.bookingRequests')} <span className="tally">({data.booking_requests.length})</span>
            </h2>
            {data.booking_requests.length === 0 ? (
              <p className="empty">{t('proDashboard.noBookingRequests')}</p>
            ) : (
              <ul className="dashboard-lines">
                {data.booking_requests.map((b) => (
                  <li key={b.id}>
                    {t('proDashboard.bookingOf', { service: b.service, name: b.client_name })} ·{' '}
                    <time dateTime={b.date}>{formatDate(b.date, lang)}</time>
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link to="/calendrier">{t('proDashboard.toCalendar')}</Link>
            </p>
          </section>

          <section className="dashboard-panel" aria-labelledby="dash-requests">
            <h2 id="dash-requests">
              {t('proDashboard.eventRequests')} <span className="tally">({data.event_requests.length})</span>
            </h2>
            {data.event_requests.length === 0 ? (
              <p className="empty">{t('proDashboard.noEventRequests')}</p>
            ) : (
              <ul className="dashboard-lines">
                {data.event_requests.map((r) => (
                  <li key={`${r.event_id}:${r.need}`}>
                    {t('proDashboard.requestOf', { need: r.need, event: r.event.name, name: r.client_name })} ·{' '}
                    <time dateTime={r.event.date}>{formatDate(r.event.date, lang)}</time>
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link to="/demandes">{t('proDashboard.toRequests')}</Link>
            </p>
          </section>
        </div>
      )}

      {data && (
        <section aria-labelledby="dash-status">
          <h2 id="dash-status">{t('proDashboard.byStatus')}</h2>
          {byStatus.length === 0 ? (
            <p className="empty">{t('proDashboard.noProjects')}</p>
          ) : (
            <>
              <ul className="status-counts">
                {byStatus.map((g) => (
                  <li key={g.status}>
                    <a href={`#status-${g.status}`}>
                      <StatusBadge status={g.status} /> <span className="tally">{g.projects.length}</span>
                    </a>
                  </li>
                ))}
              </ul>
              {byStatus.map((g) => (
                <section key={g.status} id={`status-${g.status}`} aria-labelledby={`status-${g.status}-title`}>
                  <h3 id={`status-${g.status}-title`}>
                    {t(`projectStatus.${g.status}`)} ({g.projects.length})
                  </h3>
                  <ul className="cards project-cards">
                    {g.projects.map((p) => (
                      <ProjectCard key={p.id} project={p} headingLevel={3} />
                    ))}
                  </ul>
                </section>
              ))}
            </>
          )}
        </section>
      )}

      {data && (
        <section aria-labelledby="dash-clients">
          <h2 id="dash-clients">{t('proDashboard.clients')}</h2>
          {data.clients.length === 0 ? (
            <p className="empty">{t('proDashboard.noClients')}</p>
          ) : (
            <ul className="cards client-cards">
              {data.clients.map((c) => (
                <li key={c.client_id} className="card">
                  <h3>{c.client_name}</h3>
                  <p className="hint">{t('proDashboard.clientSince', { date: formatDate(new Date(c.since * 1000).toISOString().slice(0, 10), lang) })}</p>
                  <ProjectLines projects={c.projects} empty="" withClient={false} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </section>
  );
}

/** Short lines of projects: title (a link), client (unless said otherwise), when, status. */
function ProjectLines({ projects, empty, withClient = true }: { projects: Project[]; empty: string; withClient?: boolean }) {
  const when = useProjectWhen();
  if (projects.length === 0) return empty ? <p className="empty">{empty}</p> : null;
  return (
    <ul className="dashboard-lines">
      {projects.map((p) => (
        <li key={p.id}>
          <Link to={`/projets/${encodeURIComponent(p.id)}`}>{p.title}</Link>
          {withClient ? ` – ${p.client_name}` : ''} · <time dateTime={p.date}>{when(p)}</time>{' '}
          <StatusBadge status={p.status} />
        </li>
      ))}
    </ul>
  );
}
