/**
 * Galleries of a project (file delivery): the provider creates them, uploads files straight to
 * storage (signed addresses), delivers them; the client sees the delivered ones, marks
 * favourites and downloads originals or ZIP archives. Instants are epoch seconds.
 */
import { request, withQuery } from '../../lib/api-client';

export const GALLERY_STATUSES = ['draft', 'delivered'] as const;
export type GalleryStatus = (typeof GALLERY_STATUSES)[number];

export const FILE_STATUSES = ['uploading', 'processing', 'ready', 'failed'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

export const FILE_KINDS = ['image', 'video', 'pdf', 'zip', 'other'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const ARCHIVE_STATUSES = ['building', 'ready', 'failed'] as const;
export type ArchiveStatus = (typeof ARCHIVE_STATUSES)[number];

export type Selection = 'all' | 'favourites';

export interface Gallery {
  id: string;
  project_id: string;
  name: string;
  /** Lower first. */
  position: number;
  status: GalleryStatus;
  file_count: number;
  ready_count: number;
  total_bytes: number;
  favourite_count: number;
  delivered_at?: number;
  expires_at?: number;
  expired: boolean;
  version: number;
}

export interface GalleryFile {
  id: string;
  name: string;
  content_type: string;
  size: number;
  kind: FileKind;
  status: FileStatus;
  /** Why the server refused the file (status `failed`). */
  failure?: string;
  width?: number;
  height?: number;
  favourite: boolean;
  /** About 400 px, signed for 15 minutes. */
  thumb_url?: string;
  /** About 1600 px, signed for 15 minutes. */
  preview_url?: string;
  uploaded_at: number;
}

/** One download of a file or an archive part (the proof of delivery), newest first. */
export interface Download {
  at: number;
  side: 'client' | 'provider';
  user_name: string;
  what: 'file' | 'archive';
  name: string;
}

export interface GalleryPage {
  gallery: Gallery;
  /** 200 a page, in upload order. */
  files: GalleryFile[];
  next_cursor?: string | null;
  /** The provider's only. */
  downloads?: Download[];
}

/** Where and how to send a new file's bytes. */
export type UploadPlan =
  | { kind: 'single'; method: 'PUT'; url: string; headers: Record<string, string> }
  | { kind: 'multipart'; upload_id: string; key: string; part_size: number; part_count: number };

export interface UploadedPart {
  number: number;
  etag: string;
  size: number;
}

export interface ArchivePart {
  number: number;
  name: string;
  size: number;
}

export interface Archive {
  id: string;
  selection: Selection;
  status: ArchiveStatus;
  file_count: number;
  total_bytes: number;
  /** Large archives come in several parts, each a complete ZIP. */
  parts: ArchivePart[];
}

/** A short-lived download address (with `Content-Disposition: attachment`). */
export interface DownloadLink {
  url: string;
  expires_in: number;
}

const projectGalleries = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/galleries`;
const galleryPath = (id: string) => `/api/galleries/${encodeURIComponent(id)}`;
const filePath = (galleryId: string, fileId: string) => `${galleryPath(galleryId)}/files/${encodeURIComponent(fileId)}`;

/** The project's galleries (the client gets the delivered ones only). */
export function listGalleries(projectId: string): Promise<{ galleries: Gallery[] }> {
  return request('GET', projectGalleries(projectId), { auth: true });
}

/** 409 `too_many_galleries`. */
export function createGallery(projectId: string, name: string): Promise<{ gallery: Gallery }> {
  return request('POST', projectGalleries(projectId), { body: { name }, auth: true });
}

/** Renames or moves a gallery (position: lower first). */
export function updateGallery(id: string, input: { name: string; position: number }): Promise<{ gallery: Gallery }> {
  return request('PUT', galleryPath(id), { body: input, auth: true });
}

/** 409 `gallery_delivered`. */
export function deleteGallery(id: string): Promise<void> {
  return request('DELETE', galleryPath(id), { auth: true });
}

/** A page of the gallery's files (the client: 404 before delivery, 410 `gallery_expired` after expiry). */
export function getGallery(id: string, cursor?: string): Promise<GalleryPage> {
  return request('GET', withQuery(galleryPath(id), { cursor }), { auth: true });
}

/** Declares a new file: 400 `type_not_allowed`, `file_too_large`; 409 `gallery_full`. */
export function createFile(galleryId: string, input: { name: string; type: string; size: number }): Promise<{ file: GalleryFile; upload: UploadPlan }> {
  return request('POST', `${galleryPath(galleryId)}/files`, { body: input, auth: true });
}

/** A signed PUT for part `number` (1-based) of a multipart upload; 400 `invalid_part`. */
export function signPart(galleryId: string, fileId: string, number: number): Promise<{ url: string }> {
  return request('POST', `${filePath(galleryId, fileId)}/parts/${number}`, { auth: true });
}

/** The parts stored so far (to resume a multipart upload). */
export function listParts(galleryId: string, fileId: string): Promise<{ parts: UploadedPart[] }> {
  return request('GET', `${filePath(galleryId, fileId)}/parts`, { auth: true });
}

/** Ends an upload (`parts` for a multipart one): the file becomes `processing`; 409 `upload_incomplete`. */
export function completeFile(galleryId: string, fileId: string, parts?: { number: number; etag: string }[]): Promise<{ file: GalleryFile }> {
  return request('POST', `${filePath(galleryId, fileId)}/complete`, { body: parts ? { parts } : {}, auth: true });
}

/** Aborts an upload in progress or removes a file; 409 `gallery_delivered`. */
export function deleteFile(galleryId: string, fileId: string): Promise<void> {
  return request('DELETE', filePath(galleryId, fileId), { auth: true });
}

/** Delivers to the client (expires 90 days later); 409 `gallery_empty`, `gallery_delivered`. */
export function deliverGallery(id: string): Promise<{ gallery: Gallery }> {
  return request('POST', `${galleryPath(id)}/deliver`, { auth: true });
}

/** Pushes the expiry back by `days` (1 to 365). */
export function extendGallery(id: string, days: number): Promise<{ gallery: Gallery }> {
  return request('POST', `${galleryPath(id)}/extend`, { body: { days }, auth: true });
}

/** The client's favourite mark. */
export function setFavourite(galleryId: string, fileId: string, favourite: boolean): Promise<{ file: GalleryFile }> {
  return request('PUT', `${filePath(galleryId, fileId)}/favourite`, { body: { favourite }, auth: true });
}

/** The original's download address (logged). */
export function downloadFile(galleryId: string, fileId: string): Promise<DownloadLink> {
  return request('POST', `${filePath(galleryId, fileId)}/download`, { auth: true });
}

/**
 * Asks for a ZIP of all the files or of the favourites: `building` (a live notice tells when it is
 * ready) or already `ready`; 409 `no_favourites`.
 */
export function requestArchive(galleryId: string, selection: Selection): Promise<{ archive: Archive }> {
  return request('POST', `${galleryPath(galleryId)}/archives`, { body: { selection }, auth: true, readAccepted: true });
}

/** One part's download address (logged). */
export function downloadArchivePart(galleryId: string, archiveId: string, number: number): Promise<DownloadLink> {
  return request('POST', `${galleryPath(galleryId)}/archives/${encodeURIComponent(archiveId)}/parts/${number}/download`, { auth: true });
}
