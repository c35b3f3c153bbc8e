import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { ErrorMessage, LiveNotice, Loading, useDocumentTitle } from '../../../components/common';
import { useAuth } from '../../auth/AuthProvider';
import { useMessagingEvents } from '../../messaging/MessagingProvider';
import { listProjects, PROJECT_STATUSES, type Project } from '../api';
import { ProjectCard } from '../components/ProjectCard';
import { filterProjects, isProjectStatus, statusCounts } from '../model';

/** /projets « Mes projets »: the caller's projects (as client or provider), filtered by status (`?statut=`), live. */
export function Projects() {
  const { t } = useTranslation();
  useDocumentTitle(t('projects.title'));
  const { ready, user } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading />;
  if (!user) return <Navigate to={`/connexion?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <ProjectList isClient={user.role === 'client'} />;
}

function ProjectList({ isClient }: { isClient: boolean }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const wanted = params.get('statut');
  const status = isProjectStatus(wanted) ? wanted : null;
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const latest = useRef(0);

  const reload = useCallback(() => {
    const call = ++latest.current;
    return listProjects().then(
      ({ projects: list }) => {
        if (call !== latest.current) return null;
        setProjects(list);
        setError(null);
        return list;
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
    if (event.type !== 'project') return;
    void reload().then((list) => {
      const p = list?.find((x) => x.id === event.project_id);
      if (!p) return;
      const name = p.side === 'client' ? p.provider_name : p.client_name;
      setNotice(
        event.what === 'opened'
          ? t('projects.live.opened', { title: p.title, name })
          : t('projects.live.changed', { title: p.title, status: t(`projectStatus.${p.status}`) }),
      );
    });
  });

  const shown = filterProjects(projects ?? [], status);
  const counts = statusCounts(projects ?? []);

  return (
    <section className="projects">
      <h1>{t('projects.title')}</h1>
      <p>{t('projects.intro')}</p>
      <LiveNotice text={notice} onDismiss={() => setNotice('')} />
      <ErrorMessage error={error} />
      {projects === null && !error && <Loading />}
      {projects?.length === 0 && (
        <p className="empty">
          {t('projects.empty')} {isClient && <Link to="/recherche">{t('projects.emptySearch')}</Link>}
        </p>
      )}
      {projects && projects.length > 0 && (
        <div className="field project-filter">
          <label htmlFor="project-status">{t('projects.filter')}</label>
          <select
            id="project-status"
            value={status ?? ''}
            onChange={(e) => {
              const value = e.target.value;
              setParams(value ? { statut: value } : {}, { replace: true });
            }}
          >
            <option value="">{t('projects.all', { count: projects.length })}</option>
            {PROJECT_STATUSES.map((s) => {
              const count = counts.find((c) => c.status === s)?.count ?? 0;
              if (count === 0 && s !== status) return null;
              return (
                <option key={s} value={s}>
                  {t('projects.statusOption', { status: t(`projectStatus.${s}`), count })}
                </option>
              );
            })}
          </select>
        </div>
      )}
      {projects && projects.length > 0 && shown.length === 0 && <p className="empty">{t('projects.emptyFilter')}</p>}
      {shown.length > 0 && (
        <ul className="cards project-cards">
          {shown.map((p) => (
            <ProjectCard key={p.id} project={p} />
          ))}
        </ul>
      )}
    </section>
  );
}
