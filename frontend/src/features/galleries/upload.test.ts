import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../lib/api-client';
import type { GalleryFile, UploadPlan } from './api';
import { MiB } from './model';
import { createBridge, uploadError, type UploadApi, type UploadHost, type UploadingFile } from './upload';

const serverFile = (id: string, status: GalleryFile['status'] = 'uploading'): GalleryFile => ({
  id,
  name: 'x',
  content_type: 'image/jpeg',
  size: 1,
  kind: 'image',
  status,
  favourite: false,
  uploaded_at: 1,
});

function setUp(plans: UploadPlan[]) {
  const files = new Map<string, UploadingFile>();
  const failed: [string, string][] = [];
  const host: UploadHost = {
    getFile: (id) => files.get(id),
    setFileMeta: (id, meta) => {
      const f = files.get(id);
      if (f) files.set(id, { ...f, meta: { ...f.meta, ...meta } });
    },
    fail: (file, error) => failed.push([file.id, error.message]),
  };
  let n = 0;
  const routes = {
    createFile: vi.fn(async () => {
      const upload = plans[Math.min(n, plans.length - 1)]!;
      n += 1;
      return { file: serverFile(`s${n}`), upload };
    }),
    signPart: vi.fn(async (_g: string, fileId: string, number: number) => ({ url: `https://store/${fileId}/${number}` })),
    listParts: vi.fn(async () => ({ parts: [{ number: 1, etag: '"e1"', size: 5 }] })),
    completeFile: vi.fn(async (_g: string, fileId: string) => ({ file: serverFile(fileId, 'processing') })),
    deleteFile: vi.fn(async () => undefined),
  } satisfies UploadApi;
  const completed: string[] = [];
  const send = vi.fn(async (options: { onProgress: (e: { loaded: number; lengthComputable: boolean }) => void; needEtag: boolean }) => {
    options.onProgress({ loaded: 1, lengthComputable: true });
    return { ETag: options.needEtag ? '"part"' : '' };
  });
  const bridge = createBridge('g1', host, (e) => (e instanceof ApiError ? `refusé : ${e.code}` : 'erreur'), { onCompleted: (f) => completed.push(f.id) }, routes, send);
  const add = (id: string, name: string, size: number, type = 'image/jpeg') => {
    const file: UploadingFile = { id, name, type, size, data: new Blob([new Uint8Array(Math.min(size, 16))]), meta: { name, type } };
    files.set(id, file);
    return file;
  };
  return { bridge, routes, host, files, failed, completed, send, add };
}

const single: UploadPlan = { kind: 'single', method: 'PUT', url: 'https://store/put?sig=1', headers: { 'Content-Type': 'image/jpeg', 'x-amz-meta-id': 'abc' } };
const multipart: UploadPlan = { kind: 'multipart', upload_id: 'up1', key: 'k1', part_size: 16 * MiB, part_count: 5 };

describe('upload bridge: single uploads', () => {
  it('declares the file, puts the bytes with exactly the server’s headers, then completes it', async () => {
    const t = setUp([single]);
    const file = t.add('u1', 'Église été.jpg', 1000);
    expect(t.bridge.options.shouldUseMultipart(file)).toBe(false);
    const params = await t.bridge.options.getUploadParameters(file);
    expect(t.routes.createFile).toHaveBeenCalledWith('g1', { name: 'Église été.jpg', type: 'image/jpeg', size: 1000 });
    expect(params).toEqual({ method: 'PUT', url: single.url, headers: single.headers });
    expect(t.files.get('u1')!.meta.fileId).toBe('s1');
    const progress: number[] = [];
    await t.bridge.options.uploadPartBytes({ signature: params, body: file.data!, onProgress: (e) => progress.push(e.loaded), onComplete: () => {} });
    expect(t.send.mock.calls[0]![0]).toMatchObject({ signature: params, needEtag: false });
    expect(t.routes.completeFile).toHaveBeenCalledWith('g1', 's1');
    expect(t.completed).toEqual(['s1']);
    expect(progress).toEqual([1]);
    // Removed from the list once complete: nothing is deleted on the server.
    t.bridge.removed(t.files.get('u1')!);
    expect(t.routes.deleteFile).not.toHaveBeenCalled();
  });

  it('a retry removes the abandoned file and declares it again', async () => {
    const t = setUp([single, { ...single, url: 'https://store/put?sig=2' }]);
    const file = t.add('u1', 'a.jpg', 10);
    await t.bridge.options.getUploadParameters(file);
    t.send.mockRejectedValueOnce(Object.assign(new Error('The storage answered 500'), { source: { status: 500 } }));
    await expect(
      t.bridge.options.uploadPartBytes({ signature: { method: 'PUT', url: single.url, headers: {} }, body: file.data!, onProgress: () => {}, onComplete: () => {} }),
    ).rejects.toMatchObject({ message: 'erreur', source: { status: 500 } });
    expect(t.routes.completeFile).not.toHaveBeenCalled();
    const again = await t.bridge.options.getUploadParameters(t.files.get('u1')!);
    expect(t.routes.deleteFile).toHaveBeenCalledWith('g1', 's1');
    expect(again.url).toBe('https://store/put?sig=2');
    expect(t.files.get('u1')!.meta.fileId).toBe('s2');
  });

  it('a refusal is told in the person’s words, its code kept', async () => {
    const t = setUp([single]);
    t.routes.createFile.mockRejectedValueOnce(new ApiError(400, 'type_not_allowed', 'no'));
    const error = await t.bridge.options.getUploadParameters(t.add('u1', 'a.exe', 10, 'application/x-msdownload')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('refusé : type_not_allowed');
    expect((error as Error).cause).toMatchObject({ code: 'type_not_allowed' });
    expect((error as { source?: unknown }).source).toEqual({ status: 400 });
  });

  it('an incomplete upload fails the file', async () => {
    const t = setUp([single]);
    const file = t.add('u1', 'a.jpg', 10);
    const params = await t.bridge.options.getUploadParameters(file);
    t.routes.completeFile.mockRejectedValueOnce(new ApiError(409, 'upload_incomplete', 'size'));
    await expect(t.bridge.options.uploadPartBytes({ signature: params, body: file.data!, onProgress: () => {}, onComplete: () => {} })).rejects.toThrow('refusé : upload_incomplete');
  });

  it('a file removed while uploading is removed from the server', async () => {
    const t = setUp([single]);
    const file = t.add('u1', 'a.jpg', 10);
    await t.bridge.options.getUploadParameters(file);
    t.bridge.removed(t.files.get('u1')!);
    t.bridge.removed(t.files.get('u1')!);
    await Promise.resolve();
    expect(t.routes.deleteFile).toHaveBeenCalledTimes(1);
    expect(t.routes.deleteFile).toHaveBeenCalledWith('g1', 's1');
  });
});

describe('upload bridge: multipart uploads', () => {
  it('declares large files first, cuts them at the server’s part size, signs, lists and completes parts', async () => {
    const t = setUp([multipart]);
    const big = t.add('u1', 'film.mov', 70 * MiB, 'video/quicktime');
    t.add('u2', 'small.jpg', 10);
    await t.bridge.prepare(['u1', 'u2']);
    expect(t.routes.createFile).toHaveBeenCalledTimes(1);
    expect(t.routes.createFile).toHaveBeenCalledWith('g1', { name: 'film.mov', type: 'video/quicktime', size: 70 * MiB });
    const current = t.files.get('u1')!;
    expect(current.meta).toMatchObject({ fileId: 's1', uploadId: 'up1', key: 'k1' });
    expect(t.bridge.options.shouldUseMultipart(current)).toBe(true);
    expect(t.bridge.options.getChunkSize(big.data!)).toBe(16 * MiB);
    expect(await t.bridge.options.createMultipartUpload(current)).toEqual({ uploadId: 'up1', key: 'k1' });
    expect(await t.bridge.options.signPart(current, { uploadId: 'up1', key: 'k1', partNumber: 2 })).toEqual({ method: 'PUT', url: 'https://store/s1/2' });
    expect(await t.bridge.options.listParts(current, { uploadId: 'up1', key: 'k1' })).toEqual([{ PartNumber: 1, ETag: '"e1"', Size: 5 }]);
    const part = await t.bridge.options.uploadPartBytes({ signature: { method: 'PUT', url: 'https://store/s1/2' }, body: new Blob(['x']), onProgress: () => {}, onComplete: () => {} });
    expect(part.ETag).toBe('"part"');
    expect(t.send.mock.calls[0]![0]).toMatchObject({ needEtag: true });
    await t.bridge.options.completeMultipartUpload(current, {
      uploadId: 'up1',
      key: 'k1',
      parts: [
        { PartNumber: 2, ETag: '"b"' },
        { PartNumber: 1, ETag: '"a"' },
      ],
    });
    expect(t.routes.completeFile).toHaveBeenCalledWith('g1', 's1', [
      { number: 1, etag: '"a"' },
      { number: 2, etag: '"b"' },
    ]);
    expect(t.completed).toEqual(['s1']);
  });

  it('an aborted upload is removed; a new try declares the file again', async () => {
    const t = setUp([multipart, { ...multipart, upload_id: 'up2', key: 'k2' }]);
    t.add('u1', 'film.mov', 70 * MiB, 'video/quicktime');
    await t.bridge.prepare(['u1']);
    await t.bridge.options.createMultipartUpload(t.files.get('u1')!);
    await t.bridge.options.abortMultipartUpload(t.files.get('u1')!, { uploadId: 'up1', key: 'k1' });
    expect(t.routes.deleteFile).toHaveBeenCalledWith('g1', 's1');
    expect(t.files.get('u1')!.meta.fileId).toBeUndefined();
    expect(await t.bridge.options.createMultipartUpload(t.files.get('u1')!)).toEqual({ uploadId: 'up2', key: 'k2' });
    expect(t.files.get('u1')!.meta).toMatchObject({ fileId: 's2', uploadId: 'up2' });
  });

  it('a refused declaration fails that file only', async () => {
    const t = setUp([multipart]);
    t.add('u1', 'huge.mov', 6 * 1024 * MiB, 'video/quicktime');
    t.add('u2', 'film.mov', 70 * MiB, 'video/quicktime');
    t.routes.createFile.mockRejectedValueOnce(new ApiError(400, 'file_too_large', 'too large'));
    await t.bridge.prepare(['u1', 'u2']);
    expect(t.failed).toEqual([['u1', 'refusé : file_too_large']]);
    expect(t.files.get('u2')!.meta.uploadId).toBe('up1');
  });
});

describe('uploadError', () => {
  it('keeps the status for Uppy’s retries', () => {
    const error = uploadError(new ApiError(429, 'busy', 'slow down'), () => 'Patientez');
    expect(error.message).toBe('Patientez');
    expect((error as unknown as { source: { status: number } }).source.status).toBe(429);
  });
});
