import { Component, lazy, Suspense, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Project } from '../../projects/api';
import { deleteFile, deleteGallery, deliverGallery, extendGallery, updateGallery, type Download, type Gallery, type GalleryFile } from '../api';
import {
  canDeliver,
  extendDays,
  failureReason,
  favourites,
  formatBytes,
  formatDay,
  galleryName,
  hasPreview,
  isExpired,
  isoInstant,
  MAX_EXTEND_DAYS,
  MAX_NAME,
  MIN_EXTEND_DAYS,
  statusCounts,
} from '../model';
import { DownloadsLog } from './DownloadsLog';
import { FileIcon } from './FileIcon';
import { GalleryError } from './GalleryError';

// Uppy (and its styles) only reaches the browser of a provider who opens a draft gallery.
const Uploader = lazy(() => import('./Uploader'));

/**
 * The provider's gallery: name and position, the uploader (draft), the files with their status,
 * « Livrer au client » (confirmed), then the expiry and « Prolonger », the client's favourites
 * and the downloads log.
 */
export function GalleryEditor({
  project,
  gallery,
  files,
  downloads,
  onChanged,
  onNotice,
  onUploaded,
}: {
  project: Project;
  gallery: Gallery;
  files: GalleryFile[];
  downloads: Download[];
  /** Something changed here: read the gallery again (with the gallery answered, if any). */
  onChanged: (gallery?: Gallery) => void;
  onNotice: (text: string) => void;
  /** Files were sent: read the gallery again soon. */
  onUploaded: () => void;
}) {
  const { t, i18n } = useTranslation();
  const draft = gallery.status === 'draft';
  const counts = statusCounts(files);
  const liked = favourites(files);

  return (
    <>
      <p className="gallery-summary">
        {t('gallery.summary', {
          files: t('galleries.files', { count: gallery.file_count }),
          size: formatBytes(gallery.total_bytes, i18n.language),
          ready: gallery.ready_count,
        })}
      </p>
      {!draft && <DeliveryFacts gallery={gallery} onChanged={onChanged} onNotice={onNotice} />}
      {draft && (
        <section className="gallery-upload" aria-labelledby="upload-title">
          <h2 id="upload-title">{t('gallery.upload')}</h2>
          <p className="hint" id="upload-hint">
            {t('gallery.uploadHint')}
          </p>
          <LoadFailure message={t('gallery.uploaderFailed')}>
            <Suspense fallback={<p className="loading" role="status">{t('gallery.uploaderLoading')}</p>}>
              <Uploader
                galleryId={gallery.id}
                onCompleted={onUploaded}
                onBatchDone={(count) => {
                  if (count > 0) onNotice(t('gallery.uploadedNotice', { count }));
                  onUploaded();
                }}
              />
            </Suspense>
          </LoadFailure>
        </section>
      )}
      <FileList gallery={gallery} files={files} onChanged={onChanged} onNotice={onNotice} />
      {draft && <Deliver project={project} gallery={gallery} files={files} pending={counts.uploading + counts.processing} onChanged={onChanged} onNotice={onNotice} />}
      {!draft && (
        <section className="gallery-favourites" aria-labelledby="favourites-title">
          <h2 id="favourites-title">
            {t('gallery.clientFavourites')} <span className="count-inline">({gallery.favourite_count || liked.length})</span>
          </h2>
          {liked.length === 0 ? (
            <p>{t('gallery.clientFavouritesNone')}</p>
          ) : (
            <ul className="favourite-list">
              {liked.map((f) => (
                <li key={f.id}>
                  <span aria-hidden="true">♥</span> {f.name}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {!draft && <DownloadsLog downloads={downloads} />}
      <Settings gallery={gallery} onChanged={onChanged} onNotice={onNotice} />
      {draft && <DeleteGallery project={project} gallery={gallery} />}
    </>
  );
}

/** What shows instead of the uploader if its code cannot be loaded (a new version deployed, the network). */
class LoadFailure extends Component<{ message: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (this.state.failed) {
      return (
        <p className="notice notice-error" role="alert">
          {this.props.message}
        </p>
      );
    }
    return this.props.children;
  }
}

function Settings({ gallery, onChanged, onNotice }: { gallery: Gallery; onChanged: (g?: Gallery) => void; onNotice: (text: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(gallery.name);
  const [position, setPosition] = useState(String(gallery.position));
  const [problem, setProblem] = useState<'name' | 'position' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const clean = galleryName(name);
    if (!clean) return setProblem('name');
    if (!/^-?\d{1,6}$/u.test(position.trim())) return setProblem('position');
    setBusy(true);
    setError(null);
    try {
      const answer = await updateGallery(gallery.id, { name: clean, position: Number(position.trim()) });
      onNotice(t('gallery.saved'));
      onChanged(answer.gallery);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="gallery-settings" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('gallery.settings')}</h2>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="field-row">
          <div className="field">
            <label htmlFor="gallery-name">{t('galleries.name')}</label>
            <input
              id="gallery-name"
              type="text"
              value={name}
              maxLength={MAX_NAME}
              aria-invalid={problem === 'name'}
              aria-describedby={problem === 'name' ? 'gallery-name-error' : undefined}
              onChange={(e) => {
                setName(e.target.value);
                setProblem(null);
              }}
            />
            {problem === 'name' && (
              <p id="gallery-name-error" className="field-error">
                {t('galleries.missingName')}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="gallery-position">{t('gallery.position')}</label>
            <input
              id="gallery-position"
              className="number-input"
              type="number"
              inputMode="numeric"
              step={1}
              value={position}
              aria-invalid={problem === 'position'}
              aria-describedby={problem === 'position' ? 'gallery-position-hint gallery-position-error' : 'gallery-position-hint'}
              onChange={(e) => {
                setPosition(e.target.value);
                setProblem(null);
              }}
            />
            <p id="gallery-position-hint" className="hint">
              {t('gallery.positionHint')}
            </p>
            {problem === 'position' && (
              <p id="gallery-position-error" className="field-error">
                {t('gallery.badPosition')}
              </p>
            )}
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={busy}>
            {busy ? t('gallery.saving') : t('gallery.save')}
          </button>
        </div>
        <GalleryError error={error} />
      </form>
    </section>
  );
}

function FileList({ gallery, files, onChanged, onNotice }: { gallery: Gallery; files: GalleryFile[]; onChanged: () => void; onNotice: (text: string) => void }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const draft = gallery.status === 'draft';
  const refusal = (failure: string | undefined) => {
    const reason = failureReason(failure);
    if (!reason) return t('gallery.fileStatus.failed');
    return t('gallery.failedBecause', { reason: 'code' in reason ? t(`gallery.failures.${reason.code}`) : reason.text });
  };

  async function remove(file: GalleryFile) {
    setBusy(file.id);
    setError(null);
    try {
      await deleteFile(gallery.id, file.id);
      onNotice(t('gallery.removed', { name: file.name }));
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="gallery-files" aria-labelledby="files-title">
      <h2 id="files-title">
        {t('gallery.files')} <span className="count-inline">({files.length})</span>
      </h2>
      <GalleryError error={error} />
      {files.length === 0 ? (
        <p>{t('gallery.noFiles')}</p>
      ) : (
        <ul className="file-rows">
          {files.map((file) => (
            <li key={file.id} className={`file-row file-${file.status}`}>
              <span className="file-row-thumb">
                {hasPreview(file) ? <img src={file.thumb_url} alt="" loading="lazy" width={64} height={64} /> : <FileIcon kind={file.kind} name={file.name} />}
              </span>
              <span className="file-row-name">
                <span className="file-name">{file.name}</span>
                <span className="hint">
                  {formatBytes(file.size, i18n.language)}
                  {file.favourite && (
                    <>
                      {' · '}
                      <span aria-hidden="true">♥ </span>
                      {t('gallery.favouriteShort')}
                    </>
                  )}
                </span>
              </span>
              <span className={`file-status status-${file.status}`}>
                {file.status === 'failed' ? refusal(file.failure) : t(`gallery.fileStatus.${file.status}`)}
              </span>
              {draft && (
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-label={t('gallery.removeLabel', { name: file.name })}
                  disabled={busy === file.id}
                  onClick={() => void remove(file)}
                >
                  {t('gallery.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Deliver({
  project,
  gallery,
  files,
  pending,
  onChanged,
  onNotice,
}: {
  project: Project;
  gallery: Gallery;
  files: GalleryFile[];
  pending: number;
  onChanged: (g?: Gallery) => void;
  onNotice: (text: string) => void;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const possible = canDeliver(gallery, files);

  async function deliver() {
    setBusy(true);
    setError(null);
    try {
      const answer = await deliverGallery(gallery.id);
      setAsking(false);
      onNotice(t('gallery.delivered', { name: project.client_name }));
      onChanged(answer.gallery);
    } catch (e) {
      setError(e);
      onChanged();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="gallery-deliver" aria-labelledby="deliver-title">
      <h2 id="deliver-title">{t('gallery.deliver')}</h2>
      {!possible && <p className="hint">{t('gallery.deliverNeedsReady')}</p>}
      {!asking ? (
        <button
          type="button"
          className="button"
          disabled={!possible}
          aria-expanded={false}
          aria-controls="deliver-confirm"
          onClick={() => {
            setAsking(true);
            setError(null);
          }}
        >
          {t('gallery.deliver')}
        </button>
      ) : (
        <div id="deliver-confirm" className="confirm" role="group" aria-labelledby="deliver-title">
          <p>{t('gallery.deliverText', { name: project.client_name })}</p>
          {pending > 0 && <p className="notice notice-warning">{t('gallery.deliverPending', { count: pending })}</p>}
          <div className="actions">
            <button type="button" className="button" disabled={busy} onClick={() => void deliver()}>
              {t('gallery.deliverConfirm')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setAsking(false)}>
              {t('gallery.keep')}
            </button>
          </div>
        </div>
      )}
      <GalleryError error={error} />
    </section>
  );
}

function DeliveryFacts({ gallery, onChanged, onNotice }: { gallery: Gallery; onChanged: (g?: Gallery) => void; onNotice: (text: string) => void }) {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState('30');
  const [bad, setBad] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const expired = isExpired(gallery);
  const expiry = formatDay(gallery.expires_at, i18n.language);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const n = extendDays(days);
    if (n === null) return setBad(true);
    setBusy(true);
    setError(null);
    try {
      const answer = await extendGallery(gallery.id, n);
      onNotice(t('gallery.extended', { date: formatDay(answer.gallery.expires_at, i18n.language) }));
      onChanged(answer.gallery);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="gallery-delivery" aria-labelledby="delivery-title">
      <h2 id="delivery-title">{t('gallery.delivery')}</h2>
      {gallery.delivered_at !== undefined && (
        <p>
          <time dateTime={isoInstant(gallery.delivered_at)}>{t('gallery.deliveredOn', { date: formatDay(gallery.delivered_at, i18n.language) })}</time>
        </p>
      )}
      {gallery.expires_at !== undefined && (
        <p className={expired ? 'notice notice-warning' : undefined}>
          <time dateTime={isoInstant(gallery.expires_at)}>{expired ? t('gallery.expiredProvider', { date: expiry }) : t('gallery.expiresOn', { date: expiry })}</time>
        </p>
      )}
      <form className="form extend-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="field">
          <label htmlFor="extend-days">{t('gallery.extendDays')}</label>
          <input
            id="extend-days"
            className="number-input"
            type="number"
            inputMode="numeric"
            min={MIN_EXTEND_DAYS}
            max={MAX_EXTEND_DAYS}
            step={1}
            value={days}
            aria-invalid={bad}
            aria-describedby={bad ? 'extend-hint extend-error' : 'extend-hint'}
            onChange={(e) => {
              setDays(e.target.value);
              setBad(false);
            }}
          />
          <p id="extend-hint" className="hint">
            {t('gallery.extendHint')}
          </p>
          {bad && (
            <p id="extend-error" className="field-error">
              {t('gallery.badDays')}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={busy}>
            {t('gallery.extend')}
          </button>
        </div>
        <GalleryError error={error} />
      </form>
    </section>
  );
}

function DeleteGallery({ project, gallery }: { project: Project; gallery: Gallery }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deleteGallery(gallery.id);
      void navigate(`/projets/${encodeURIComponent(project.id)}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <section className="gallery-delete" aria-labelledby="delete-title">
      <h2 id="delete-title" className="visually-hidden">
        {t('gallery.deleteGallery')}
      </h2>
      {!asking ? (
        <button type="button" className="link-button link-danger" onClick={() => setAsking(true)}>
          {t('gallery.deleteGallery')}
        </button>
      ) : (
        <div className="confirm" role="group" aria-labelledby="delete-title">
          <p>{t('gallery.deleteText', { name: gallery.name })}</p>
          <div className="actions">
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void remove()}>
              {t('gallery.deleteConfirm')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setAsking(false)}>
              {t('gallery.keep')}
            </button>
          </div>
        </div>
      )}
      <GalleryError error={error} />
    </section>
  );
}
