import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api-client';
import type { Archive, Gallery, GalleryFile } from './api';
import * as m from './model';

const gallery = (over: Partial<Gallery> = {}): Gallery => ({
  id: 'g1',
  project_id: 'p1',
  name: 'Sélection',
  position: 0,
  status: 'draft',
  file_count: 0,
  ready_count: 0,
  total_bytes: 0,
  favourite_count: 0,
  expired: false,
  version: 1,
  ...over,
});

const file = (over: Partial<GalleryFile> = {}): GalleryFile => ({
  id: 'f1',
  name: 'a.jpg',
  content_type: 'image/jpeg',
  size: 10,
  kind: 'image',
  status: 'ready',
  favourite: false,
  uploaded_at: 1_796_000_000,
  ...over,
});

describe('file types', () => {
  it('declares the browser’s type when allowed, else the extension’s', () => {
    expect(m.contentTypeFor('Église été.jpg', 'image/jpeg')).toBe('image/jpeg');
    expect(m.contentTypeFor('IMG_1.HEIC', '')).toBe('image/heic');
    expect(m.contentTypeFor('scan.tif', '')).toBe('image/tiff');
    expect(m.contentTypeFor('clip.MOV', 'video/quicktime')).toBe('video/quicktime');
    expect(m.contentTypeFor('clip.mov', '')).toBe('video/quicktime');
    expect(m.contentTypeFor('notes.txt', 'text/plain')).toBe('text/plain');
    expect(m.contentTypeFor('noext', '')).toBe('application/octet-stream');
    expect(m.contentTypeFor('a.zip', 'application/x-zip-compressed')).toBe('application/zip');
  });
  it('accepts the API’s types and their extensions', () => {
    expect(m.ACCEPT).toContain('image/heic');
    expect(m.ACCEPT).toContain('.heic');
    expect(m.ACCEPT).toContain('application/pdf');
  });
  it('sends more than 64 MiB in parts', () => {
    expect(m.isMultipart(64 * m.MiB)).toBe(false);
    expect(m.isMultipart(64 * m.MiB + 1)).toBe(true);
  });
});

describe('galleries', () => {
  it('are ordered by position, then name', () => {
    const list = [gallery({ id: 'b', name: 'B', position: 2 }), gallery({ id: 'a', name: 'Z', position: 1 }), gallery({ id: 'c', name: 'A', position: 2 })];
    expect(m.byPosition(list).map((g) => g.id)).toEqual(['a', 'c', 'b']);
  });
  it('check names and days', () => {
    expect(m.galleryName('  Photos   finales ')).toBe('Photos finales');
    expect(m.galleryName('   ')).toBeNull();
    expect(m.galleryName('x'.repeat(101))).toBeNull();
    expect(m.extendDays('30')).toBe(30);
    expect(m.extendDays('0')).toBeNull();
    expect(m.extendDays('366')).toBeNull();
    expect(m.extendDays('1.5')).toBeNull();
    expect(m.extendDays('')).toBeNull();
  });
  it('read instants in seconds, milliseconds or ISO text', () => {
    expect(m.instantMs(1_796_000_000)).toBe(1_796_000_000_000);
    expect(m.instantMs(1_796_000_000_000)).toBe(1_796_000_000_000);
    expect(m.instantMs('2026-12-01T10:00:00Z')).toBe(Date.UTC(2026, 11, 1, 10));
    expect(m.instantMs('soon')).toBeNull();
    expect(m.instantMs(undefined)).toBeNull();
  });
  it('expire', () => {
    const now = Date.UTC(2026, 11, 1);
    expect(m.isExpired(gallery({ expired: true }), now)).toBe(true);
    expect(m.isExpired(gallery({ expires_at: now / 1000 - 1 }), now)).toBe(true);
    expect(m.isExpired(gallery({ expires_at: now / 1000 + 86_400 }), now)).toBe(false);
    expect(m.isExpired(gallery(), now)).toBe(false);
    expect(m.daysLeft(gallery({ expires_at: now / 1000 + 90 * 86_400 }), now)).toBe(90);
    expect(m.daysLeft(gallery(), now)).toBeNull();
  });
  it('may be delivered with one ready file', () => {
    expect(m.canDeliver(gallery({ ready_count: 1 }), [])).toBe(true);
    expect(m.canDeliver(gallery(), [file({ status: 'processing' })])).toBe(false);
    expect(m.canDeliver(gallery(), [file()])).toBe(true);
    expect(m.canDeliver(gallery({ status: 'delivered', ready_count: 3 }), [file()])).toBe(false);
  });
});

describe('sizes', () => {
  it('read in French and English', () => {
    expect(m.formatBytes(512, 'fr')).toBe('512\u00a0octets');
    expect(m.formatBytes(1536, 'fr')).toBe('1,5\u00a0Ko');
    expect(m.formatBytes(5 * m.GiB, 'fr')).toBe('5\u00a0Go');
    expect(m.formatBytes(150 * m.MiB, 'fr')).toBe('150\u00a0Mo');
    expect(m.formatBytes(1536, 'en')).toBe('1.5\u00a0KB');
    expect(m.formatBytes(0, 'en')).toBe('0\u00a0bytes');
    expect(m.formatBytes(1, 'en')).toBe('1\u00a0byte');
    expect(m.formatBytes(0, 'fr')).toBe('0\u00a0octet');
    expect(m.formatBytes(1, 'fr')).toBe('1\u00a0octet');
  });
});

describe('files', () => {
  it('the client sees the ready ones; favourites; previews', () => {
    const files = [file({ id: 'a' }), file({ id: 'b', status: 'processing' }), file({ id: 'c', favourite: true })];
    expect(m.viewable(files).map((f) => f.id)).toEqual(['a', 'c']);
    expect(m.favourites(files).map((f) => f.id)).toEqual(['c']);
    expect(m.hasPreview(file({ thumb_url: '/t' }))).toBe(true);
    expect(m.hasPreview(file())).toBe(false);
    expect(m.hasPreview(file({ thumb_url: '/t', status: 'processing' }))).toBe(false);
    expect(m.statusCounts(files)).toEqual({ uploading: 0, processing: 1, ready: 2, failed: 0 });
  });
  it('thumbnails keep their ratio in a 400 px box', () => {
    expect(m.thumbBox({ width: 4000, height: 3000 })).toEqual({ width: 400, height: 300 });
    expect(m.thumbBox({ width: 1000, height: 2000 })).toEqual({ width: 200, height: 400 });
    expect(m.thumbBox({})).toEqual({ width: 400, height: 300 });
  });
  it('pages merge and answers replace', () => {
    const a = file({ id: 'a' });
    const b = file({ id: 'b' });
    const merged = m.mergeFiles([a, b], [file({ id: 'b', favourite: true }), file({ id: 'c' })]);
    expect(merged.map((f) => [f.id, f.favourite])).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
    ]);
    expect(m.replaceFile([a, b], file({ id: 'a', favourite: true }))[0]!.favourite).toBe(true);
  });
});

describe('refusals', () => {
  it('name the known reasons, keep the others', () => {
    expect(m.failureReason('content_mismatch: the content is not of its declared type')).toEqual({ code: 'content_mismatch' });
    expect(m.failureReason('unreadable_image: bad marker')).toEqual({ code: 'unreadable_image' });
    expect(m.failureReason('virus found')).toEqual({ text: 'virus found' });
    expect(m.failureReason(undefined)).toBeNull();
  });
});

describe('lightbox and archives', () => {
  it('steps wrap around', () => {
    expect(m.stepIndex(0, 1, 3)).toBe(1);
    expect(m.stepIndex(2, 1, 3)).toBe(0);
    expect(m.stepIndex(0, -1, 3)).toBe(2);
    expect(m.stepIndex(0, 1, 0)).toBe(-1);
  });
  it('archive states follow the status', () => {
    const archive: Archive = { id: 'a', selection: 'all', status: 'building', file_count: 1, total_bytes: 1, parts: [] };
    expect(m.archiveState(archive).phase).toBe('building');
    expect(m.archiveState({ ...archive, status: 'ready' }).phase).toBe('ready');
    expect(m.archiveState({ ...archive, status: 'failed' }).phase).toBe('failed');
  });
  it('downloads newest first', () => {
    const d = (at: number) => ({ at, side: 'client' as const, user_name: 'C', what: 'file' as const, name: 'a' });
    expect(m.downloadsNewestFirst([d(1), d(3), d(2)]).map((x) => x.at)).toEqual([3, 2, 1]);
  });
});

describe('errors', () => {
  it('are the gallery codes only', () => {
    expect(m.galleryErrorCode(new ApiError(409, 'gallery_full', 'x'))).toBe('gallery_full');
    expect(m.galleryErrorCode(new ApiError(409, 'stale_status', 'x'))).toBeNull();
    expect(m.galleryErrorCode(new Error('x'))).toBeNull();
    expect(m.isExpiredError(new ApiError(410, 'gallery_expired', 'x'))).toBe(true);
    expect(m.isExpiredError(new ApiError(404, 'not_found', 'x'))).toBe(false);
  });
});

describe('dates', () => {
  it('read as days and instants in both languages', () => {
    const at = Date.UTC(2027, 2, 1, 12) / 1000;
    expect(m.formatDay(at, 'fr')).toBe('1 mars 2027');
    expect(m.formatDay(at, 'en')).toBe('1 March 2027');
    expect(m.formatDay(undefined, 'fr')).toBe('');
    expect(m.isoInstant(at)).toBe('2027-03-01T12:00:00.000Z');
    expect(m.formatWhen(at, 'fr')).toMatch(/2027/u);
  });
});
