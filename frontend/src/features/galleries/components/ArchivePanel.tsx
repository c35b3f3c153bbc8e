import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessaging, useMessagingEvents } from '../../messaging/MessagingProvider';
import { downloadArchivePart, requestArchive, type Archive, type Selection } from '../api';
import { ARCHIVE_POLL_MS, archiveState, formatBytes, type ArchiveState } from '../model';
import { GalleryError } from './GalleryError';

/** How often a building archive is asked about while the live connection works (a missed notice). */
const SLOW_POLL_MS = 15_000;

/**
 * « Tout télécharger (ZIP) » and « Télécharger mes favoris (ZIP) »: the archive is asked for, shows
 * « Préparation de l’archive… » until its live notice (or a poll: asking again gives the same
 * archive, ready once built), then one download per part.
 */
export function ArchivePanel({ galleryId, favouriteCount, onDownload }: { galleryId: string; favouriteCount: number; onDownload: (url: string) => void }) {
  const { t, i18n } = useTranslation();
  const { status: liveStatus } = useMessaging();
  const [state, setState] = useState<ArchiveState>({ phase: 'idle' });
  const [selection, setSelection] = useState<Selection | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busyPart, setBusyPart] = useState<number | null>(null);
  const asked = useRef(0);

  async function ask(which: Selection, quiet = false) {
    const call = ++asked.current;
    if (!quiet) {
      setSelection(which);
      setState({ phase: 'asking' });
      setError(null);
    }
    try {
      const { archive } = await requestArchive(galleryId, which);
      if (call === asked.current) setState(archiveState(archive));
    } catch (e) {
      if (call !== asked.current) return;
      if (!quiet) setState({ phase: 'idle' });
      setError(e);
    }
  }

  const building = state.phase === 'building' ? state.archive : null;
  const askLater = useRef(ask);
  useEffect(() => {
    askLater.current = ask;
  });
  useMessagingEvents((event) => {
    if (!building || !selection) return;
    if ((event.type === 'archive' && event.gallery_id === galleryId && event.archive_id === building.id) || event.type === 'sync') void ask(selection, true);
  });

  // The fallback: ask again every few seconds (slowly while the live connection works).
  useEffect(() => {
    if (!building || !selection) return;
    const timer = setInterval(() => void askLater.current(selection, true), liveStatus === 'live' ? SLOW_POLL_MS : ARCHIVE_POLL_MS);
    return () => clearInterval(timer);
  }, [building, selection, liveStatus]);

  async function download(archive: Archive, number: number) {
    setBusyPart(number);
    setError(null);
    try {
      const { url } = await downloadArchivePart(galleryId, archive.id, number);
      onDownload(url);
    } catch (e) {
      setError(e);
    } finally {
      setBusyPart(null);
    }
  }

  const waiting = state.phase === 'asking' || state.phase === 'building';
  return (
    <section className="archive-panel" aria-labelledby="archives-title">
      <h2 id="archives-title">{t('gallery.archives')}</h2>
      <div className="actions">
        <button type="button" className="button" disabled={waiting} onClick={() => void ask('all')}>
          {t('gallery.downloadAll')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={waiting || favouriteCount === 0}
          aria-describedby="archive-favourites-hint"
          onClick={() => void ask('favourites')}
        >
          {t('gallery.downloadFavourites')}
        </button>
      </div>
      <p id="archive-favourites-hint" className="hint">
        {favouriteCount === 0 ? t('gallery.yourFavouritesNone') : t('gallery.yourFavourites', { count: favouriteCount })}
      </p>
      <div role="status" className="archive-status">
        {waiting && (
          <p className="notice notice-info">
            <span className="spinner" aria-hidden="true" /> {t('gallery.archiveBuilding')}
            <br />
            <span className="hint">{t('gallery.archiveBuildingHint')}</span>
          </p>
        )}
        {state.phase === 'failed' && <p className="notice notice-error">{t('gallery.archiveFailed')}</p>}
        {state.phase === 'ready' && (
          <div className="notice notice-success archive-ready">
            <p>
              {t('gallery.archiveReady', {
                context: state.archive.selection,
                files: t('galleries.files', { count: state.archive.file_count }),
                size: formatBytes(state.archive.total_bytes, i18n.language),
              })}
            </p>
            {state.archive.parts.length > 1 && <p className="hint">{t('gallery.archiveParts')}</p>}
            <ul className="archive-parts">
              {state.archive.parts.map((part) => (
                <li key={part.number}>
                  <button type="button" className="button" disabled={busyPart !== null} onClick={() => void download(state.archive, part.number)}>
                    {busyPart === part.number ? t('gallery.downloading') : t('gallery.archivePart', { name: part.name, size: formatBytes(part.size, i18n.language) })}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <GalleryError error={error} />
    </section>
  );
}
