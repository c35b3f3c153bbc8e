/** Pure logic of the project pages: statuses, lists, the contract's text, its errors, signing, hashes, templates. */
import { ApiError } from '../../lib/api-client';
import { PROJECT_STATUSES, type Contract, type Project, type ProjectStatus, type Side, type Step } from './api';

// ---- Statuses ----

export type Tone = 'waiting' | 'positive' | 'success' | 'negative' | 'neutral';

/** The colour of a status's badge (the tones of the booking and request states). */
export function statusTone(status: ProjectStatus): Tone {
  switch (status) {
    case 'confirmed':
    case 'in_preparation':
    case 'in_production':
      return 'positive';
    case 'contract_sent':
    case 'done':
      return 'waiting';
    case 'contract_signed':
    case 'delivered':
    case 'completed':
      return 'success';
    case 'cancelled':
      return 'neutral';
  }
}

export function isProjectStatus(value: unknown): value is ProjectStatus {
  return typeof value === 'string' && (PROJECT_STATUSES as readonly string[]).includes(value);
}

/** The projects of one status (all of them for `null`), by date then start. */
export function filterProjects(projects: Project[], status: ProjectStatus | null): Project[] {
  return projects.filter((p) => status === null || p.status === status).sort(byDate);
}

export function byDate(a: Project, b: Project): number {
  return a.date.localeCompare(b.date) || (a.start ?? '').localeCompare(b.start ?? '') || a.created_at - b.created_at;
}

/** How many projects each status has (statuses without any left out), in the pipeline's order. */
export function statusCounts(projects: Project[]): { status: ProjectStatus; count: number }[] {
  return PROJECT_STATUSES.map((status) => ({ status, count: projects.filter((p) => p.status === status).length })).filter((c) => c.count > 0);
}

/** The history, oldest step first. */
export function timeline(history: Step[]): Step[] {
  return [...history].sort((a, b) => a.version - b.version);
}

/** The other side's name, as the caller sees it. */
export function otherParty(project: Pick<Project, 'side' | 'client_name' | 'provider_name'>): string {
  return project.side === 'client' ? project.provider_name : project.client_name;
}

// ---- The contract's text ----

/** A run of text, bold or not. */
export interface Span {
  text: string;
  bold: boolean;
}

export type Block =
  | { kind: 'title'; spans: Span[] }
  | { kind: 'heading'; spans: Span[] }
  | { kind: 'paragraph'; spans: Span[] }
  | { kind: 'item'; spans: Span[] };

/**
 * The blocks of a contract's text, as the server reads it for the PDF: `# ` a title, `## ` a
 * heading, `- ` a list item, a blank line between paragraphs (a paragraph's lines joined with
 * a space), `**bold**` inside any of them. Nothing else is interpreted.
 */
export function parseMarkup(text: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', spans: spans(paragraph.join(' ')) });
    paragraph = [];
  };
  for (const raw of text.split(/\r\n|\n|\r/u)) {
    const line = raw.trim();
    if (!line) flush();
    else if (line.startsWith('## ')) {
      flush();
      blocks.push({ kind: 'heading', spans: spans(line.slice(3).trim()) });
    } else if (line.startsWith('# ')) {
      flush();
      blocks.push({ kind: 'title', spans: spans(line.slice(2).trim()) });
    } else if (line.startsWith('- ')) {
      flush();
      blocks.push({ kind: 'item', spans: spans(line.slice(2).trim()) });
    } else paragraph.push(line);
  }
  flush();
  return blocks;
}

/** The bold and plain runs of a line: `**` toggles bold; when they are not paired, every `**` stays as text. */
export function spans(line: string): Span[] {
  const parts = line.split('**');
  const paired = parts.length % 2 === 1;
  const out: Span[] = [];
  parts.forEach((part, i) => {
    const text = !paired && i > 0 ? `**${part}` : part;
    if (text) out.push({ text, bold: paired && i % 2 === 1 });
  });
  return out;
}

/** A list item's blocks grouped: consecutive items make one list. */
export type Group = { kind: 'list'; items: Span[][] } | Exclude<Block, { kind: 'item' }>;

export function groupBlocks(blocks: Block[]): Group[] {
  const out: Group[] = [];
  for (const block of blocks) {
    if (block.kind === 'item') {
      const last = out[out.length - 1];
      if (last?.kind === 'list') last.items.push(block.spans);
      else out.push({ kind: 'list', items: [block.spans] });
    } else out.push(block);
  }
  return out;
}

// ---- Templates ----

/** `text` with `{{name}}` put in place of the selection [start, end), and where the caret goes after it. */
export function insertVariable(text: string, start: number, end: number, name: string): { text: string; caret: number } {
  const inserted = `{{${name}}}`;
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + inserted + text.slice(to), caret: from + inserted.length };
}

/** The variables (`{{…}}`) a text uses that are not in `known`, once each, in order. */
export function unknownVariables(text: string, known: string[]): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\{\{([^}]*)\}\}/gu)) {
    const name = (match[1] ?? '').trim();
    if (!known.includes(name) && !found.includes(name)) found.push(name);
  }
  return found;
}

export const MAX_TEMPLATES = 20;
export const MAX_NOTES = 10_000;

// ---- Signing ----

/** Whether it is `side`'s turn to sign the contract. */
export function isMyTurn(contract: Pick<Contract, 'status' | 'awaiting'> | null, side: Side): boolean {
  return contract?.status === 'sent' && contract.awaiting === side;
}

/** Whether the project's sent contract waits for its caller's signature (the lists' « Contrat à signer »). */
export function awaitsMySignature(project: Pick<Project, 'status' | 'awaiting_signature' | 'side'>): boolean {
  return project.status === 'contract_sent' && project.awaiting_signature === project.side;
}

/** The code as typed, kept to its digits (6 at most). */
export function codeInput(text: string): string {
  return text.replace(/\D/gu, '').slice(0, 6);
}

export type SignFieldError = 'name' | 'consent' | 'code';

/** What is missing before a signature is sent. */
export function signErrors(draft: { name: string; consent: boolean; code: string }): SignFieldError[] {
  const errors: SignFieldError[] = [];
  if (!draft.name.trim()) errors.push('name');
  if (!draft.consent) errors.push('consent');
  if (!/^\d{6}$/u.test(draft.code)) errors.push('code');
  return errors;
}

// ---- Errors ----

/** The API codes the project pages explain in their own words (`projectErrors.<code>`). */
export const PROJECT_ERROR_CODES = [
  'stale_status',
  'transition_not_allowed',
  'forbidden',
  'not_found',
  'contract_sent',
  'contract_changed',
  'no_contract',
  'not_sent',
  'not_your_turn',
  'already_signed',
  'too_many_attempts',
  'name_required',
  'consent_required',
  'stale_consent',
  'code_expired',
  'wrong_code',
  'pdf_not_ready',
  'unknown_variable',
  'invalid_template',
  'too_many_templates',
] as const;
export type ProjectErrorCode = (typeof PROJECT_ERROR_CODES)[number];

/** The pages' own explanation of an API error, or null for the generic messages (network, server…). */
export function projectErrorCode(error: unknown): ProjectErrorCode | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 403) return 'forbidden';
  return (PROJECT_ERROR_CODES as readonly string[]).includes(error.code) ? (error.code as ProjectErrorCode) : null;
}

/** How many attempts a `wrong_code` message says are left ("wrong code: 3 attempts left"), if it says. */
export function attemptsLeft(message: string): number | null {
  const match = /(\d+)/u.exec(message);
  return match ? Number(match[1]) : null;
}

/** Whether the error means the page shows an old state of the project (it should be read again). */
export function isStale(code: ProjectErrorCode | null): boolean {
  return (
    code === 'stale_status' ||
    code === 'transition_not_allowed' ||
    code === 'contract_changed' ||
    code === 'contract_sent' ||
    code === 'not_sent' ||
    code === 'not_your_turn' ||
    code === 'already_signed' ||
    code === 'stale_consent'
  );
}

// ---- Hashes ----

/** Lower-case hex of bytes (a SHA-256 digest). */
export function hexOf(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return Array.from(view, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A pasted SHA-256, read leniently (spaces, colons and case ignored), or null if it is not 64 hex digits. */
export function hashInput(text: string): string | null {
  const hex = text.replace(/[\s:]/gu, '').toLowerCase();
  return /^[0-9a-f]{64}$/u.test(hex) ? hex : null;
}

/** The SHA-256 (hex) of a file's bytes, in the browser. */
export async function sha256Hex(data: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  return hexOf(await crypto.subtle.digest('SHA-256', data));
}

/** A long hash cut in groups of 8 (easier to read aloud and to compare). */
export function groupedHash(hex: string): string {
  return hex.match(/.{1,8}/gu)?.join(' ') ?? hex;
}
