/**
 * The live connection (contract: docs/MESSAGING.md, "Live and email").
 *
 * A fresh 60-second ticket (`POST /api/ws/ticket`) opens `<WS_BASE>?ticket=…`. Lost
 * connections come back with exponential backoff (with jitter, capped), each attempt
 * with a new ticket. After a few failures in a row the client also polls (`onSync`
 * every ~10 s) until a socket opens again. `onSync` also runs on every (re)open, since
 * events may have been missed while disconnected.
 */

import { BOOKING_STATES, type BookingState } from '../calendar/api';
import type { RequestState } from '../events/api';
import { ARCHIVE_STATUSES, type ArchiveStatus } from '../galleries/api';
import { PROJECT_STATUSES, type ProjectStatus } from '../projects/api';
import type { ChatMessage } from './api';

export type LiveEvent =
  | { type: 'message'; message: ChatMessage; unread_total?: number }
  | { type: 'unread'; unread_total: number }
  /** A provider request changed (docs/DISCOVERY.md, "Notifications"). */
  | { type: 'request'; event_id: string; provider_id: string; state: RequestState }
  /** A calendar booking was made or changed state (to its client and its provider). */
  | { type: 'booking'; booking_id: string; state: BookingState }
  /** A project opened, changed status, its contract changed (sent, signed) or its PDF is ready (to both sides). */
  | { type: 'project'; project_id: string; status: ProjectStatus; what: ProjectChange }
  /** A gallery file was checked after its upload: ready (previews made) or failed (to the provider). */
  | { type: 'gallery'; gallery_id: string; file_id: string; status: GalleryFileCheck }
  /** A ZIP archive of a gallery was built, or failed (to whoever asked for it). */
  | { type: 'archive'; gallery_id: string; archive_id: string; status: ArchiveStatus };

export type GalleryFileCheck = 'ready' | 'failed';
const GALLERY_FILE_CHECKS: readonly string[] = ['ready', 'failed'];

export type ProjectChange = 'opened' | 'status' | 'contract' | 'pdf';
const PROJECT_CHANGES: readonly string[] = ['opened', 'status', 'contract', 'pdf'];

const REQUEST_STATES: readonly string[] = ['pending', 'accepted', 'quoted', 'declined', 'booked', 'closed', 'expired'];

export type LiveStatus = 'connecting' | 'live' | 'polling' | 'stopped';

/** The WebSocket base URL: `VITE_WS_URL` (AWS: the WebSocket API), else same-origin `/ws`. */
export const WS_BASE: string = import.meta.env.VITE_WS_URL ?? '';

/** The URL to open for a ticket; `base` empty means same origin `/ws`. */
export function socketUrl(base: string, ticket: string, location: { protocol: string; host: string }): string {
  const root = base || `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
  return `${root}${root.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}`;
}

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;

/**
 * Delay before reconnection attempt `attempt` (0 first): the exponential step
 * `min(cap, base·2^attempt)`, of which the upper half is random ("equal jitter"), so
 * tabs that lost the server together do not come back together, and no delay is 0.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(step / 2 + (step / 2) * random());
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isMessage(value: unknown): value is ChatMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.id === 'string' &&
    typeof m.conversation_id === 'string' &&
    typeof m.sender_id === 'string' &&
    typeof m.text === 'string' &&
    typeof m.at_ms === 'number'
  );
}

/** Parses a text frame; anything unknown or malformed gives null (and is ignored). */
export function parseLiveEvent(data: unknown): LiveEvent | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const e = value as Record<string, unknown>;
  if (e.type === 'unread' && isCount(e.unread_total)) return { type: 'unread', unread_total: e.unread_total };
  if (
    e.type === 'request' &&
    typeof e.event_id === 'string' &&
    typeof e.provider_id === 'string' &&
    typeof e.state === 'string' &&
    REQUEST_STATES.includes(e.state)
  ) {
    return { type: 'request', event_id: e.event_id, provider_id: e.provider_id, state: e.state as RequestState };
  }
  if (
    e.type === 'booking' &&
    typeof e.booking_id === 'string' &&
    typeof e.state === 'string' &&
    (BOOKING_STATES as readonly string[]).includes(e.state)
  ) {
    return { type: 'booking', booking_id: e.booking_id, state: e.state as BookingState };
  }
  if (
    e.type === 'project' &&
    typeof e.project_id === 'string' &&
    typeof e.status === 'string' &&
    (PROJECT_STATUSES as readonly string[]).includes(e.status) &&
    typeof e.what === 'string' &&
    PROJECT_CHANGES.includes(e.what)
  ) {
    return { type: 'project', project_id: e.project_id, status: e.status as ProjectStatus, what: e.what as ProjectChange };
  }
  if (
    e.type === 'gallery' &&
    typeof e.gallery_id === 'string' &&
    typeof e.file_id === 'string' &&
    typeof e.status === 'string' &&
    GALLERY_FILE_CHECKS.includes(e.status)
  ) {
    return { type: 'gallery', gallery_id: e.gallery_id, file_id: e.file_id, status: e.status as GalleryFileCheck };
  }
  if (
    e.type === 'archive' &&
    typeof e.gallery_id === 'string' &&
    typeof e.archive_id === 'string' &&
    typeof e.status === 'string' &&
    (ARCHIVE_STATUSES as readonly string[]).includes(e.status)
  ) {
    return { type: 'archive', gallery_id: e.gallery_id, archive_id: e.archive_id, status: e.status as ArchiveStatus };
  }
  if (e.type === 'message' && isMessage(e.message)) {
    const { id, conversation_id, sender_id, text, at_ms } = e.message;
    const message = { id, conversation_id, sender_id, text, at_ms };
    return isCount(e.unread_total) ? { type: 'message', message, unread_total: e.unread_total } : { type: 'message', message };
  }
  return null;
}

/** The part of the browser's WebSocket the client uses (a fake in unit tests). */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(code?: number): void;
}

export interface LiveOptions {
  /** A fresh ticket (`POST /api/ws/ticket`). */
  ticket: () => Promise<string>;
  /** The socket URL for a ticket. */
  url: (ticket: string) => string;
  onEvent: (event: LiveEvent) => void;
  /** Catch up (unread total, open conversation): on each open and each poll. */
  onSync: () => void;
  onStatus?: (status: LiveStatus) => void;
  openSocket?: (url: string) => SocketLike;
  random?: () => number;
  /** Failures in a row before polling starts. */
  failuresBeforePolling?: number;
  pollMs?: number;
  /** A connection open this long counts as working (the backoff starts over). */
  stableMs?: number;
}

export const POLL_MS = 10_000;

export class LiveClient {
  private readonly options: LiveOptions;
  private socket: SocketLike | null = null;
  private failures = 0;
  private status: LiveStatus = 'stopped';
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stableTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  /** Bumped by stop() and each attempt: late callbacks of older attempts are ignored. */
  private generation = 0;

  constructor(options: LiveOptions) {
    this.options = options;
  }

  get state(): LiveStatus {
    return this.status;
  }

  start(): void {
    if (this.status !== 'stopped') return;
    this.setStatus('connecting');
    void this.connect();
  }

  /** Closes the socket and stops every timer (logout). */
  stop(): void {
    this.generation += 1;
    this.clearTimers();
    this.stopPolling();
    const socket = this.socket;
    this.socket = null;
    if (socket) this.closeQuietly(socket);
    this.failures = 0;
    this.setStatus('stopped');
  }

  /** Tries now instead of waiting for the backoff (e.g. the network is back). */
  retryNow(): void {
    if (this.status === 'stopped' || this.socket) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.connect();
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    let ticket: string;
    try {
      ticket = await this.options.ticket();
    } catch {
      if (generation === this.generation) this.failed();
      return;
    }
    if (generation !== this.generation) return;
    let socket: SocketLike;
    try {
      socket = (this.options.openSocket ?? openBrowserSocket)(this.options.url(ticket));
    } catch {
      this.failed();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (generation !== this.generation) return;
      this.stopPolling();
      this.setStatus('live');
      this.stableTimer = setTimeout(() => {
        this.stableTimer = null;
        this.failures = 0;
      }, this.options.stableMs ?? 5_000);
      this.options.onSync();
    };
    socket.onmessage = (event) => {
      if (generation !== this.generation) return;
      const parsed = parseLiveEvent(event.data);
      if (parsed) this.options.onEvent(parsed);
    };
    socket.onerror = () => {
      // A close event always follows.
    };
    socket.onclose = () => {
      if (generation !== this.generation) return;
      this.socket = null;
      if (this.stableTimer) clearTimeout(this.stableTimer);
      this.stableTimer = null;
      this.failed();
    };
  }

  private failed(): void {
    this.failures += 1;
    if (this.failures >= (this.options.failuresBeforePolling ?? 3)) this.startPolling();
    else this.setStatus('connecting');
    const delay = backoffDelay(this.failures - 1, this.options.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private startPolling(): void {
    this.setStatus('polling');
    if (this.pollTimer) return;
    this.options.onSync();
    this.pollTimer = setInterval(() => this.options.onSync(), this.options.pollMs ?? POLL_MS);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.retryTimer = null;
    this.stableTimer = null;
  }

  private closeQuietly(socket: SocketLike): void {
    socket.onopen = null;
    socket.onclose = null;
    socket.onerror = null;
    socket.onmessage = null;
    try {
      socket.close(1000);
    } catch {
      // Already closed.
    }
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus?.(status);
  }
}

function openBrowserSocket(url: string): SocketLike {
  return new WebSocket(url) as unknown as SocketLike;
}
