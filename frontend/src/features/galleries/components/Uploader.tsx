/**
 * The provider's uploader: Uppy's Dashboard (drag and drop, several files, each file's progress
 * and the total, retry, remove) sending straight to storage through `@uppy/aws-s3` and the
 * bridge of `../upload.ts`. Loaded lazily (`React.lazy`): only the gallery editor needs Uppy.
 */
import AwsS3 from '@uppy/aws-s3';
import Uppy, { type Meta, type UppyFile } from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import en_US from '@uppy/locales/lib/en_US.js';
import fr_FR from '@uppy/locales/lib/fr_FR.js';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../lib/i18n';
import type { GalleryFile } from '../api';
import { ACCEPT, galleryErrorCode, MAX_FILE_SIZE } from '../model';
import { createBridge, type UploadingFile } from '../upload';

type Body = Record<string, never>;

export default function Uploader({
  galleryId,
  onCompleted,
  onBatchDone,
}: {
  galleryId: string;
  /** One file is complete on the server (status `processing`). */
  onCompleted: (file: GalleryFile) => void;
  /** A batch ended: how many files made it. */
  onBatchDone: (succeeded: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const target = useRef<HTMLDivElement>(null);
  // The latest callbacks, read by Uppy's listeners (which are set once).
  const callbacks = useRef({ onCompleted, onBatchDone });
  useEffect(() => {
    callbacks.current = { onCompleted, onBatchDone };
  });
  const french = !i18n.language.startsWith('en');

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const describe = (error: unknown): string => {
      const code = galleryErrorCode(error);
      if (code) return t(`galleryErrors.${code}`);
      const { key, message } = describeError(error);
      return t(key, { message });
    };
    const uppy = new Uppy<Meta, Body>({
      id: `gallery-${galleryId}`,
      autoProceed: true,
      locale: french ? fr_FR : en_US,
      restrictions: { maxFileSize: MAX_FILE_SIZE, allowedFileTypes: ACCEPT },
    });
    const bridge = createBridge(
      galleryId,
      {
        getFile: (id) => uppy.getFile(id) as UploadingFile | undefined,
        setFileMeta: (id, meta) => uppy.setFileMeta(id, meta),
        fail: (file, error) => uppy.emit('upload-error', uppy.getFile(file.id), error),
      },
      describe,
      { onCompleted: (file) => callbacks.current.onCompleted(file) },
    );
    uppy.addPreProcessor(bridge.prepare);
    uppy.use(AwsS3<Meta, Body>, {
      limit: 4,
      shouldUseMultipart: (file: UppyFile<Meta, Body>) => bridge.options.shouldUseMultipart(file as UploadingFile),
      getChunkSize: bridge.options.getChunkSize,
      getUploadParameters: (file: UppyFile<Meta, Body>) => bridge.options.getUploadParameters(file as UploadingFile),
      createMultipartUpload: (file: UppyFile<Meta, Body>) => bridge.options.createMultipartUpload(file as UploadingFile),
      signPart: (file: UppyFile<Meta, Body>, options) => bridge.options.signPart(file as UploadingFile, options),
      listParts: (file: UppyFile<Meta, Body>, options) => bridge.options.listParts(file as UploadingFile, options),
      completeMultipartUpload: (file: UppyFile<Meta, Body>, options) => bridge.options.completeMultipartUpload(file as UploadingFile, options),
      abortMultipartUpload: (file: UppyFile<Meta, Body>, options) => bridge.options.abortMultipartUpload(file as UploadingFile, options),
      uploadPartBytes: bridge.options.uploadPartBytes,
    });
    uppy.use(Dashboard<Meta, Body>, {
      inline: true,
      target: element,
      width: '100%',
      height: 380,
      theme: 'light',
      note: t('gallery.uploadNote'),
      proudlyDisplayPoweredByUppy: false,
      hideProgressDetails: false,
      showRemoveButtonAfterComplete: false,
      fileManagerSelectionType: 'files',
      disableThumbnailGenerator: false,
      hideProgressAfterFinish: false,
      doneButtonHandler: () => {
        // « Terminé »: the finished files leave the list (they are in the gallery's list below).
        for (const file of uppy.getFiles()) if (file.progress.uploadComplete) uppy.removeFile(file.id);
      },
    });
    uppy.on('file-removed', (file) => bridge.removed(file as UploadingFile));
    // Uppy's Dashboard drops the list's role when it shows one file, leaving its item a
    // "listitem" without a list (axe: aria-required-parent): it is put back.
    const roles = new MutationObserver(() => {
      for (const list of element.querySelectorAll('.uppy-Dashboard-files:not([role])')) list.setAttribute('role', 'list');
    });
    roles.observe(element, { subtree: true, childList: true });
    uppy.on('complete', (result) => callbacks.current.onBatchDone(result.successful?.length ?? 0));
    return () => {
      roles.disconnect();
      uppy.destroy();
    };
  }, [galleryId, french, t]);

  return <div ref={target} className="gallery-uploader" />;
}
