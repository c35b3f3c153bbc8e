import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMessagingEvents } from '../../messaging/MessagingProvider';
import type { Project } from '../../projects/api';
import { createGallery, listGalleries, type Gallery } from '../api';
import { byPosition, formatBytes, formatDay, galleryName, isExpired, isoInstant, MAX_NAME } from '../model';
import { GalleryBadge } from './GalleryBadge';
import { GalleryError } from './GalleryError';

/**
 * The « Galeries » section of a project page: the provider's galleries (all, with their status)
 * and its « Nouvelle galerie » form; the client's delivered ones with their expiry. Live.
 */
export function GalleriesSection({ project }: { project: Project }) {
  const { t, i18n } = useTranslation();
  const [galleries, setGalleries] = useState<Gallery[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);
  const provider = project.side === 'provider';
  const other = provider ? project.client_name : project.provider_name;

  const reload = useCallback(() => {
    const call = ++latest.current;
    listGalleries(project.id).then(
      (answer) => {
        if (call !== latest.current) return;
        setGalleries(byPosition(answer.galleries));
        setError(null);
      },
      (e: unknown) => {
        if (call === latest.current) setError(e);
      },
    );
  }, [project.id]);
  useEffect(reload, [reload]);

  useMessagingEvents((event) => {
    if (event.type === 'sync' || (event.type === 'project' && event.project_id === project.id)) reload();
    else if (event.type === 'gallery' && galleries?.some((g) => g.id === event.gallery_id)) reload();
  });

  return (
    <section className="project-galleries" aria-labelledby="galleries-title">
      <h2 id="galleries-title">{t('galleries.title')}</h2>
      <p className="hint">{provider ? t('galleries.introProvider') : t('galleries.introClient', { name: other })}</p>
      <GalleryError error={error} />
      {galleries !== null &&
        (galleries.length === 0 ? (
          <p>{provider ? t('galleries.emptyProvider') : t('galleries.emptyClient', { name: other })}</p>
        ) : (
          <ul className="gallery-cards">
            {galleries.map((g) => (
              <li key={g.id} className="gallery-card">
                <div className="gallery-card-head">
                  <Link to={`/projets/${encodeURIComponent(project.id)}/galeries/${encodeURIComponent(g.id)}`} className="gallery-card-name">
                    {g.name}
                  </Link>
                  {provider && <GalleryBadge gallery={g} />}
                </div>
                <p className="gallery-card-facts">
                  {t('galleries.files', { count: provider ? g.file_count : g.ready_count })} · {formatBytes(g.total_bytes, i18n.language)}
                  {g.favourite_count > 0 && <> · {t('galleries.favourites', { count: g.favourite_count })}</>}
                </p>
                {g.status === 'delivered' && g.expires_at !== undefined && (
                  <p className="gallery-card-expiry">
                    <time dateTime={isoInstant(g.expires_at)}>
                      {isExpired(g)
                        ? t('galleries.expiredOn', { date: formatDay(g.expires_at, i18n.language) })
                        : t('galleries.availableUntil', { date: formatDay(g.expires_at, i18n.language) })}
                    </time>
                  </p>
                )}
              </li>
            ))}
          </ul>
        ))}
      {provider && <NewGallery projectId={project.id} onCreated={reload} />}
    </section>
  );
}

function NewGallery({ projectId, onCreated }: { projectId: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const clean = galleryName(name);
    setDone('');
    if (!clean) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { gallery } = await createGallery(projectId, clean);
      setName('');
      setDone(t('galleries.created', { name: gallery.name }));
      onCreated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form gallery-new" onSubmit={(e) => void onSubmit(e)} noValidate>
      <h3>{t('galleries.new')}</h3>
      <div className="field">
        <label htmlFor="gallery-new-name">{t('galleries.name')}</label>
        <input
          id="gallery-new-name"
          type="text"
          value={name}
          maxLength={MAX_NAME}
          aria-invalid={missing}
          aria-describedby={missing ? 'gallery-new-hint gallery-new-error' : 'gallery-new-hint'}
          onChange={(e) => {
            setName(e.target.value);
            setMissing(false);
          }}
        />
        <p id="gallery-new-hint" className="hint">
          {t('galleries.nameHint')}
        </p>
        {missing && (
          <p id="gallery-new-error" className="field-error">
            {t('galleries.missingName')}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('galleries.creating') : t('galleries.create')}
        </button>
        <span role="status">{done}</span>
      </div>
      <GalleryError error={error} />
    </form>
  );
}
