import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile, setFavourite, type Gallery, type GalleryFile } from '../api';
import { favourites, formatBytes, formatDay, hasPreview, isoInstant, replaceFile, thumbBox, viewable } from '../model';
import { ArchivePanel } from './ArchivePanel';
import { FileIcon } from './FileIcon';
import { GalleryError } from './GalleryError';
import { Lightbox } from './Lightbox';

/** Goes to a download address (the file comes with `Content-Disposition: attachment`: the page stays). */
export function startDownload(url: string): void {
  window.location.assign(url);
}

/**
 * The client's view of a delivered gallery: a grid of thumbnails (lazy, sized so nothing moves),
 * each with its favourite toggle and « Télécharger l’original »; the lightbox; the ZIP archives.
 */
export function ClientGallery({
  gallery,
  files,
  onFiles,
}: {
  gallery: Gallery;
  files: GalleryFile[];
  /** The files changed here (a favourite). */
  onFiles: (update: (files: GalleryFile[]) => GalleryFile[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const shown = viewable(files);
  const favouriteCount = favourites(shown).length;

  async function toggle(file: GalleryFile) {
    const wanted = !file.favourite;
    setError(null);
    onFiles((list) => replaceFile(list, { ...file, favourite: wanted }));
    try {
      const answer = await setFavourite(gallery.id, file.id, wanted);
      onFiles((list) => replaceFile(list, { ...answer.file, favourite: answer.file.favourite ?? wanted }));
    } catch (e) {
      onFiles((list) => replaceFile(list, { ...file, favourite: !wanted }));
      setError(e);
    }
  }

  async function download(file: GalleryFile) {
    setDownloading(file.id);
    setError(null);
    try {
      const { url } = await downloadFile(gallery.id, file.id);
      startDownload(url);
    } catch (e) {
      setError(e);
    } finally {
      setDownloading(null);
    }
  }

  return (
    <>
      <p>{t('gallery.intro')}</p>
      {gallery.expires_at !== undefined && (
        <p className="gallery-expiry">
          <time dateTime={isoInstant(gallery.expires_at)}>{t('gallery.availableUntil', { date: formatDay(gallery.expires_at, i18n.language) })}</time>
        </p>
      )}
      <ArchivePanel galleryId={gallery.id} favouriteCount={favouriteCount} onDownload={startDownload} />
      <GalleryError error={error} />
      <h2 id="grid-title">
        {t('gallery.files')} <span className="count-inline">({shown.length})</span>
      </h2>
      <ul className="gallery-grid" aria-labelledby="grid-title">
        {shown.map((file, index) => {
          const box = thumbBox(file);
          return (
            <li key={file.id} className="gallery-item">
              <button type="button" className="gallery-thumb" aria-label={t('gallery.open', { name: file.name })} onClick={() => setOpen(index)}>
                {hasPreview(file) ? (
                  <img src={file.thumb_url} alt="" loading="lazy" decoding="async" width={box.width} height={box.height} />
                ) : (
                  <FileIcon kind={file.kind} name={file.name} />
                )}
              </button>
              <div className="gallery-item-foot">
                <span className="gallery-item-name" title={file.name}>
                  {file.name}
                </span>
                <span className="hint">{formatBytes(file.size, i18n.language)}</span>
                <button
                  type="button"
                  className={`favourite-toggle${file.favourite ? ' is-favourite' : ''}`}
                  aria-pressed={file.favourite}
                  aria-label={t('gallery.favourite', { name: file.name })}
                  onClick={() => void toggle(file)}
                >
                  <span aria-hidden="true">{file.favourite ? '♥' : '♡'}</span>
                </button>
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-label={t('gallery.downloadLabel', { name: file.name })}
                  disabled={downloading === file.id}
                  onClick={() => void download(file)}
                >
                  {downloading === file.id ? t('gallery.downloading') : t('gallery.download')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {open !== null && shown[open] && (
        <Lightbox
          files={shown}
          index={open}
          onIndex={setOpen}
          onClose={() => setOpen(null)}
          onFavourite={(file) => void toggle(file)}
          onDownload={(file) => void download(file)}
          downloading={downloading !== null}
        />
      )}
    </>
  );
}
