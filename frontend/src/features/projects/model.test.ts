import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api-client';
import en from '../../locales/en';
import fr from '../../locales/fr';
import { PROJECT_STATUSES, type Project, type Step } from './api';
import {
  attemptsLeft,
  awaitsMySignature,
  codeInput,
  filterProjects,
  groupBlocks,
  groupedHash,
  hashInput,
  hexOf,
  insertVariable,
  isMyTurn,
  isStale,
  otherParty,
  parseMarkup,
  projectErrorCode,
  sha256Hex,
  signErrors,
  spans,
  statusCounts,
  statusTone,
  timeline,
  unknownVariables,
} from './model';

function project(patch: Partial<Project> = {}): Project {
  return {
    id: 'p1',
    client_id: 'c1',
    provider_id: 'v1',
    client_name: 'Camille Roux',
    provider_name: 'Claire Dubois Photographie',
    title: 'Reportage journée',
    date: '2026-12-21',
    price_cents: 180_000,
    origin: { kind: 'booking', booking_id: 'b1' },
    conversation_id: 'c1.v1',
    status: 'confirmed',
    version: 1,
    created_at: 1,
    updated_at: 1,
    side: 'client',
    next: ['cancelled'],
    ...patch,
  };
}

describe('the contract text (a small Markdown subset)', () => {
  it('reads titles, headings, list items and paragraphs whose lines are joined with a space', () => {
    const blocks = parseMarkup('# Contrat\n\n## 1. Objet\nLe **prestataire** fournit\nla prestation.\n- un point\n- **tout** gras\n\n  Fin.  ');
    expect(blocks).toEqual([
      { kind: 'title', spans: [{ text: 'Contrat', bold: false }] },
      { kind: 'heading', spans: [{ text: '1. Objet', bold: false }] },
      {
        kind: 'paragraph',
        spans: [
          { text: 'Le ', bold: false },
          { text: 'prestataire', bold: true },
          { text: ' fournit la prestation.', bold: false },
        ],
      },
      { kind: 'item', spans: [{ text: 'un point', bold: false }] },
      { kind: 'item', spans: [{ text: 'tout', bold: true }, { text: ' gras', bold: false }] },
      { kind: 'paragraph', spans: [{ text: 'Fin.', bold: false }] },
    ]);
  });

  it('keeps unpaired ** as text, as the server does', () => {
    expect(spans('a **b')).toEqual([
      { text: 'a ', bold: false },
      { text: '**b', bold: false },
    ]);
    expect(spans('**x** et **y')).toEqual([
      { text: '**x', bold: false },
      { text: '** et ', bold: false },
      { text: '**y', bold: false },
    ]);
    expect(spans('****')).toEqual([]);
  });

  it('interprets nothing else: HTML, #title without a space and numbered lines stay text', () => {
    const blocks = parseMarkup('<b>gras</b>\n#pas un titre\n1. un\r\n-pas un point');
    expect(blocks).toEqual([{ kind: 'paragraph', spans: [{ text: '<b>gras</b> #pas un titre 1. un -pas un point', bold: false }] }]);
    expect(parseMarkup('')).toEqual([]);
    expect(parseMarkup('\n\n  \n')).toEqual([]);
  });

  it('groups consecutive items into one list', () => {
    const groups = groupBlocks(parseMarkup('- a\n- b\nc\n- d'));
    expect(groups.map((g) => g.kind)).toEqual(['list', 'paragraph', 'list']);
    expect(groups[0]).toEqual({ kind: 'list', items: [[{ text: 'a', bold: false }], [{ text: 'b', bold: false }]] });
  });
});

describe('statuses and lists', () => {
  it('gives each status a tone', () => {
    for (const status of PROJECT_STATUSES) expect(['waiting', 'positive', 'success', 'negative', 'neutral']).toContain(statusTone(status));
    expect(statusTone('contract_signed')).toBe('success');
    expect(statusTone('cancelled')).toBe('neutral');
  });

  it('filters by status and sorts by date then start', () => {
    const list = [
      project({ id: 'b', date: '2026-12-21', start: '14:00' }),
      project({ id: 'a', date: '2026-12-21', start: '10:00', status: 'contract_sent' }),
      project({ id: 'c', date: '2026-11-02', status: 'cancelled' }),
    ];
    expect(filterProjects(list, null).map((p) => p.id)).toEqual(['c', 'a', 'b']);
    expect(filterProjects(list, 'contract_sent').map((p) => p.id)).toEqual(['a']);
    expect(statusCounts(list)).toEqual([
      { status: 'confirmed', count: 1 },
      { status: 'contract_sent', count: 1 },
      { status: 'cancelled', count: 1 },
    ]);
  });

  it('orders the history oldest first', () => {
    const steps: Step[] = [
      { version: 2, at: 20, actor: 'provider', from: 'confirmed', to: 'contract_sent' },
      { version: 1, at: 10, actor: 'provider', from: null, to: 'confirmed' },
    ];
    expect(timeline(steps).map((s) => s.version)).toEqual([1, 2]);
  });

  it('names the other party', () => {
    expect(otherParty(project())).toBe('Claire Dubois Photographie');
    expect(otherParty(project({ side: 'provider' }))).toBe('Camille Roux');
  });
});

describe('signing', () => {
  it('knows whose turn it is', () => {
    expect(isMyTurn({ status: 'sent', awaiting: 'client' }, 'client')).toBe(true);
    expect(isMyTurn({ status: 'sent', awaiting: 'client' }, 'provider')).toBe(false);
    expect(isMyTurn({ status: 'signed' }, 'client')).toBe(false);
    expect(isMyTurn(null, 'client')).toBe(false);
    expect(awaitsMySignature(project({ status: 'contract_sent', awaiting_signature: 'client' }))).toBe(true);
    expect(awaitsMySignature(project({ status: 'contract_sent', awaiting_signature: 'provider' }))).toBe(false);
  });

  it('keeps the digits of a typed code, 6 at most', () => {
    expect(codeInput(' 12 34-56 7')).toBe('123456');
    expect(codeInput('abc')).toBe('');
  });

  it('says what is missing before signing', () => {
    expect(signErrors({ name: '  ', consent: false, code: '123' })).toEqual(['name', 'consent', 'code']);
    expect(signErrors({ name: 'Camille Roux', consent: true, code: '123456' })).toEqual([]);
  });

  it('explains the API errors in its own words, and knows the ones that mean a reload', () => {
    expect(projectErrorCode(new ApiError(409, 'stale_status', 'changed'))).toBe('stale_status');
    expect(projectErrorCode(new ApiError(400, 'wrong_code', 'this is not the code we sent: 4 attempts left'))).toBe('wrong_code');
    expect(projectErrorCode(new ApiError(403, 'forbidden', 'no'))).toBe('forbidden');
    expect(projectErrorCode(new ApiError(400, 'invalid_field', 'x'))).toBeNull();
    expect(projectErrorCode(new Error('boom'))).toBeNull();
    expect(isStale('stale_status')).toBe(true);
    expect(isStale('contract_changed')).toBe(true);
    expect(isStale('wrong_code')).toBe(false);
    expect(attemptsLeft('this is not the code we sent: 4 attempts left')).toBe(4);
    expect(attemptsLeft('wrong')).toBeNull();
  });

  it('has a French and an English sentence for every error code it knows', () => {
    for (const code of Object.keys(fr.projectErrors)) expect(en.projectErrors).toHaveProperty(code);
  });
});

describe('templates', () => {
  it('inserts a variable in place of the selection, the caret after it', () => {
    expect(insertVariable('Le  est convenu.', 3, 3, 'price')).toEqual({ text: 'Le {{price}} est convenu.', caret: 12 });
    expect(insertVariable('Le XXX.', 3, 6, 'date')).toEqual({ text: 'Le {{date}}.', caret: 11 });
    expect(insertVariable('abc', 99, 120, 'today')).toEqual({ text: 'abc{{today}}', caret: 12 });
  });

  it('finds the variables the server would refuse', () => {
    expect(unknownVariables('{{client.name}} {{ client.phone }} {{date}} {{client.phone}}', ['client.name', 'date'])).toEqual(['client.phone']);
    expect(unknownVariables('rien', ['date'])).toEqual([]);
  });
});

describe('hashes', () => {
  it('computes a SHA-256 in hex', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hexOf(new Uint8Array([0, 15, 255]))).toBe('000fff');
  });

  it('reads a pasted hash leniently', () => {
    const hex = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(hashInput(` ${hex.toUpperCase()} `)).toBe(hex);
    expect(hashInput(groupedHash(hex))).toBe(hex);
    expect(hashInput(hex.slice(1))).toBeNull();
    expect(hashInput(`${hex.slice(1)}g`)).toBeNull();
    expect(groupedHash(hex).split(' ')).toHaveLength(8);
  });
});

describe('French texts of the projects', () => {
  it('use narrow no-break spaces before : ; ! ?, no-break spaces inside « », and typographic apostrophes', () => {
    const sections = [fr.projectStatus, fr.projects, fr.project, fr.contract, fr.projectErrors, fr.templates, fr.proDashboard, fr.verifyContract, fr.wrongCode_one, fr.wrongCode_other];
    const texts: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === 'string') texts.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    sections.forEach(walk);
    expect(texts.length).toBeGreaterThan(100);
    for (const text of texts) {
      expect(text, text).not.toMatch(/[ \u00a0][:;!?]/u);
      expect(text, text).not.toMatch(/(?<!\u202f)[:;!?]/u);
      expect(text, text).not.toMatch(/«[^\u00a0]|[^\u00a0]»/u);
      expect(text, text).not.toMatch(/'/u);
    }
    expect(fr.projects.client).toBe('Client\u202f: {{name}}');
  });
});
