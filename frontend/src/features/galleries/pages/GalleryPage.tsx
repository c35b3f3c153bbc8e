import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { LiveNotice, Loading, useDocumentTitle } from '../../../components/common';
import { ApiError } from '../../../lib/api-client';
import { useAuth } from '../../auth/AuthProvider';
import { useMessaging, useMessagingEvents } from '../../messaging/MessagingProvider';
import { getProject, type Project } from '../../projects/api';
import { getGallery, listGalleries, type GalleryFile, type GalleryPage as Page } from '../api';
import { ClientGallery } from '../components/ClientGallery';
import { GalleryBadge } from '../components/GalleryBadge';
import { GalleryEditor } from '../components/GalleryEditor';
import { GalleryError } from '../components/GalleryError';
import { formatDay, isExpired, isExpiredError, mergeFiles, PREVIEW_REFRESH_MS } from '../model';

/** /projets/:id/galeries/:galleryId: the provider's gallery editor, or the client's delivered gallery. Live. */
export function GalleryPage() {
  const { id = '', galleryId = '' } = useParams();
  const { ready, user } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading />;
  if (!user) return <Navigate to={`/connexion?next=${encodeURIComponent(location.pathname)}`} replace />;
  return <GalleryView key={`${id}/${galleryId}`} projectId={id} galleryId={galleryId} />;
}

/** The gallery's first `pages` pages of files, joined. */
async function readPages(galleryId: string, pages: number): Promise<Page> {
  const first = await getGallery(galleryId);
  let files = first.files;
  let cursor = first.next_cursor ?? null;
  for (let n = 1; cursor && n < pages; n++) {
    const more = await getGallery(galleryId, cursor);
    files = mergeFiles(files, more.files);
    cursor = more.next_cursor ?? null;
  }
  return { ...first, files, next_cursor: cursor };
}

function GalleryView({ projectId, galleryId }: { projectId: string; galleryId: string }) {
  const { t, i18n } = useTranslation();
  const { status: liveStatus } = useMessaging();
  const [project, setProject] = useState<Project | null>(null);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [loadingMore, setLoadingMore] = useState(false);
  const latest = useRef(0);
  const pages = useRef(1);
  const soon = useRef<ReturnType<typeof setTimeout> | null>(null);
  useDocumentTitle(page ? page.gallery.name : t('gallery.title'));

  const reload = useCallback(() => {
    const call = ++latest.current;
    return readPages(galleryId, pages.current).then(
      (answer) => {
        if (call !== latest.current) return answer;
        setPage(answer);
        setError(null);
        return answer;
      },
      (e: unknown) => {
        if (call === latest.current) setError(e);
        return null;
      },
    );
  }, [galleryId]);

  useEffect(() => {
    void reload();
    getProject(projectId).then(
      (answer) => setProject(answer.project),
      (e: unknown) => setError(e),
    );
    return () => {
      if (soon.current) clearTimeout(soon.current);
    };
  }, [reload, projectId]);

  // The signed preview addresses last 15 minutes: read them again before.
  useEffect(() => {
    const timer = setInterval(() => void reload(), PREVIEW_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  /** Reads the gallery again shortly (several uploads ending together make one read). */
  const reloadSoon = useCallback(() => {
    if (soon.current) clearTimeout(soon.current);
    soon.current = setTimeout(() => {
      soon.current = null;
      void reload();
    }, 400);
  }, [reload]);

  useMessagingEvents((event) => {
    if (event.type === 'sync') void reload();
    else if (event.type === 'project' && event.project_id === projectId) void reload();
    else if (event.type === 'gallery' && event.gallery_id === galleryId) {
      void reload().then((answer) => {
        const name = answer?.files.find((f) => f.id === event.file_id)?.name;
        if (name) setNotice(t(event.status === 'ready' ? 'gallery.live.ready' : 'gallery.live.failed', { name }));
      });
    }
  });

  async function more() {
    if (!page?.next_cursor) return;
    setLoadingMore(true);
    try {
      const answer = await getGallery(galleryId, page.next_cursor);
      pages.current += 1;
      setPage((p) => (p ? { ...p, files: mergeFiles(p.files, answer.files), next_cursor: answer.next_cursor ?? null } : p));
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  const back = (
    <p className="breadcrumb">
      <Link to={`/projets/${encodeURIComponent(projectId)}`}>{t('gallery.back')}</Link>
    </p>
  );

  if (!page || !project) {
    const expired = isExpiredError(error);
    return (
      <section className="gallery-page">
        {back}
        <h1>{t('gallery.title')}</h1>
        {expired ? (
          <ExpiredMessage />
        ) : error instanceof ApiError && error.status === 404 ? (
          <p className="notice notice-error" role="alert">
            {t('gallery.notFound')}
          </p>
        ) : error ? (
          <GalleryError error={error} />
        ) : (
          <Loading />
        )}
      </section>
    );
  }

  const { gallery, files } = page;
  const provider = project.side === 'provider';
  const setFiles = (update: (files: GalleryFile[]) => GalleryFile[]) => setPage((p) => (p ? { ...p, files: update(p.files) } : p));
  return (
    <section className="gallery-page" aria-labelledby="gallery-title">
      {back}
      <div className="request-head gallery-head">
        <h1 id="gallery-title">{gallery.name}</h1>
        {provider && <GalleryBadge gallery={gallery} />}
      </div>
      <p className="hint gallery-project">{project.event_name ? `${project.title} – ${project.event_name}` : project.title}</p>
      <LiveNotice text={notice} onDismiss={() => setNotice('')} />
      {liveStatus === 'polling' && (
        <p className="notice notice-warning" role="status">
          {t('gallery.offline')}
        </p>
      )}
      {error !== null && !isExpiredError(error) && <GalleryError error={error} />}
      {provider ? (
        <GalleryEditor
          project={project}
          gallery={gallery}
          files={files}
          downloads={page.downloads ?? []}
          onChanged={(g) => {
            if (g) setPage((p) => (p ? { ...p, gallery: g } : p));
            void reload();
          }}
          onNotice={setNotice}
          onUploaded={reloadSoon}
        />
      ) : isExpired(gallery) || isExpiredError(error) ? (
        <p className="notice notice-warning" role="alert">
          {gallery.expires_at !== undefined ? t('gallery.expired', { date: formatDay(gallery.expires_at, i18n.language) }) : t('gallery.expiredNoDate')}
        </p>
      ) : (
        <ClientGallery gallery={gallery} files={files} onFiles={setFiles} />
      )}
      {page.next_cursor && (
        <p>
          <button type="button" className="button button-secondary" disabled={loadingMore} onClick={() => void more()}>
            {t('gallery.more')}
          </button>
        </p>
      )}
    </section>
  );
}

/**
 * « Cette galerie a expiré le … » after a 410 answer, which carries no date: it is read from the
 * project's gallery list.
 */
function ExpiredMessage() {
  const { t, i18n } = useTranslation();
  const { id = '', galleryId = '' } = useParams();
  const [date, setDate] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    listGalleries(id).then(
        ({ galleries }) => {
          const gallery = galleries.find((g) => g.id === galleryId);
          if (active) setDate(gallery?.expires_at !== undefined ? formatDay(gallery.expires_at, i18n.language) : '');
        },
        () => active && setDate(''),
      );
    return () => {
      active = false;
    };
  }, [id, galleryId, i18n.language]);
  if (date === null) return <Loading />;
  return (
    <p className="notice notice-warning" role="alert">
      {date ? t('gallery.expired', { date }) : t('gallery.expiredNoDate')}
    </p>
  );
}
