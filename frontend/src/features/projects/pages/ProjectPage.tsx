import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { ErrorMessage, LiveNotice, Loading, useDocumentTitle } from '../../../components/common';
import { formatPrice } from '../../../lib/money';
import { useAuth } from '../../auth/AuthProvider';
import { startConversation } from '../../messaging/api';
import { GalleriesSection } from '../../galleries/components/GalleriesSection';
import { useMessaging, useMessagingEvents } from '../../messaging/MessagingProvider';
import { getContract, getProject, type Project, type ProjectDetail } from '../api';
import { ContractSection } from '../components/ContractSection';
import { useProjectWhen } from '../components/ProjectCard';
import { ProjectError } from '../components/ProjectError';
import { ProviderNotes } from '../components/ProviderNotes';
import { StatusActions } from '../components/StatusActions';
import { StatusBadge } from '../components/StatusBadge';
import { Timeline } from '../components/Timeline';
import { otherParty } from '../model';

/** /projets/:id: a project's summary, next steps, contract, the provider's notes and the history; live. */
export function ProjectPage() {
  const { id = '' } = useParams();
  const { ready, user } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading />;
  if (!user) return <Navigate to={`/connexion?next=${encodeURIComponent(location.pathname)}`} replace />;
  return <ProjectView key={id} id={id} />;
}

/** How long a change made here keeps its own live notices quiet. */
const OWN_CHANGE_MS = 10_000;

function ProjectView({ id }: { id: string }) {
  const { t } = useTranslation();
  const { status: liveStatus } = useMessaging();
  const [detail, setDetail] = useState<ProjectDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const latest = useRef(0);
  const ownUntil = useRef(0);
  /** The status this page's own change moves the project to (none: it moves nothing). */
  const ownStatus = useRef<string | null>(null);
  const viewed = useRef(false);
  useDocumentTitle(detail ? detail.project.title : t('project.title'));

  const reload = useCallback(() => {
    const call = ++latest.current;
    return getProject(id).then(
      (answer) => {
        if (call !== latest.current) return;
        setDetail(answer);
        setError(null);
      },
      (e: unknown) => {
        if (call === latest.current) setError(e);
      },
    );
  }, [id]);
  useEffect(() => void reload(), [reload]);

  // The client's first look at a sent contract is recorded (GET …/contract): asked once it is
  // shown, and again if that answer did not show it yet.
  const shownToClient = detail?.project.side === 'client' && detail.contract && detail.contract.status !== 'draft' ? detail.contract.sha256 ?? '' : null;
  useEffect(() => {
    if (shownToClient === null || viewed.current) return;
    viewed.current = true;
    getContract(id).then(
      ({ contract }) => {
        if (!contract) viewed.current = false;
      },
      () => {
        viewed.current = false;
      },
    );
  }, [shownToClient, id]);

  useMessagingEvents((event) => {
    if (event.type === 'sync') void reload();
    if (event.type !== 'project' || event.project_id !== id) return;
    void reload();
    // This page's own change is told by the page itself; the other side's, even meanwhile, is
    // shown (a status the own change did not make is the other side's).
    const own = event.what === 'contract' || (event.what === 'status' && event.status === ownStatus.current);
    if (own && Date.now() < ownUntil.current) return;
    if (event.what === 'pdf') setNotice(t('project.live.pdf'));
    else if (event.what === 'contract') setNotice(t('project.live.contract'));
    else if (event.what === 'status') setNotice(t('project.live.status', { status: t(`projectStatus.${event.status}`) }));
  });

  const pending = (status?: string) => {
    ownUntil.current = Date.now() + OWN_CHANGE_MS;
    ownStatus.current = status ?? null;
  };
  const changed = (message: string) => {
    setNotice(message);
    void reload();
  };

  if (!detail) {
    return (
      <section className="project-page">
        <h1>{t('project.title')}</h1>
        {error ? <ProjectError error={error} /> : <Loading />}
        <p>
          <Link to="/projets">{t('project.back')}</Link>
        </p>
      </section>
    );
  }

  const { project, history, contract } = detail;
  return (
    <section className="project-page" aria-labelledby="project-title">
      <p className="breadcrumb">
        <Link to="/projets">{t('project.back')}</Link>
      </p>
      <div className="request-head project-head">
        <h1 id="project-title">{project.event_name ? `${project.title} – ${project.event_name}` : project.title}</h1>
        <StatusBadge status={project.status} />
      </div>
      <LiveNotice text={notice} onDismiss={() => setNotice('')} />
      {liveStatus === 'polling' && (
        <p className="notice notice-warning" role="status">
          {t('project.offline')}
        </p>
      )}
      {error !== null && <ErrorMessage error={error} />}
      <Recap project={project} />
      <StatusActions
        key={`${project.status}:${project.version}`}
        project={project}
        onPending={pending}
        onChanged={(p) => changed(t('project.moved', { status: t(`projectStatus.${p.status}`) }))}
        onStale={() => void reload()}
      />
      <ContractSection project={project} contract={contract} onPending={pending} onChanged={changed} onStale={() => void reload()} />
      <GalleriesSection project={project} />
      {project.side === 'provider' && <ProviderNotes projectId={project.id} notes={detail.notes ?? ''} />}
      <section className="project-history" aria-labelledby="history-title">
        <h2 id="history-title">{t('project.timeline')}</h2>
        <Timeline project={project} history={history} />
      </section>
    </section>
  );
}

function Recap({ project: p }: { project: Project }) {
  const { t, i18n } = useTranslation();
  const when = useProjectWhen();
  return (
    <section className="project-recap" aria-labelledby="recap-title">
      <h2 id="recap-title" className="visually-hidden">
        {t('project.recap')}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t('project.client')}</dt>
          <dd>{p.client_name}</dd>
        </div>
        <div>
          <dt>{t('project.provider')}</dt>
          <dd>
            <Link to={`/prestataires/${encodeURIComponent(p.provider_id)}`}>{p.provider_name}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('project.what')}</dt>
          <dd>{p.title}</dd>
        </div>
        {p.origin.kind === 'request' && (
          <div>
            <dt>{t('project.event')}</dt>
            <dd>
              {p.event_name ?? ''}{' '}
              <Link to={`/evenements/${encodeURIComponent(p.origin.event_id)}`}>{t('project.seeEvent')}</Link>
            </dd>
          </div>
        )}
        <div>
          <dt>{t('project.when')}</dt>
          <dd>
            <time dateTime={p.date}>{when(p)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('project.where')}</dt>
          <dd>{p.place ?? t('project.noPlace')}</dd>
        </div>
        <div>
          <dt>{t('project.price')}</dt>
          <dd>{p.price_cents !== undefined ? formatPrice(p.price_cents, i18n.language) : t('project.noPrice')}</dd>
        </div>
      </dl>
      <ConversationLink project={p} />
    </section>
  );
}

/**
 * The pair's conversation (`/messages/{conversation_id}`). It exists once either side wrote, so
 * a click opens (or finds) it the way « Écrire » does, then goes to it.
 */
function ConversationLink({ project }: { project: Project }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const href = `/messages/${encodeURIComponent(project.conversation_id)}`;

  async function open(event: MouseEvent<HTMLAnchorElement>) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    setError(null);
    try {
      const to = project.side === 'client' ? { provider_id: project.provider_id } : { client_id: project.client_id };
      const { conversation } = await startConversation(to);
      void navigate(`/messages/${encodeURIComponent(conversation.id)}`);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <p>
        <a className="button button-secondary" href={href} onClick={(e) => void open(e)}>
          {t('project.write', { name: otherParty(project) })}
        </a>
      </p>
      <ErrorMessage error={error} />
    </>
  );
}
