// Browser test of the security headers, against the real local gateway and its demo accounts:
// every page of the app (frontend/src/app/App.tsx's routes) is loaded logged out, as the demo
// client or as the demo provider, with data behind it (a project with a sent contract, a
// conversation, an event with a request, a gallery whose photo the provider uploads through
// Uppy and the client sees in the lightbox), and the test fails on any Content-Security-Policy
// violation: the `securitypolicyviolation` events of each page (an init script reports them)
// and the console's messages about the policy (or a malformed Permissions-Policy). It also
// checks the headers on a page, a static asset and an /api answer, that the live WebSocket
// opens under the policy, and that no request carries a Referer.
//
//   cargo build -p estrade-gateway && npm run build && node --test e2e/csp.test.mjs
//
// See harness.mjs for the gateway binary and the browser.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiCall, apiToken, eventually, launchBrowser, logIn, openPage, startGateway } from './harness.mjs';

const CLIENT = { email: 'camille@estrade.test', name: 'Camille Roux' };
const PHOTO = { email: 'photo@estrade.test', name: 'Claire Dubois Photographie' };
const DJ = 'DJ Nova';
const SERVICE = 'Reportage journée';
const GALLERY = 'Sélection';
const IMAGE = 'Église été.jpg';
/** How long the server may take to check a file and make its previews. */
const CHECK_TIMEOUT = 60_000;

/** The local policy: estrade::edge's words, with the gateway's WebSocket origin (no files origin). */
function expectedPolicy(base) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${base.replace(/^http/u, 'ws')}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const inDays = (n) => {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + n);
};
// A working day (Monday to Saturday) three weeks ahead: past the default notice.
let day = inDays(21);
while (day.getDay() === 0) day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
const DAY = iso(day);

describe('security headers: every page under the strict Content-Security-Policy', { timeout: 600_000 }, () => {
  let gateway;
  let base;
  let browser;
  const pageErrors = [];
  /** Every violation and policy message seen, with the page it happened on. */
  const violations = [];
  /** Requests that carried a Referer. */
  const referers = [];
  let clientToken;
  let photoToken;
  let photoId;
  let djId;
  let projectId;
  let galleryId;
  let conversationId;
  let eventId;
  let client; // the client's tab
  let photo; // the provider's tab
  let anonymous; // a visitor's tab

  before(async () => {
    gateway = await startGateway();
    base = gateway.base;
    browser = await launchBrowser();
    const answer = await (await fetch(`${base}/api/providers`)).json();
    photoId = answer.providers.find((p) => p.stage_name === PHOTO.name)?.id;
    djId = answer.providers.find((p) => p.stage_name === DJ)?.id;
    assert.ok(photoId && djId, 'the demo providers are listed');
    clientToken = await apiToken(base, CLIENT.email);
    photoToken = await apiToken(base, PHOTO.email);

    // A confirmed booking opens a project; its contract is prepared from the model and sent.
    const booked = await api(clientToken, 'POST', '/api/bookings', { provider_id: photoId, service: SERVICE, date: DAY, message: 'Nos photos de mariage.' });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const confirmed = await api(photoToken, 'POST', `/api/bookings/${encodeURIComponent(booked.body.booking.id)}/answer`, { action: 'confirm' });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    projectId = confirmed.body.booking.project_id;
    const prepared = await api(photoToken, 'POST', `/api/projects/${projectId}/contract`, { template_id: 'model' });
    assert.equal(prepared.status, 201, JSON.stringify(prepared.body));
    const sent = await api(photoToken, 'POST', `/api/projects/${projectId}/contract/send`, { revision: prepared.body.contract.revision });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const gallery = await api(photoToken, 'POST', `/api/projects/${projectId}/galleries`, { name: GALLERY });
    assert.equal(gallery.status, 201, JSON.stringify(gallery.body));
    galleryId = gallery.body.gallery.id;

    // A conversation, and an event with a request to the DJ.
    const started = await api(clientToken, 'POST', '/api/conversations', { provider_id: photoId });
    assert.ok([200, 201].includes(started.status), JSON.stringify(started.body));
    conversationId = started.body.conversation.id;
    const message = await api(clientToken, 'POST', `/api/conversations/${encodeURIComponent(conversationId)}/messages`, { text: 'Bonjour, une question sur le reportage.' });
    assert.equal(message.status, 201, JSON.stringify(message.body));
    const event = await api(clientToken, 'POST', '/api/events', {
      name: 'Anniversaire de Jeanne',
      date: iso(inDays(60)),
      start_time: null,
      end_time: null,
      description: '',
      city: 'Orléans',
      address: '',
      guests: 40,
      budget_cents: null,
      needs: ['dj'],
    });
    assert.equal(event.status, 201, JSON.stringify(event.body));
    eventId = event.body.event.id;
    const invited = await api(clientToken, 'POST', `/api/events/${eventId}/requests`, { provider_id: djId, need: 'dj', message: 'Une soirée électro ?' });
    assert.equal(invited.status, 201, JSON.stringify(invited.body));
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await gateway?.stop();
    assert.deepEqual(pageErrors, [], 'uncaught errors in the pages');
  });

  function api(token, method, path, body) {
    return apiCall(base, token, method, path, body);
  }

  /** A new tab whose policy violations, policy console messages and Referer headers are recorded. */
  async function newPage() {
    const page = await openPage(browser, pageErrors);
    const where = () => new URL(page.url()).pathname;
    // Bindings and init scripts come through the DevTools protocol: the policy does not block them.
    await page.exposeFunction('__cspViolation', (v) => violations.push(`${where()}: ${v}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`);
      });
    });
    page.on('console', (message) => {
      const text = message.text();
      if (/Content.Security.Policy|Permissions.Policy/iu.test(text)) violations.push(`${where()}: console ${message.type()}: ${text}`);
    });
    page.on('request', (request) => {
      const referer = request.headers().referer;
      if (referer) referers.push(`${request.method()} ${request.url()} ← ${referer}`);
    });
    return page;
  }

  /** Opens `path`, waits for its first heading and for the network to settle; no violation. */
  async function visit(page, path, heading) {
    const before = violations.length;
    const response = await page.goto(`${base}${path}`);
    assert.equal(response.headers()['content-security-policy'], expectedPolicy(base), `${path}: the page's policy`);
    await settle(page, heading);
    assert.deepEqual(violations.slice(before), [], `${path}: policy violations`);
  }

  async function settle(page, heading) {
    await (heading ? page.getByRole('heading', { level: 1, name: heading }) : page.locator('h1').first()).waitFor();
    await page.waitForLoadState('networkidle');
    // Every image on the page loaded (previews from /blobs, data: and blob: URLs).
    await eventually('the page’s images to load', () =>
      page.evaluate(() => [...document.images].every((img) => img.loading === 'lazy' || (img.complete && img.naturalWidth > 0))),
    );
  }

  it('pages, static files and the API carry the security headers', async () => {
    const expected = {
      'content-security-policy': expectedPolicy(base),
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    };
    const html = await (await fetch(`${base}/`)).text();
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/u)?.[1];
    assert.ok(script, 'the built page names its script');
    for (const path of ['/', '/recherche', script, '/api/providers', '/api/me', '/api/nowhere']) {
      const answer = await fetch(`${base}${path}`);
      for (const [name, value] of Object.entries(expected)) assert.equal(answer.headers.get(name), value, `${path}: ${name}`);
      const permissions = answer.headers.get('permissions-policy') ?? '';
      for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) {
        assert.ok(permissions.includes(`${feature}=()`), `${path}: Permissions-Policy turns ${feature} off: ${permissions}`);
      }
      assert.equal(answer.headers.get('strict-transport-security'), null, `${path}: no HSTS over plain http`);
    }
  });

  it('a visitor’s pages: home, search, a provider, sign-up, log-in, the password and email links, a contract’s verification', async () => {
    anonymous = await newPage();
    await visit(anonymous, '/');
    await visit(anonymous, '/recherche?q=photo&place=Nantes');
    await anonymous.locator('.search-results, main').first().waitFor();
    await visit(anonymous, `/prestataires/${encodeURIComponent(photoId)}`, PHOTO.name);
    await visit(anonymous, '/inscription');
    await visit(anonymous, '/connexion');
    await visit(anonymous, '/mot-de-passe-oublie');
    await visit(anonymous, '/reinitialiser?token=not-a-real-token');
    await visit(anonymous, '/verifier?token=not-a-real-token');
    await visit(anonymous, '/desabonnement?token=not-a-real-token');
    await visit(anonymous, '/nulle-part');
    await visit(anonymous, '/verifier-un-contrat');
    // The page hashes a file in the browser, then asks the API.
    const before = violations.length;
    await anonymous.locator('#verify-file').setInputFiles({ name: 'contrat.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await anonymous.locator('code.hash').first().waitFor();
    await anonymous.waitForLoadState('networkidle');
    assert.deepEqual(violations.slice(before), []);
  });

  it('the provider’s pages, and a photo uploaded through Uppy straight to the signed URL', async () => {
    photo = await newPage();
    const socket = photo.waitForEvent('websocket', { predicate: (ws) => new URL(ws.url()).pathname === '/ws' });
    await logIn(photo, base, PHOTO.email, '/espace-pro');
    const ws = await socket;
    assert.equal(ws.isClosed(), false, 'the live socket opened under the policy');
    await settle(photo);
    for (const [path, heading] of [
      ['/espace-pro'],
      ['/profil'],
      ['/messages'],
      [`/messages/${encodeURIComponent(conversationId)}`],
      ['/demandes'],
      ['/calendrier'],
      ['/projets'],
      [`/projets/${projectId}`],
      ['/modeles-de-contrat'],
      [`/prestataires/${encodeURIComponent(photoId)}`, PHOTO.name],
    ]) {
      await visit(photo, path, heading);
    }

    // The gallery editor loads Uppy (its Dashboard, its CSS) and sends the photo with a PUT.
    await visit(photo, `/projets/${projectId}/galeries/${galleryId}`, GALLERY);
    const uploader = photo.locator('.gallery-uploader');
    await uploader.locator('.uppy-Dashboard').waitFor();
    const jpeg = await photo.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 800;
      canvas.height = 600;
      const g = canvas.getContext('2d');
      g.fillStyle = '#5b2a86';
      g.fillRect(0, 0, 800, 600);
      const blob = await new Promise((ok) => canvas.toBlob(ok, 'image/jpeg', 0.9));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return btoa(binary);
    });
    const puts = [];
    photo.on('request', (r) => {
      if (r.method() === 'PUT' && new URL(r.url()).pathname.startsWith('/blobs/')) puts.push(r.url());
    });
    const before = violations.length;
    await uploader.locator('input.uppy-Dashboard-input').first().setInputFiles([{ name: IMAGE, mimeType: 'image/jpeg', buffer: Buffer.from(jpeg, 'base64') }]);
    // Uppy's thumbnail of the file being sent (a blob: or data: image).
    await uploader.locator('.uppy-Dashboard-Item-previewImg').waitFor();
    await uploader.locator('.uppy-StatusBar.is-complete').waitFor({ timeout: CHECK_TIMEOUT });
    assert.equal(puts.length, 1, 'the photo went to its signed URL');
    const row = photo.locator('.file-row', { has: photo.locator('.file-name', { hasText: IMAGE }) });
    await row.getByText('Prêt', { exact: true }).waitFor({ timeout: CHECK_TIMEOUT });
    const thumb = row.locator('img');
    await eventually('the preview to load', () => thumb.evaluate((img) => img.complete && img.naturalWidth > 0));
    assert.deepEqual(violations.slice(before), [], 'policy violations while uploading');
    const delivered = await api(photoToken, 'POST', `/api/galleries/${galleryId}/deliver`);
    assert.equal(delivered.status, 200, JSON.stringify(delivered.body));
  });

  it('the client’s pages, and the delivered photo in the lightbox', async () => {
    client = await newPage();
    const socket = client.waitForEvent('websocket', { predicate: (ws) => new URL(ws.url()).pathname === '/ws' });
    await logIn(client, base, CLIENT.email, '/projets');
    assert.equal((await socket).isClosed(), false, 'the live socket opened under the policy');
    await settle(client);
    for (const [path, heading] of [
      ['/'],
      ['/profil'],
      ['/messages'],
      [`/messages/${encodeURIComponent(conversationId)}`],
      ['/evenements'],
      ['/evenements/nouveau'],
      [`/evenements/${eventId}`],
      [`/evenements/${eventId}/modifier`],
      ['/reservations'],
      ['/projets'],
      [`/projets/${projectId}`],
      [`/prestataires/${encodeURIComponent(photoId)}`, PHOTO.name],
    ]) {
      await visit(client, path, heading);
    }
    // The sent contract shows on the project's page.
    await visit(client, `/projets/${projectId}`);
    await client.locator('section.project-contract').waitFor();

    await visit(client, `/projets/${projectId}/galeries/${galleryId}`, GALLERY);
    const before = violations.length;
    await client.getByRole('button', { name: `Agrandir « ${IMAGE} »` }).click();
    const preview = client.getByRole('dialog').locator('img');
    await eventually('the large preview to load', () => preview.evaluate((img) => img.complete && img.naturalWidth > 0));
    assert.deepEqual(violations.slice(before), [], 'policy violations in the lightbox');
    // A reload goes through the refresh cookie (POST /api/auth/refresh, no Referer, its Origin kept).
    await client.reload();
    await client.getByRole('heading', { level: 1, name: GALLERY }).waitFor();
  });

  it('no violation anywhere, and no request carried a Referer', () => {
    assert.deepEqual(violations, []);
    assert.deepEqual(referers, []);
  });
});
