import { describe, expect, it } from 'vitest';
import { calls, json, mockFetch, resetBetweenTests } from '../../testing/fetchMock';
import * as api from './api';

resetBetweenTests();

const archive = { id: 'a1', selection: 'favourites', status: 'building', file_count: 2, total_bytes: 10, parts: [] };

describe('galleries API', () => {
  it('calls the gallery, file, delivery and download routes with their bodies', async () => {
    mockFetch((_path, init) => (init.method === 'DELETE' ? new Response(null, { status: 204 }) : json(200, {})));
    await api.listGalleries('p 1');
    await api.createGallery('p1', 'Sélection');
    await api.updateGallery('g/1', { name: 'Photos finales', position: 2 });
    await api.deleteGallery('g1');
    await api.getGallery('g1');
    await api.getGallery('g1', 'c 2');
    await api.createFile('g1', { name: 'Église été.jpg', type: 'image/jpeg', size: 1234 });
    await api.signPart('g1', 'f1', 3);
    await api.listParts('g1', 'f1');
    await api.completeFile('g1', 'f1', [{ number: 1, etag: '"e1"' }]);
    await api.completeFile('g1', 'f2');
    await api.deleteFile('g1', 'f1');
    await api.deliverGallery('g1');
    await api.extendGallery('g1', 30);
    await api.setFavourite('g1', 'f1', true);
    await api.downloadFile('g1', 'f1');
    await api.downloadArchivePart('g1', 'a1', 2);
    expect(calls.map((c) => `${c.init.method} ${c.path}`)).toEqual([
      'GET /api/projects/p%201/galleries',
      'POST /api/projects/p1/galleries',
      'PUT /api/galleries/g%2F1',
      'DELETE /api/galleries/g1',
      'GET /api/galleries/g1',
      'GET /api/galleries/g1?cursor=c+2',
      'POST /api/galleries/g1/files',
      'POST /api/galleries/g1/files/f1/parts/3',
      'GET /api/galleries/g1/files/f1/parts',
      'POST /api/galleries/g1/files/f1/complete',
      'POST /api/galleries/g1/files/f2/complete',
      'DELETE /api/galleries/g1/files/f1',
      'POST /api/galleries/g1/deliver',
      'POST /api/galleries/g1/extend',
      'PUT /api/galleries/g1/files/f1/favourite',
      'POST /api/galleries/g1/files/f1/download',
      'POST /api/galleries/g1/archives/a1/parts/2/download',
    ]);
    const body = (i: number): unknown => (calls[i]!.init.body === undefined ? undefined : JSON.parse(calls[i]!.init.body as string));
    expect(body(1)).toEqual({ name: 'Sélection' });
    expect(body(2)).toEqual({ name: 'Photos finales', position: 2 });
    expect(body(6)).toEqual({ name: 'Église été.jpg', type: 'image/jpeg', size: 1234 });
    expect(body(9)).toEqual({ parts: [{ number: 1, etag: '"e1"' }] });
    expect(body(10)).toEqual({});
    expect(body(13)).toEqual({ days: 30 });
    expect(body(14)).toEqual({ favourite: true });
    expect(body(0)).toBeUndefined();
    expect(body(15)).toBeUndefined();
  });

  it('reads an archive answered 202 (building) as well as 200 (ready)', async () => {
    mockFetch(() => json(202, { archive }));
    await expect(api.requestArchive('g1', 'favourites')).resolves.toEqual({ archive });
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ selection: 'favourites' });
    mockFetch(() => json(200, { archive: { ...archive, status: 'ready' } }));
    await expect(api.requestArchive('g1', 'all')).resolves.toMatchObject({ archive: { status: 'ready' } });
    expect(calls.map((c) => `${c.init.method} ${c.path}`)).toEqual(['POST /api/galleries/g1/archives', 'POST /api/galleries/g1/archives']);
  });

  it('rejects with the API error code (expired, full, no favourites)', async () => {
    mockFetch(() => json(410, { error: { code: 'gallery_expired', message: 'expired' } }));
    await expect(api.getGallery('g1')).rejects.toMatchObject({ status: 410, code: 'gallery_expired' });
    mockFetch(() => json(409, { error: { code: 'gallery_full', message: 'full' } }));
    await expect(api.createFile('g1', { name: 'a.jpg', type: 'image/jpeg', size: 1 })).rejects.toMatchObject({ status: 409, code: 'gallery_full' });
    mockFetch(() => json(409, { error: { code: 'no_favourites', message: 'none' } }));
    await expect(api.requestArchive('g1', 'favourites')).rejects.toMatchObject({ code: 'no_favourites' });
  });
});
