/** Projects (one per confirmed booking), their contracts, the provider's dashboard and contract templates, and the public verification of a signed PDF. */
import { request } from '../../lib/api-client';
import type { Booking } from '../calendar/api';
import type { ProviderRequest } from '../events/api';

/** A project's statuses, in the pipeline's order. */
export const PROJECT_STATUSES = [
  'confirmed',
  'contract_sent',
  'contract_signed',
  'in_preparation',
  'done',
  'in_production',
  'delivered',
  'completed',
  'cancelled',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export type Side = 'client' | 'provider';
export type Actor = Side | 'platform';

export type ProjectOrigin = { kind: 'booking'; booking_id: string } | { kind: 'request'; event_id: string; need: string };

/** A project, as one of its sides sees it. Instants are epoch seconds. */
export interface Project {
  id: string;
  client_id: string;
  provider_id: string;
  client_name: string;
  provider_name: string;
  /** The service booked, or the event's need. */
  title: string;
  event_name?: string;
  /** YYYY-MM-DD, in France. */
  date: string;
  /** HH:MM */
  start?: string;
  end?: string;
  place?: string;
  price_cents?: number;
  origin: ProjectOrigin;
  conversation_id: string;
  status: ProjectStatus;
  version: number;
  /** The side whose signature the sent contract waits for. */
  awaiting_signature?: Side;
  created_at: number;
  updated_at: number;
  /** The caller's side. */
  side: Side;
  /** The statuses the caller may move it to by hand. */
  next: ProjectStatus[];
}

/** One step of a project's history (the first one, `from: null`, opened it). */
export interface Step {
  version: number;
  at: number;
  actor: Actor;
  from: ProjectStatus | null;
  to: ProjectStatus;
  note?: string;
}

export interface Signature {
  user_id: string;
  /** The full name the signer typed. */
  name: string;
  at: number;
  ip: string;
  user_agent: string;
  consent_version: string;
  sha256: string;
}

export const AUDIT_ACTIONS = ['sent', 'viewed', 'code_sent', 'sign_failed', 'signed', 'countersigned', 'pdf_rendered', 'downloaded'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One entry of a contract's audit trail, chained to the previous one by its hash. */
export interface AuditEntry {
  n: number;
  at: number;
  action: AuditAction;
  actor: Actor;
  ip?: string;
  user_agent?: string;
  detail?: string;
  prev: string;
  hash: string;
}

export type ContractStatus = 'draft' | 'sent' | 'signed';

export interface Contract {
  status: ContractStatus;
  template_name: string;
  /** The contract's text, in the small Markdown subset of `model.ts`'s `parseMarkup`. */
  text: string;
  /** Raised by every edit of a draft. */
  revision: number;
  /** The SHA-256 (hex) of the exact text, from its sending on. */
  sha256?: string;
  sent_at?: number;
  /** Whose signature it waits for. */
  awaiting?: Side;
  client_signature?: Signature;
  provider_signature?: Signature;
  signed_at?: number;
  /** The consent box's text, and its version (sent back with a signature). */
  consent: { version: string; text: string };
  pdf: { ready: boolean; sha256?: string };
  audit: AuditEntry[];
}

export interface ProjectDetail {
  project: Project;
  history: Step[];
  contract: Contract | null;
  /** The provider's private notes (never sent to the client). */
  notes?: string;
}

export interface ContractTemplate {
  id: string;
  name: string;
  body: string;
  updated_at: number;
}

export interface TemplateVariable {
  name: string;
  /** What it becomes, in French. */
  means: string;
}

export interface TemplateList {
  templates: ContractTemplate[];
  /** The platform's model (id `model`). */
  model: ContractTemplate;
  variables: TemplateVariable[];
}

export interface DashboardClient {
  client_id: string;
  client_name: string;
  since: number;
  projects: Project[];
}

export interface Dashboard {
  projects_by_status: Partial<Record<ProjectStatus, Project[]>>;
  upcoming: Project[];
  booking_requests: Booking[];
  event_requests: ProviderRequest[];
  contracts_to_sign: Project[];
  clients: DashboardClient[];
}

export interface SignInput {
  name: string;
  consent: true;
  consent_version: string;
  sha256: string;
  code: string;
}

export type Verification = { signed: true; signed_at: number } | { signed: false };

const projectPath = (id: string) => `/api/projects/${encodeURIComponent(id)}`;
const templatePath = (id: string) => `/api/me/contract-templates/${encodeURIComponent(id)}`;

/** The caller's projects (as client or provider), by date. */
export function listProjects(): Promise<{ projects: Project[] }> {
  return request('GET', '/api/projects', { auth: true });
}

/** A project with its history, contract and (for its provider) notes; 404 for anyone else. */
export function getProject(id: string): Promise<ProjectDetail> {
  return request('GET', projectPath(id), { auth: true });
}

/** Moves a project from `from` (the status shown: 409 `stale_status` if it changed) to `to`; a cancellation needs a note. */
export function changeStatus(id: string, input: { from: ProjectStatus; to: ProjectStatus; note?: string }): Promise<{ project: Project }> {
  return request('POST', `${projectPath(id)}/status`, { body: input, auth: true });
}

/** The provider's private notes (10 000 characters at most). */
export function saveNotes(id: string, notes: string): Promise<{ notes: string }> {
  return request('PUT', `${projectPath(id)}/notes`, { body: { notes }, auth: true });
}

/** The provider's dashboard. */
export function getDashboard(): Promise<Dashboard> {
  return request('GET', '/api/me/dashboard', { auth: true });
}

export function listTemplates(): Promise<TemplateList> {
  return request('GET', '/api/me/contract-templates', { auth: true });
}

export function createTemplate(input: { name: string; body: string }): Promise<{ template: ContractTemplate }> {
  return request('POST', '/api/me/contract-templates', { body: input, auth: true });
}

export function updateTemplate(id: string, input: { name: string; body: string }): Promise<{ template: ContractTemplate }> {
  return request('PUT', templatePath(id), { body: input, auth: true });
}

export function deleteTemplate(id: string): Promise<void> {
  return request('DELETE', templatePath(id), { auth: true });
}

/** A draft rendered from a template with the project's terms (replaces any draft). */
export function prepareContract(id: string, templateId: string): Promise<{ contract: Contract }> {
  return request('POST', `${projectPath(id)}/contract`, { body: { template_id: templateId }, auth: true });
}

/** Saves the draft's text; 409 `contract_changed` if `revision` is not the latest. */
export function editContract(id: string, text: string, revision: number): Promise<{ contract: Contract }> {
  return request('PUT', `${projectPath(id)}/contract`, { body: { text, revision }, auth: true });
}

/** The contract (null: none, or a draft the client may not see). The client's first look is recorded in the audit trail. */
export function getContract(id: string): Promise<{ contract: Contract | null }> {
  return request('GET', `${projectPath(id)}/contract`, { auth: true });
}

/** Sends the draft at `revision` to the client: frozen, with its SHA-256. */
export function sendContract(id: string, revision: number): Promise<{ contract: Contract }> {
  return request('POST', `${projectPath(id)}/contract/send`, { body: { revision }, auth: true });
}

/** Emails a 6-digit code to the signer whose turn it is (202: nothing in the body). */
export function requestSignCode(id: string): Promise<void> {
  return request('POST', `${projectPath(id)}/contract/code`, { auth: true });
}

export function signContract(id: string, input: SignInput): Promise<{ contract: Contract }> {
  return request('POST', `${projectPath(id)}/contract/sign`, { body: input, auth: true });
}

/** A 5-minute download address of the signed PDF; 409 `pdf_not_ready`. */
export function contractPdf(id: string): Promise<{ url: string; sha256: string; expires_in: number }> {
  return request('POST', `${projectPath(id)}/contract/pdf`, { auth: true });
}

/** Public: whether a file of this SHA-256 (hex) is a contract signed on Estrade. */
export function verifyHash(sha256: string): Promise<Verification> {
  return request('GET', `/api/verify/${encodeURIComponent(sha256)}`);
}
