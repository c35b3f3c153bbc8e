/**
 * The bridge between Uppy's `@uppy/aws-s3` plugin and the gallery upload routes.
 *
 * - A file up to 64 MiB: `getUploadParameters` declares it (`POST …/files`, which answers a
 *   signed PUT and the exact headers to send); the bytes go straight to storage; then
 *   `POST …/complete {}`.
 * - A larger file: a pre-processor declares it before Uppy cuts it in parts, since the part
 *   size is the server's (`part_size`, given by `getChunkSize`); `createMultipartUpload` hands
 *   Uppy that upload; `signPart`, `listParts` (resume), `completeMultipartUpload` and
 *   `abortMultipartUpload` call their routes.
 * - The server's file id and upload id are kept in the Uppy file's `meta` (`fileId`,
 *   `uploadId`, `key`): a retry of a failed file declares it again (the old one is removed
 *   first), and a file removed before it was complete is removed from the server too.
 *
 * Only types come from Uppy here (the plugin itself is loaded with the editor).
 */
import type { AwsS3Part, AwsS3UploadParameters, UploadPartBytesResult, UploadResult } from '@uppy/aws-s3';
import type { Meta } from '@uppy/core';
import * as api from './api';
import type { GalleryFile, UploadPlan } from './api';
import { contentTypeFor, isMultipart, MiB } from './model';

/** The routes the bridge calls (the real ones by default; fakes in tests). */
export type UploadApi = Pick<typeof api, 'createFile' | 'signPart' | 'listParts' | 'completeFile' | 'deleteFile'>;

/** What the bridge needs of an Uppy file. */
export interface UploadingFile {
  id: string;
  name?: string;
  type?: string;
  size: number | null;
  data?: Blob | File | null;
  meta: Meta;
}

/** What the bridge needs of the Uppy instance. */
export interface UploadHost {
  getFile(id: string): UploadingFile | undefined;
  setFileMeta(id: string, meta: Meta): void;
  /** Marks one file failed (the others go on). */
  fail(file: UploadingFile, error: Error): void;
}

export interface UploadEvents {
  /** The server has the whole file (status `processing`): the page reads the gallery again. */
  onCompleted?: (file: GalleryFile) => void;
}

/** A refusal's words for a person (the page's language); the API error stays in `cause`. */
export type Describe = (error: unknown) => string;

/** The server's ids of an Uppy file, in its `meta`. */
interface ServerIds {
  fileId: string;
  uploadId?: string;
  key?: string;
}

function serverIds(meta: Meta): ServerIds | null {
  return typeof meta.fileId === 'string' ? { fileId: meta.fileId, ...(typeof meta.uploadId === 'string' ? { uploadId: meta.uploadId, key: String(meta.key ?? '') } : {}) } : null;
}

const CLEARED: Meta = { fileId: undefined, uploadId: undefined, key: undefined };

/** An Error with the person's words as message and the API error as cause. */
export function uploadError(error: unknown, describe: Describe): Error {
  const out = new Error(describe(error), { cause: error });
  // Uppy's retry logic reads `source.status` (a 4xx other than 409 and 429 is not retried).
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
    Object.assign(out, { source: { status: error.status } });
  }
  return out;
}

/**
 * Sends one body with XMLHttpRequest (upload progress, abort) to a signed address with exactly
 * its headers. A part's answer must carry its `ETag`; a single upload's may not.
 */
export function putBytes(options: {
  signature: AwsS3UploadParameters;
  body: FormData | Blob;
  size?: number;
  onProgress: (event: { loaded: number; lengthComputable: boolean }) => void;
  onComplete?: (etag: string) => void;
  signal?: AbortSignal;
  needEtag: boolean;
}): Promise<UploadPartBytesResult> {
  const { signature, body, onProgress, onComplete, signal, needEtag } = options;
  const size = options.size ?? (body instanceof Blob ? body.size : 0);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('The upload was aborted', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open(signature.method ?? 'PUT', signature.url, true);
    for (const [name, value] of Object.entries(signature.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.responseType = 'text';
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort);
    const done = () => signal?.removeEventListener('abort', onAbort);
    xhr.upload.addEventListener('progress', (event) => onProgress({ loaded: event.loaded, lengthComputable: event.lengthComputable }));
    xhr.addEventListener('abort', () => {
      done();
      reject(new DOMException('The upload was aborted', 'AbortError'));
    });
    xhr.addEventListener('error', () => {
      done();
      reject(Object.assign(new Error('The storage could not be reached'), { source: { status: 0 } }));
    });
    xhr.addEventListener('load', () => {
      done();
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(Object.assign(new Error(`The storage answered ${xhr.status}`), { source: { status: xhr.status } }));
        return;
      }
      const etag = xhr.getResponseHeader('ETag') ?? '';
      if (needEtag && !etag) {
        reject(Object.assign(new Error('The storage did not answer the part’s ETag'), { source: { status: xhr.status } }));
        return;
      }
      onProgress({ loaded: size, lengthComputable: true });
      onComplete?.(etag);
      resolve({ ETag: etag });
    });
    xhr.send(body);
  });
}

export interface Bridge {
  /** Uppy pre-processor: declares the files sent in parts (their part size is the server's). */
  prepare: (fileIDs: string[]) => Promise<void>;
  /** Uppy's `file-removed`: a file not complete is removed from the server too. */
  removed: (file: UploadingFile) => void;
  /** The `@uppy/aws-s3` options. */
  options: {
    shouldUseMultipart: (file: UploadingFile) => boolean;
    getChunkSize: (data: { size: number }) => number;
    getUploadParameters: (file: UploadingFile) => Promise<AwsS3UploadParameters>;
    createMultipartUpload: (file: UploadingFile) => Promise<UploadResult>;
    signPart: (file: UploadingFile, options: { uploadId: string; key: string; partNumber: number; signal?: AbortSignal }) => Promise<AwsS3UploadParameters>;
    listParts: (file: UploadingFile, options: UploadResult & { signal?: AbortSignal }) => Promise<AwsS3Part[]>;
    completeMultipartUpload: (file: UploadingFile, options: { uploadId: string; key: string; parts: AwsS3Part[]; signal?: AbortSignal }) => Promise<{ location?: string }>;
    abortMultipartUpload: (file: UploadingFile, options: UploadResult & { signal?: AbortSignal }) => Promise<void>;
    uploadPartBytes: (options: {
      signature: AwsS3UploadParameters;
      body: FormData | Blob;
      size?: number;
      onProgress: (event: { loaded: number; lengthComputable: boolean }) => void;
      onComplete: (etag: string) => void;
      signal?: AbortSignal;
    }) => Promise<UploadPartBytesResult>;
  };
}

/** The part size Uppy falls back to if a multipart file was not declared first (never expected). */
const FALLBACK_PART_SIZE = 64 * MiB;

/**
 * The bridge for one gallery. `send` puts the bytes (XMLHttpRequest by default; a fake in tests).
 */
export function createBridge(
  galleryId: string,
  host: UploadHost,
  describe: Describe,
  events: UploadEvents = {},
  routes: UploadApi = api,
  send: typeof putBytes = putBytes,
): Bridge {
  /** Multipart uploads declared by the pre-processor, not yet handed to Uppy, by Uppy file id. */
  const declared = new Map<string, Extract<UploadPlan, { kind: 'multipart' }> & { fileId: string }>();
  /** The part size of each multipart file's data (what `getChunkSize` is given). */
  const partSizes = new WeakMap<object, number>();
  /** Server file of each multipart upload id. */
  const byUploadId = new Map<string, string>();
  /** Single uploads' signed address → the server file to complete once the bytes are sent. */
  const singles = new Map<string, { uppyId: string; fileId: string }>();
  /** Server files complete, or removed (never removed twice). */
  const finished = new Set<string>();

  const current = (file: UploadingFile) => host.getFile(file.id) ?? file;

  /** Removes a server file that is not complete (an abandoned try); errors are ignored. */
  async function discard(fileId: string): Promise<void> {
    if (finished.has(fileId)) return;
    finished.add(fileId);
    try {
      await routes.deleteFile(galleryId, fileId);
    } catch {
      // Gone already, or the server will sweep it.
    }
  }

  async function declare(file: UploadingFile) {
    const earlier = serverIds(current(file).meta);
    if (earlier) {
      await discard(earlier.fileId);
      host.setFileMeta(file.id, CLEARED);
    }
    const size = file.size ?? file.data?.size ?? 0;
    const name = file.name ?? (typeof file.meta.name === 'string' ? file.meta.name : 'fichier');
    try {
      return await routes.createFile(galleryId, { name, type: contentTypeFor(name, file.type ?? ''), size });
    } catch (error) {
      throw uploadError(error, describe);
    }
  }

  function completed(file: GalleryFile) {
    finished.add(file.id);
    events.onCompleted?.(file);
  }

  const fileOf = (uploadId: string): string => {
    const fileId = byUploadId.get(uploadId);
    if (!fileId) throw new Error(`Unknown upload ${uploadId}`);
    return fileId;
  };

  return {
    async prepare(fileIDs) {
      const queue = fileIDs.map((id) => host.getFile(id)).filter((f): f is UploadingFile => f !== undefined && isMultipart(f.size ?? 0));
      const worker = async () => {
        for (let file = queue.shift(); file; file = queue.shift()) {
          try {
            const { file: created, upload } = await declare(file);
            if (upload.kind !== 'multipart') {
              // The server wants it in one piece after all: getUploadParameters will declare it again.
              await discard(created.id);
              continue;
            }
            declared.set(file.id, { ...upload, fileId: created.id });
            if (file.data) partSizes.set(file.data, upload.part_size);
            host.setFileMeta(file.id, { fileId: created.id, uploadId: upload.upload_id, key: upload.key });
          } catch (error) {
            host.fail(file, error instanceof Error ? error : new Error(String(error)));
          }
        }
      };
      await Promise.all([worker(), worker(), worker()]);
    },

    removed(file) {
      declared.delete(file.id);
      const ids = serverIds(file.meta);
      if (ids) void discard(ids.fileId);
    },

    options: {
      shouldUseMultipart: (file) => declared.has(file.id) || (isMultipart(file.size ?? 0) && typeof file.meta.uploadId === 'string'),
      getChunkSize: (data) => partSizes.get(data) ?? FALLBACK_PART_SIZE,

      async getUploadParameters(file) {
        const { file: created, upload } = await declare(file);
        if (upload.kind !== 'single') {
          await discard(created.id);
          throw uploadError(new Error('The server asked for a multipart upload'), describe);
        }
        host.setFileMeta(file.id, { fileId: created.id });
        singles.set(upload.url, { uppyId: file.id, fileId: created.id });
        return { method: 'PUT', url: upload.url, headers: upload.headers };
      },

      async createMultipartUpload(file) {
        let plan = declared.get(file.id);
        declared.delete(file.id);
        if (!plan) {
          // A second try after an abort: declared again, with the part size Uppy already cut.
          const { file: created, upload } = await declare(file);
          const expected = file.data ? partSizes.get(file.data) : undefined;
          if (upload.kind !== 'multipart' || (expected !== undefined && upload.part_size !== expected)) {
            await discard(created.id);
            throw uploadError(new Error('The server changed the part size'), describe);
          }
          plan = { ...upload, fileId: created.id };
          host.setFileMeta(file.id, { fileId: created.id, uploadId: upload.upload_id, key: upload.key });
        }
        byUploadId.set(plan.upload_id, plan.fileId);
        return { uploadId: plan.upload_id, key: plan.key };
      },

      async signPart(_file, { uploadId, partNumber }) {
        try {
          const { url } = await routes.signPart(galleryId, fileOf(uploadId), partNumber);
          return { method: 'PUT', url };
        } catch (error) {
          throw uploadError(error, describe);
        }
      },

      async listParts(_file, { uploadId }) {
        if (!uploadId) return [];
        const { parts } = await routes.listParts(galleryId, fileOf(uploadId));
        return parts.map((p) => ({ PartNumber: p.number, ETag: p.etag, Size: p.size }));
      },

      async completeMultipartUpload(_file, { uploadId, parts }) {
        const fileId = fileOf(uploadId);
        const sorted = parts
          .filter((p): p is Required<Pick<AwsS3Part, 'PartNumber' | 'ETag'>> & AwsS3Part => typeof p.PartNumber === 'number' && typeof p.ETag === 'string')
          .map((p) => ({ number: p.PartNumber, etag: p.ETag }))
          .sort((a, b) => a.number - b.number);
        try {
          const { file } = await routes.completeFile(galleryId, fileId, sorted);
          completed(file);
          return {};
        } catch (error) {
          throw uploadError(error, describe);
        }
      },

      async abortMultipartUpload(file, { uploadId }) {
        const fileId = uploadId ? byUploadId.get(uploadId) : undefined;
        if (uploadId) byUploadId.delete(uploadId);
        if (fileId) await discard(fileId);
        if (host.getFile(file.id)) host.setFileMeta(file.id, CLEARED);
      },

      async uploadPartBytes(options) {
        const single = singles.get(options.signature.url);
        if (!single) return send({ ...options, needEtag: true });
        let result: UploadPartBytesResult;
        try {
          result = await send({ ...options, needEtag: false });
        } catch (error) {
          // A part is retried by Uppy (it reads `source.status`); a single upload's failure is told.
          if (error instanceof DOMException && error.name === 'AbortError') throw error;
          throw Object.assign(uploadError(error, describe), { source: (error as { source?: unknown }).source });
        }
        singles.delete(options.signature.url);
        try {
          const { file } = await routes.completeFile(galleryId, single.fileId);
          completed(file);
        } catch (error) {
          throw uploadError(error, describe);
        }
        return result;
      },
    },
  };
}
