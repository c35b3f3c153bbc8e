/** Pure logic of the gallery pages: order, sizes, dates, file types, previews, the lightbox, archives, errors. */
import { ApiError } from '../../lib/api-client';
import type { Archive, Download, FileStatus, Gallery, GalleryFile } from './api';

// ---- Limits of the API ----

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
/** Above this, a file is sent in parts (multipart upload). */
export const MULTIPART_THRESHOLD = 64 * MiB;
export const MAX_FILE_SIZE = 5 * GiB;
export const MAX_GALLERY_FILES = 5_000;
export const MAX_GALLERY_BYTES = 200 * GiB;
export const MIN_EXTEND_DAYS = 1;
export const MAX_EXTEND_DAYS = 365;
export const MAX_NAME = 100;
/** Signed preview addresses last 15 minutes: the page reads the gallery again before then. */
export const PREVIEW_REFRESH_MS = 12 * 60 * 1000;
/** How often a building archive is asked about when no live notice came. */
export const ARCHIVE_POLL_MS = 4_000;

/** The content types the API accepts, with the extensions that stand for them. */
export const ALLOWED_TYPES: Readonly<Record<string, readonly string[]>> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  'image/heic': ['.heic'],
  'image/tiff': ['.tif', '.tiff'],
  'application/pdf': ['.pdf'],
  'application/zip': ['.zip'],
  'video/mp4': ['.mp4'],
  'video/quicktime': ['.mov'],
};

/** What the file picker accepts (types and extensions, for browsers that know no type for HEIC). */
export const ACCEPT: string[] = [...Object.keys(ALLOWED_TYPES), ...Object.values(ALLOWED_TYPES).flat()];

/**
 * The content type to declare for a file: the browser's when the API accepts it, else the one its
 * extension stands for (a HEIC photo often comes with no type), else the browser's (refused by the API).
 */
export function contentTypeFor(name: string, type: string): string {
  const lower = type.toLowerCase();
  if (Object.hasOwn(ALLOWED_TYPES, lower)) return lower;
  const dot = name.lastIndexOf('.');
  const extension = dot >= 0 ? name.slice(dot).toLowerCase() : '';
  for (const [known, extensions] of Object.entries(ALLOWED_TYPES)) if (extension && extensions.includes(extension)) return known;
  return type || 'application/octet-stream';
}

export function isMultipart(size: number): boolean {
  return size > MULTIPART_THRESHOLD;
}

// ---- Galleries ----

/** Galleries in their order: position, then name, then id. */
export function byPosition(galleries: Gallery[]): Gallery[] {
  return [...galleries].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** A name to send: trimmed, not empty, 100 characters at most; null otherwise. */
export function galleryName(text: string): string | null {
  const name = text.trim().replace(/\s+/gu, ' ');
  return name && [...name].length <= MAX_NAME ? name : null;
}

/** Days to extend by, from the typed text: an integer from 1 to 365, else null. */
export function extendDays(text: string): number | null {
  if (!/^\d{1,3}$/u.test(text.trim())) return null;
  const days = Number(text.trim());
  return days >= MIN_EXTEND_DAYS && days <= MAX_EXTEND_DAYS ? days : null;
}

/** Epoch seconds (or milliseconds, or an ISO text) as milliseconds; null for nothing readable. */
export function instantMs(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? (Math.abs(value) < 1e12 ? value * 1000 : value) : null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Whether the client can no longer open the gallery. */
export function isExpired(gallery: Pick<Gallery, 'expired' | 'expires_at'>, now: number = Date.now()): boolean {
  if (gallery.expired) return true;
  const at = instantMs(gallery.expires_at);
  return at !== null && at <= now;
}

/** Whole days left before expiry (0 on its last day), null without an expiry. */
export function daysLeft(gallery: Pick<Gallery, 'expires_at'>, now: number = Date.now()): number | null {
  const at = instantMs(gallery.expires_at);
  if (at === null) return null;
  return Math.max(0, Math.floor((at - now) / 86_400_000));
}

// ---- Sizes ----

const UNITS: Record<'fr' | 'en', readonly string[]> = {
  fr: ['octets', 'Ko', 'Mo', 'Go', 'To'],
  en: ['bytes', 'KB', 'MB', 'GB', 'TB'],
};

/** A size as a person reads it: « 1,5 Mo » / "1.5 MB" (binary multiples; a no-break space before the unit). */
export function formatBytes(bytes: number, lang: string): string {
  const units = UNITS[lang.startsWith('en') ? 'en' : 'fr'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const english = lang.startsWith('en');
  const number = new Intl.NumberFormat(english ? 'en-GB' : 'fr-FR', { maximumFractionDigits: digits }).format(value);
  // « 0 octet », « 1 octet » (French singular below 2), "1 byte".
  const name = unit === 0 && (english ? value === 1 : value < 2) ? units[0]!.slice(0, -1) : units[unit];
  return `${number}\u00a0${name}`;
}

// ---- Files ----

/** The files the client's grid shows: the ready ones, in upload order. */
export function viewable(files: GalleryFile[]): GalleryFile[] {
  return files.filter((f) => f.status === 'ready');
}

export function favourites(files: GalleryFile[]): GalleryFile[] {
  return files.filter((f) => f.favourite);
}

/** Whether the file has a picture to show (else a type icon stands for it). */
export function hasPreview(file: Pick<GalleryFile, 'thumb_url' | 'status'>): boolean {
  return file.status === 'ready' && Boolean(file.thumb_url);
}

/** The thumbnail's box (set on the <img> so that nothing moves while it loads): 400 px on its longer side. */
export function thumbBox(file: Pick<GalleryFile, 'width' | 'height'>, side = 400): { width: number; height: number } {
  const { width, height } = file;
  if (!width || !height || width <= 0 || height <= 0) return { width: side, height: Math.round((side * 3) / 4) };
  const scale = side / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Pages of files joined (a file already there is replaced by its newer copy). */
export function mergeFiles(current: GalleryFile[], more: GalleryFile[]): GalleryFile[] {
  const index = new Map(current.map((f, i) => [f.id, i]));
  const out = [...current];
  for (const file of more) {
    const at = index.get(file.id);
    if (at === undefined) {
      index.set(file.id, out.length);
      out.push(file);
    } else out[at] = file;
  }
  return out;
}

/** A file replaced by a newer copy (a favourite mark answered), the others kept. */
export function replaceFile(files: GalleryFile[], file: GalleryFile): GalleryFile[] {
  return files.map((f) => (f.id === file.id ? file : f));
}

/** How many files of each status (the provider's summary). */
export function statusCounts(files: GalleryFile[]): Record<FileStatus, number> {
  const counts: Record<FileStatus, number> = { uploading: 0, processing: 0, ready: 0, failed: 0 };
  for (const file of files) counts[file.status] += 1;
  return counts;
}

/** Whether the provider may deliver: a draft with at least one ready file. */
export function canDeliver(gallery: Gallery, files: GalleryFile[]): boolean {
  return gallery.status === 'draft' && (gallery.ready_count > 0 || files.some((f) => f.status === 'ready'));
}

export const FAILURES = ['content_mismatch', 'size_mismatch', 'unreadable_image'] as const;
export type FailureCode = (typeof FAILURES)[number];

/** Why the server refused a file: `code: details` with a known code, else the text as it came. */
export function failureReason(failure: string | undefined): { code: FailureCode } | { text: string } | null {
  if (!failure) return null;
  const code = failure.split(':', 1)[0]!.trim();
  return (FAILURES as readonly string[]).includes(code) ? { code: code as FailureCode } : { text: failure };
}

// ---- The lightbox ----

/** The index after `index` moved by `step` among `count` items, wrapping around. */
export function stepIndex(index: number, step: number, count: number): number {
  if (count <= 0) return -1;
  return (((index + step) % count) + count) % count;
}

// ---- Archives ----

export type ArchiveState =
  | { phase: 'idle' }
  | { phase: 'asking' }
  | { phase: 'building'; archive: Archive }
  | { phase: 'ready'; archive: Archive }
  | { phase: 'failed'; archive?: Archive; error?: unknown };

/** The state an archive answer (or a live notice's reload) leads to. */
export function archiveState(archive: Archive): ArchiveState {
  if (archive.status === 'ready') return { phase: 'ready', archive };
  if (archive.status === 'failed') return { phase: 'failed', archive };
  return { phase: 'building', archive };
}

// ---- The downloads log ----

/** Newest first (the API's order, kept whatever comes). */
export function downloadsNewestFirst(downloads: Download[]): Download[] {
  return [...downloads].sort((a, b) => (instantMs(b.at) ?? 0) - (instantMs(a.at) ?? 0));
}

// ---- Errors ----

export const GALLERY_ERRORS = [
  'too_many_galleries',
  'gallery_delivered',
  'gallery_empty',
  'gallery_expired',
  'gallery_full',
  'type_not_allowed',
  'file_too_large',
  'invalid_part',
  'upload_incomplete',
  'no_favourites',
  'not_found',
] as const;
export type GalleryErrorCode = (typeof GALLERY_ERRORS)[number];

/** The gallery error code of an API refusal, or null for another error. */
export function galleryErrorCode(error: unknown): GalleryErrorCode | null {
  if (!(error instanceof ApiError)) return null;
  return (GALLERY_ERRORS as readonly string[]).includes(error.code) ? (error.code as GalleryErrorCode) : null;
}

export function isExpiredError(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 410 || error.code === 'gallery_expired');
}

// ---- Dates ----

const intlLocale = (lang: string) => (lang.startsWith('en') ? 'en-GB' : 'fr-FR');

/** An instant's day: « 1 mars 2027 » / "1 March 2027"; empty when unreadable. */
export function formatDay(value: number | string | null | undefined, lang: string): string {
  const ms = instantMs(value);
  if (ms === null) return '';
  return new Intl.DateTimeFormat(intlLocale(lang), { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(ms));
}

/** An instant with its time: « 1 déc. 2026, 14:05 » / "1 Dec 2026, 14:05"; empty when unreadable. */
export function formatWhen(value: number | string | null | undefined, lang: string): string {
  const ms = instantMs(value);
  if (ms === null) return '';
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

/** The machine-readable form of an instant for `<time dateTime>`. */
export function isoInstant(value: number | string | null | undefined): string | undefined {
  const ms = instantMs(value);
  return ms === null ? undefined : new Date(ms).toISOString();
}
