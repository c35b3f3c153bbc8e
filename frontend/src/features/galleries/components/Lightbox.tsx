import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GalleryFile } from '../api';
import { formatBytes, stepIndex } from '../model';
import { FileIcon } from './FileIcon';

/**
 * A file enlarged, in a modal `<dialog>` (the rest of the page is inert, so focus stays inside;
 * it goes back to what opened it on close): its preview, ← → (and buttons) for the previous and
 * next files, Escape closes, the favourite toggle and « Télécharger l’original ».
 */
export function Lightbox({
  files,
  index,
  onIndex,
  onClose,
  onFavourite,
  onDownload,
  downloading,
}: {
  files: GalleryFile[];
  index: number;
  onIndex: (index: number) => void;
  onClose: () => void;
  onFavourite: (file: GalleryFile) => void;
  onDownload: (file: GalleryFile) => void;
  downloading: boolean;
}) {
  const { t, i18n } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const file = files[index];

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    closeButton.current?.focus();
    return () => {
      if (element?.open) element.close();
      opener?.focus();
    };
  }, []);

  if (!file) return null;
  const move = (step: number) => onIndex(stepIndex(index, step, files.length));

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key === 'ArrowLeft') {
      event.preventDefault();
      move(-1);
    } else if (event.key === 'ArrowRight') {
      event.preventDefault();
      move(1);
    }
  }

  const caption = t('gallery.lightbox', { name: file.name, index: index + 1, count: files.length });
  return (
    <dialog
      ref={dialog}
      className="lightbox"
      aria-labelledby="lightbox-title"
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="lightbox-bar">
        <h2 id="lightbox-title" className="lightbox-title">
          {caption}
        </h2>
        <button ref={closeButton} type="button" className="button button-secondary button-small" onClick={onClose}>
          {t('gallery.close')}
        </button>
      </div>
      <figure className="lightbox-figure">
        {file.preview_url ? (
          <img key={file.id} src={file.preview_url} alt={file.name} width={file.width} height={file.height} />
        ) : (
          <FileIcon kind={file.kind} name={file.name} />
        )}
      </figure>
      <div className="lightbox-actions">
        <button type="button" className="button button-secondary" onClick={() => move(-1)} disabled={files.length < 2}>
          <span aria-hidden="true">← </span>
          {t('gallery.previous')}
        </button>
        <button
          type="button"
          className={`favourite-toggle${file.favourite ? ' is-favourite' : ''}`}
          aria-pressed={file.favourite}
          aria-label={t('gallery.favourite', { name: file.name })}
          onClick={() => onFavourite(file)}
        >
          <span aria-hidden="true">{file.favourite ? '♥' : '♡'}</span> {t('gallery.favouriteShort')}
        </button>
        <button type="button" className="button" onClick={() => onDownload(file)} disabled={downloading}>
          {downloading ? t('gallery.downloading') : t('gallery.download')}
          <span className="visually-hidden"> ({formatBytes(file.size, i18n.language)})</span>
        </button>
        <button type="button" className="button button-secondary" onClick={() => move(1)} disabled={files.length < 2}>
          {t('gallery.next')}
          <span aria-hidden="true"> →</span>
        </button>
      </div>
      <p className="hint lightbox-hint">{t('gallery.keysHint')}</p>
    </dialog>
  );
}
