import { describe, expect, it } from 'vitest';
import { authHeader, calls, json, mockFetch, resetBetweenTests } from '../../testing/fetchMock';
import * as api from './api';

resetBetweenTests();

describe('projects API', () => {
  it('calls the project, contract and template routes with their bodies', async () => {
    mockFetch((_path, init) => (init.method === 'DELETE' ? new Response(null, { status: 204 }) : json(200, {})));
    await api.listProjects();
    await api.getProject('p 1');
    await api.changeStatus('p1', { from: 'confirmed', to: 'in_preparation' });
    await api.changeStatus('p1', { from: 'confirmed', to: 'cancelled', note: 'Empêchement' });
    await api.saveNotes('p1', 'Arriver à 9 h');
    await api.getDashboard();
    await api.listTemplates();
    await api.createTemplate({ name: 'Mon contrat', body: '# Contrat {{client.name}}' });
    await api.updateTemplate('t/1', { name: 'Mon contrat', body: 'x' });
    await api.deleteTemplate('t1');
    await api.prepareContract('p1', 'model');
    await api.editContract('p1', '# Contrat', 3);
    await api.getContract('p1');
    await api.sendContract('p1', 4);
    await api.signContract('p1', { name: 'Camille Roux', consent: true, consent_version: '2026-12-01', sha256: 'ab', code: '123456' });
    await api.contractPdf('p1');
    expect(calls.map((c) => `${c.init.method} ${c.path}`)).toEqual([
      'GET /api/projects',
      'GET /api/projects/p%201',
      'POST /api/projects/p1/status',
      'POST /api/projects/p1/status',
      'PUT /api/projects/p1/notes',
      'GET /api/me/dashboard',
      'GET /api/me/contract-templates',
      'POST /api/me/contract-templates',
      'PUT /api/me/contract-templates/t%2F1',
      'DELETE /api/me/contract-templates/t1',
      'POST /api/projects/p1/contract',
      'PUT /api/projects/p1/contract',
      'GET /api/projects/p1/contract',
      'POST /api/projects/p1/contract/send',
      'POST /api/projects/p1/contract/sign',
      'POST /api/projects/p1/contract/pdf',
    ]);
    const body = (i: number): unknown => (calls[i]!.init.body === undefined ? undefined : JSON.parse(calls[i]!.init.body as string));
    expect(body(2)).toEqual({ from: 'confirmed', to: 'in_preparation' });
    expect(body(3)).toEqual({ from: 'confirmed', to: 'cancelled', note: 'Empêchement' });
    expect(body(4)).toEqual({ notes: 'Arriver à 9 h' });
    expect(body(7)).toEqual({ name: 'Mon contrat', body: '# Contrat {{client.name}}' });
    expect(body(10)).toEqual({ template_id: 'model' });
    expect(body(11)).toEqual({ text: '# Contrat', revision: 3 });
    expect(body(13)).toEqual({ revision: 4 });
    expect(body(14)).toEqual({ name: 'Camille Roux', consent: true, consent_version: '2026-12-01', sha256: 'ab', code: '123456' });
    expect(body(0)).toBeUndefined();
    expect(body(15)).toBeUndefined();
  });

  it('asks for a signing code (202, nothing to read)', async () => {
    mockFetch(() => json(202, { expires_in: 600, attempts: 5 }));
    await expect(api.requestSignCode('p1')).resolves.toBeUndefined();
    expect(calls.map((c) => `${c.init.method} ${c.path}`)).toEqual(['POST /api/projects/p1/contract/code']);
  });

  it('verifies a hash without a session', async () => {
    mockFetch(() => json(200, { signed: true, signed_at: 1_796_125_288 }));
    const hex = 'a'.repeat(64);
    await expect(api.verifyHash(hex)).resolves.toEqual({ signed: true, signed_at: 1_796_125_288 });
    expect(calls[0]!.path).toBe(`/api/verify/${hex}`);
    expect(authHeader(calls[0]!.init)).toBeUndefined();
  });

  it('rejects with the API error code (a stale status, a wrong code)', async () => {
    mockFetch(() => json(409, { error: { code: 'stale_status', message: 'the project changed' } }));
    await expect(api.changeStatus('p1', { from: 'confirmed', to: 'in_preparation' })).rejects.toMatchObject({ status: 409, code: 'stale_status' });
    mockFetch(() => json(400, { error: { code: 'wrong_code', message: 'this is not the code we sent: 4 attempts left' } }));
    await expect(api.signContract('p1', { name: 'a', consent: true, consent_version: 'v', sha256: 's', code: '000000' })).rejects.toMatchObject({
      status: 400,
      code: 'wrong_code',
      message: 'this is not the code we sent: 4 attempts left',
    });
  });
});
