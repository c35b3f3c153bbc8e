// Browser journey of a project's galleries (file delivery), against the real local gateway and its
// demo accounts, each side in its own browser context: a booking of the photographer's « Reportage
// journée » confirmed through the API opens a project; the provider creates the gallery « Sélection »
// on the project page, uploads three JPEGs (drawn in the browser's canvas, one named « Église
// été.jpg ») and a PDF through Uppy's Dashboard (the file input), sees the progress, then each file
// turn « Prêt » live, with its preview; a text file named photo.jpg ends « Refusé » live and is
// removed; the provider delivers (confirmed); the client sees the gallery with its expiry, the grid of
// lazy thumbnails, opens the lightbox and walks it with ← → (Escape closes, focus goes back), marks
// two favourites, downloads one original (its Content-Disposition keeps the accented name), asks for
// the ZIP of its favourites (« Préparation de l’archive… » until the live notice), downloads it, and
// the ZIP, read by Python's zipfile (e2e/zip_list.py), holds exactly the two favourites byte for
// byte; the provider then finds both downloads in « Qui a téléchargé quoi et quand », and extends
// the gallery. axe on every page; phone width.
//
//   npm run build && node --test e2e/galleries.test.mjs
//
// See harness.mjs for the gateway binary and the browser; zip_list.py needs a Python 3 (../.venv, or
// $ESTRADE_PYTHON). Screenshots of both sides at 1280 and 390 px go to $E2E_SCREENSHOTS, else
// /tmp/shots-galleries.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { apiCall, apiToken, eventually, launchBrowser, logIn, openPage, seriousViolations, startGateway } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const python = process.env.ESTRADE_PYTHON ?? (existsSync(resolve(here, '../../.venv/bin/python')) ? resolve(here, '../../.venv/bin/python') : 'python3');
const shots = process.env.E2E_SCREENSHOTS ?? '/tmp/shots-galleries';

const CLIENT = { email: 'camille@estrade.test', name: 'Camille Roux' };
const PHOTO = { email: 'photo@estrade.test', name: 'Claire Dubois Photographie' };
const SERVICE = 'Reportage journée';
const GALLERY = 'Sélection';
/** How long the server may take to check a file and make its previews, or to build an archive. */
const CHECK_TIMEOUT = 60_000;

const IMAGES = [
  { name: 'Église été.jpg', width: 1200, height: 800, colour: '#5b2a86' },
  { name: 'portrait-mariée.jpg', width: 800, height: 1200, colour: '#1b5e20' },
  { name: 'cortège.jpg', width: 1000, height: 1000, colour: '#a4161a' },
];
const PDF_NAME = 'programme.pdf';
const FAKE_NAME = 'photo.jpg';

const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** A regular expression whose spaces also match the no-break ones of French typography. */
const spaced = (source) => new RegExp(source.replaceAll(' ', '\\s'), 'u');
const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');

// A working day (Monday to Saturday by default) three weeks ahead: past the default notice.
let day = new Date(new Date().getFullYear(), new Date().getMonth(), new Date().getDate() + 21);
while (day.getDay() === 0) day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
const DAY = iso(day);

/** A small valid PDF (one page, its text « Programme »), its cross-reference offsets computed. */
function minimalPdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = 'BT /F1 24 Tf 40 100 Td (Programme) Tj ET';
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('galleries: upload through Uppy, checks, delivery, favourites, originals and the favourites’ ZIP, the downloads log', { timeout: 600_000 }, () => {
  let gateway;
  let base;
  let browser;
  const pageErrors = [];
  let clientToken;
  let photoToken;
  let projectId;
  let galleryId;
  let photo; // the provider's tab
  let client; // the client's tab
  const files = {}; // name → bytes
  const favouriteNames = [IMAGES[0].name, IMAGES[2].name];
  const order = []; // the files' names in the gallery's order
  /** The lightbox's title for a file: « name (n sur 4) ». */
  const caption = (name) => `${name} (${order.indexOf(name) + 1} sur ${order.length})`;
  const at = (i) => order[((i % order.length) + order.length) % order.length];

  before(async () => {
    mkdirSync(shots, { recursive: true });
    gateway = await startGateway();
    base = gateway.base;
    browser = await launchBrowser();
    const answer = await (await fetch(`${base}/api/providers`)).json();
    const photoId = answer.providers.find((p) => p.stage_name === PHOTO.name)?.id;
    assert.ok(photoId, `no demo provider "${PHOTO.name}"`);
    clientToken = await apiToken(base, CLIENT.email);
    photoToken = await apiToken(base, PHOTO.email);
    const booked = await api(clientToken, 'POST', '/api/bookings', { provider_id: photoId, service: SERVICE, date: DAY, message: 'Nos photos de mariage.' });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const confirmed = await api(photoToken, 'POST', `/api/bookings/${encodeURIComponent(booked.body.booking.id)}/answer`, { action: 'confirm' });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    projectId = confirmed.body.booking.project_id;
    assert.ok(projectId, 'the confirmed booking names its project');
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await gateway?.stop();
    assert.deepEqual(pageErrors, [], 'uncaught errors in the pages');
  });

  function api(token, method, path, body) {
    return apiCall(base, token, method, path, body);
  }
  const newPage = (options = {}) => openPage(browser, pageErrors, options);

  function zipMembers(bytes) {
    return JSON.parse(execFileSync(python, [join(here, 'zip_list.py')], { input: bytes, encoding: 'utf-8' }));
  }

  /** The whole page, and for a phone also screen-high slices (easier to look at). */
  async function shot(page, name) {
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    const { width, height } = page.viewportSize();
    if (width > 600) return;
    const total = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, i = 1; y < total && i <= 12; y += height, i++) {
      await page.screenshot({ path: join(shots, `${name}-${i}.png`), fullPage: true, clip: { x: 0, y, width, height: Math.min(height, total - y) } });
    }
  }

  /** Both widths of a page, then back to the desktop width; nothing wider than a 390 px phone. */
  async function shots2(page, name) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot(page, `${name}-1280`);
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, `${name}-390`);
    assert.ok((await overflow(page)) <= 0, `${name} is wider than a 390 px phone`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  const mark = (page) => page.evaluate(() => (window.__notReloaded = true));
  const notReloaded = (page) => page.evaluate(() => window.__notReloaded === true);
  const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const fileRow = (page, name) => page.locator('.file-row', { has: page.locator('.file-name', { hasText: name }) });

  it('the provider creates a gallery from the project page', async () => {
    photo = await newPage();
    await logIn(photo, base, PHOTO.email, `/projets/${projectId}`);
    const section = photo.locator('section.project-galleries');
    await section.getByRole('heading', { name: 'Galeries' }).waitFor();
    await section.getByText('Aucune galerie pour le moment', { exact: false }).waitFor();
    // An empty name is refused before anything is sent.
    await section.getByRole('button', { name: 'Créer la galerie' }).click();
    await section.getByText('Donnez un nom à la galerie', { exact: false }).waitFor();
    await section.getByLabel('Nom de la galerie').fill(GALLERY);
    await section.getByRole('button', { name: 'Créer la galerie' }).click();
    await section.getByText(spaced(`Galerie « ${GALLERY} » créée.`)).waitFor();
    const link = section.getByRole('link', { name: GALLERY });
    await link.waitFor();
    await section.locator('.gallery-card').getByText('Brouillon', { exact: true }).waitFor();
    assert.deepEqual(await seriousViolations(photo), []);
    await section.scrollIntoViewIfNeeded();
    await shots2(photo, 'projet-galeries-prestataire');
    const listed = await api(photoToken, 'GET', `/api/projects/${projectId}/galleries`);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    galleryId = listed.body.galleries.find((g) => g.name === GALLERY)?.id;
    assert.ok(galleryId);
    // The client sees no draft gallery.
    const theirs = await api(clientToken, 'GET', `/api/projects/${projectId}/galleries`);
    assert.equal(theirs.status, 200);
    assert.deepEqual(theirs.body.galleries, []);
    assert.equal((await api(clientToken, 'GET', `/api/galleries/${galleryId}`)).status, 404, 'the client cannot open a draft');

    await link.click();
    await photo.waitForURL(`${base}/projets/${projectId}/galeries/${galleryId}`);
    await photo.getByRole('heading', { level: 1, name: GALLERY }).waitFor();
    await photo.getByText('Aucun fichier pour le moment.').waitFor();
  });

  it('the provider uploads three JPEGs and a PDF with Uppy: progress, then each file ready live with its preview', async () => {
    // Three real JPEGs, drawn in the browser's canvas.
    const drawn = await photo.evaluate(async (images) => {
      const out = [];
      for (const { width, height, colour, name } of images) {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const g = canvas.getContext('2d');
        g.fillStyle = colour;
        g.fillRect(0, 0, width, height);
        g.fillStyle = '#ffd166';
        g.beginPath();
        g.arc(width / 2, height / 2, Math.min(width, height) / 4, 0, 2 * Math.PI);
        g.fill();
        g.fillStyle = '#ffffff';
        g.font = '48px sans-serif';
        g.fillText(name, 40, 80);
        const blob = await new Promise((ok) => canvas.toBlob(ok, 'image/jpeg', 0.9));
        const bytes = new Uint8Array(await blob.arrayBuffer());
        let binary = '';
        for (const b of bytes) binary += String.fromCharCode(b);
        out.push(btoa(binary));
      }
      return out;
    }, IMAGES);
    IMAGES.forEach((image, i) => (files[image.name] = Buffer.from(drawn[i], 'base64')));
    for (const image of IMAGES) assert.deepEqual([...files[image.name].subarray(0, 3)], [0xff, 0xd8, 0xff], `${image.name} is a JPEG`);
    files[PDF_NAME] = minimalPdf();

    const uploader = photo.locator('.gallery-uploader');
    await uploader.locator('.uppy-Dashboard').waitFor();
    assert.deepEqual(await seriousViolations(photo), []);
    await mark(photo);
    // Every upload's progress, as Uppy's Dashboard shows it (per file, and the total in its status bar).
    await photo.evaluate(() => {
      window.__progress = [];
      const seen = new MutationObserver(() => {
        for (const bar of document.querySelectorAll('.uppy-StatusBar-progress, .uppy-Dashboard-Item-progressIndicator, .uppy-StatusBar-statusPrimary')) {
          window.__progress.push(bar.getAttribute('aria-valuenow') ?? bar.textContent ?? '');
        }
      });
      seen.observe(document.querySelector('.gallery-uploader'), { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const put = [];
    photo.on('request', (r) => {
      if (r.method() === 'PUT' && !r.url().includes('/api/')) put.push(r.url());
    });
    await uploader.locator('input.uppy-Dashboard-input').first().setInputFiles([
      ...IMAGES.map((image) => ({ name: image.name, mimeType: 'image/jpeg', buffer: files[image.name] })),
      { name: PDF_NAME, mimeType: 'application/pdf', buffer: files[PDF_NAME] },
    ]);
    await eventually('Uppy to list the four files', async () => (await uploader.locator('.uppy-Dashboard-Item').count()) === 4);
    // The status bar says the batch is complete.
    await uploader.locator('.uppy-StatusBar.is-complete').waitFor({ timeout: CHECK_TIMEOUT });
    const progress = await photo.evaluate(() => window.__progress);
    assert.ok(progress.length > 0, 'Uppy showed the upload’s progress');
    assert.equal(put.length, 4, `each file went straight to storage with one PUT: ${put.join(', ')}`);

    // Each file turns « Prêt » live (the page is not reloaded), the images with their preview.
    for (const name of [...IMAGES.map((i) => i.name), PDF_NAME]) {
      await fileRow(photo, name).getByText('Prêt', { exact: true }).waitFor({ timeout: CHECK_TIMEOUT });
    }
    for (const image of IMAGES) {
      const thumb = fileRow(photo, image.name).locator('img');
      await thumb.waitFor();
      await eventually(`the preview of ${image.name} to load`, () => thumb.evaluate((img) => img.complete && img.naturalWidth > 0));
    }
    assert.equal(await fileRow(photo, PDF_NAME).locator('img').count(), 0, 'a PDF shows a type icon');
    await fileRow(photo, PDF_NAME).getByRole('img', { name: 'PDF' }).waitFor();
    assert.ok(await notReloaded(photo), 'the gallery page was reloaded');
    const shown = await api(photoToken, 'GET', `/api/galleries/${galleryId}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.gallery.ready_count, 4);
    assert.deepEqual(
      shown.body.files.map((f) => [f.name, f.size, f.status]).sort(),
      [...IMAGES.map((i) => [i.name, files[i.name].length, 'ready']), [PDF_NAME, files[PDF_NAME].length, 'ready']].sort(),
      'the four files, whole',
    );
    // Uppy sends several files at once: the gallery's order is the order they were declared in.
    order.push(...shown.body.files.map((f) => f.name));
  });

  it('a text file named photo.jpg is refused after its upload, live, and is removed', async () => {
    const uploader = photo.locator('.gallery-uploader');
    // « Terminé » clears the finished files from Uppy's list (they are in the gallery's list).
    await uploader.getByRole('button', { name: 'Terminé' }).click();
    await eventually('Uppy’s list to empty', async () => (await uploader.locator('.uppy-Dashboard-Item').count()) === 0);
    await uploader.locator('input.uppy-Dashboard-input').first().setInputFiles([
      { name: FAKE_NAME, mimeType: 'image/jpeg', buffer: Buffer.from('Ceci n’est pas une photo.\n'.repeat(40)) },
    ]);
    const row = fileRow(photo, FAKE_NAME);
    await row.getByText(/^Refusé/u).waitFor({ timeout: CHECK_TIMEOUT });
    assert.match(await row.locator('.file-status').innerText(), /^Refusé\s:\s.+/u, 'the refusal says why');
    assert.ok(await notReloaded(photo), 'the gallery page was reloaded');
    const seen = await api(photoToken, 'GET', `/api/galleries/${galleryId}`);
    const fake = seen.body.files.find((f) => f.name === FAKE_NAME);
    assert.equal(fake.status, 'failed');
    assert.ok(fake.failure, 'a refused file says why');
    assert.deepEqual(await seriousViolations(photo), []);
    await shots2(photo, 'galerie-prestataire-brouillon');

    await row.getByRole('button', { name: `Retirer « ${FAKE_NAME} »` }).click();
    await photo.getByRole('status').getByText(spaced(`« ${FAKE_NAME} » retiré.`)).waitFor();
    await eventually('the refused file to leave the list', async () => (await fileRow(photo, FAKE_NAME).count()) === 0);
  });

  it('the provider delivers the gallery after a confirmation', async () => {
    await photo.getByRole('button', { name: 'Livrer au client' }).click();
    await photo.getByText(`${CLIENT.name} est prévenu·e`, { exact: false }).waitFor();
    assert.deepEqual(await seriousViolations(photo), []);
    await photo.getByRole('button', { name: 'Oui, livrer la galerie' }).click();
    await photo.getByRole('status').getByText(`Galerie livrée à ${CLIENT.name}.`).waitFor();
    await photo.locator('.gallery-head').getByText('Livrée', { exact: true }).waitFor();
    await photo.getByText(/^Disponible pour le client jusqu’au \d{1,2} \S+ \d{4}$/u).waitFor();
    assert.equal(await photo.locator('.gallery-uploader').count(), 0, 'no upload once delivered');
    assert.equal(await photo.getByRole('button', { name: /^Retirer/u }).count(), 0, 'no removal once delivered');
    const shown = await api(photoToken, 'GET', `/api/galleries/${galleryId}`);
    assert.equal(shown.body.gallery.status, 'delivered');
    const days = (shown.body.gallery.expires_at - shown.body.gallery.delivered_at) / 86_400;
    assert.ok(Math.abs(days - 90) < 1, `expires 90 days after delivery (${days})`);
    // The project moves to « Livré » only once its day is past (done or in production): this one's is ahead.
    const project = await api(photoToken, 'GET', `/api/projects/${projectId}`);
    assert.equal(project.body.project.status, 'confirmed', 'a project whose day is ahead keeps its status');
    assert.deepEqual(await seriousViolations(photo), []);
  });

  it('the client sees the gallery, the grid of lazy thumbnails and the lightbox, walked with the keyboard', async () => {
    client = await newPage();
    await logIn(client, base, CLIENT.email, `/projets/${projectId}`);
    const section = client.locator('section.project-galleries');
    await section.getByRole('link', { name: GALLERY }).waitFor();
    await section.getByText(/^Disponible jusqu’au \d{1,2} \S+ \d{4}$/u).waitFor();
    assert.equal(await section.getByRole('button', { name: 'Créer la galerie' }).count(), 0, 'the client creates no gallery');
    assert.deepEqual(await seriousViolations(client), []);
    await shots2(client, 'projet-galeries-client');
    await section.getByRole('link', { name: GALLERY }).click();
    await client.waitForURL(`${base}/projets/${projectId}/galeries/${galleryId}`);
    await client.getByRole('heading', { level: 1, name: GALLERY }).waitFor();
    const grid = client.locator('ul.gallery-grid');
    await eventually('the grid of four files', async () => (await grid.locator('li').count()) === 4);
    const thumbs = grid.locator('img');
    assert.equal(await thumbs.count(), 3, 'three thumbnails, the PDF as an icon');
    for (let i = 0; i < 3; i++) {
      const img = thumbs.nth(i);
      assert.equal(await img.getAttribute('loading'), 'lazy');
      assert.ok(Number(await img.getAttribute('width')) > 0 && Number(await img.getAttribute('height')) > 0, 'width and height are set');
    }
    // The portrait keeps its ratio in its box.
    const portrait = grid.locator('li', { has: client.getByRole('button', { name: `Agrandir « ${IMAGES[1].name} »` }) }).locator('img');
    assert.ok(Number(await portrait.getAttribute('height')) > Number(await portrait.getAttribute('width')), 'a portrait thumbnail is taller than wide');
    assert.equal(await client.locator('.uppy-Dashboard').count(), 0, 'the client gets no uploader');
    const loadedUppy = await client.evaluate(() => performance.getEntriesByType('resource').some((r) => /Uploader-/u.test(r.name)));
    assert.equal(loadedUppy, false, 'the client never downloads the upload code');
    assert.deepEqual(await seriousViolations(client), []);
    await shots2(client, 'galerie-client');

    // The lightbox: opened with the keyboard, ← → walk it (wrapping around), Escape closes and focus comes back.
    const first = order.indexOf(IMAGES[0].name);
    const opener = client.getByRole('button', { name: `Agrandir « ${IMAGES[0].name} »` });
    await opener.focus();
    await client.keyboard.press('Enter');
    const dialog = client.getByRole('dialog');
    await dialog.getByRole('heading', { name: caption(IMAGES[0].name) }).waitFor();
    const preview = dialog.locator('img');
    await eventually('the preview to load', () => preview.evaluate((img) => img.complete && img.naturalWidth > 0));
    assert.ok((await preview.evaluate((img) => img.naturalWidth)) > 400, 'the lightbox shows the large preview');
    assert.deepEqual(await seriousViolations(client), []);
    await client.setViewportSize({ width: 1280, height: 900 });
    await shot(client, 'lightbox-1280');
    await client.setViewportSize({ width: 390, height: 844 });
    await shot(client, 'lightbox-390');
    await client.setViewportSize({ width: 1280, height: 900 });
    for (const step of [1, 2, 3, 4]) {
      await client.keyboard.press('ArrowRight');
      await dialog.getByRole('heading', { name: caption(at(first + step)) }).waitFor();
      if (at(first + step) === PDF_NAME) await dialog.getByRole('img', { name: 'PDF' }).waitFor();
    }
    await client.keyboard.press('ArrowLeft');
    await dialog.getByRole('heading', { name: caption(at(first - 1)) }).waitFor();
    // Focus stays in the dialog.
    for (let i = 0; i < 8; i++) {
      await client.keyboard.press('Tab');
      assert.ok(await client.evaluate(() => document.activeElement?.closest('dialog') !== null || document.activeElement === document.body), 'focus left the lightbox');
    }
    await client.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.ok(await opener.evaluate((el) => el === document.activeElement), 'focus is back on the thumbnail that opened the lightbox');
  });

  it('the client marks two favourites (grid and lightbox) and downloads an original with its accented name', async () => {
    const favourite = (name) => client.getByRole('button', { name: `Favori : ${name}` });
    await favourite(IMAGES[0].name).first().click();
    await eventually('the first favourite to be pressed', async () => (await favourite(IMAGES[0].name).first().getAttribute('aria-pressed')) === 'true');
    // The second from the lightbox.
    await client.getByRole('button', { name: `Agrandir « ${IMAGES[2].name} »` }).click();
    const dialog = client.getByRole('dialog');
    await dialog.getByRole('heading', { name: caption(IMAGES[2].name) }).waitFor();
    await dialog.getByRole('button', { name: `Favori : ${IMAGES[2].name}` }).click();
    await eventually('the lightbox’s favourite to be pressed', async () => (await dialog.getByRole('button', { name: `Favori : ${IMAGES[2].name}` }).getAttribute('aria-pressed')) === 'true');
    await client.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await favourite(IMAGES[2].name).getAttribute('aria-pressed'), 'true');
    assert.equal(await favourite(IMAGES[1].name).getAttribute('aria-pressed'), 'false');
    await client.getByText('Vous avez 2 favoris.').waitFor();
    const seen = await api(clientToken, 'GET', `/api/galleries/${galleryId}`);
    assert.deepEqual(seen.body.files.filter((f) => f.favourite).map((f) => f.name).sort(), [...favouriteNames].sort());
    assert.equal(seen.body.downloads, undefined, 'the client gets no downloads log');

    // One original: the browser's download keeps the accented name, and the bytes.
    const download = client.waitForEvent('download');
    await client.getByRole('button', { name: `Télécharger l’original de « ${IMAGES[0].name} »` }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), IMAGES[0].name);
    const bytes = readFileSync(await file.path());
    assert.equal(sha(bytes), sha(files[IMAGES[0].name]), 'the original, byte for byte');
    // The address's own header, read directly.
    const fileId = seen.body.files.find((f) => f.name === IMAGES[0].name).id;
    const link = await api(clientToken, 'POST', `/api/galleries/${galleryId}/files/${fileId}/download`);
    assert.equal(link.status, 200, JSON.stringify(link.body));
    assert.ok(link.body.expires_in > 0);
    const answer = await fetch(new URL(link.body.url, base));
    const disposition = answer.headers.get('content-disposition') ?? '';
    assert.match(disposition, /^attachment/u);
    assert.ok(disposition.includes(`filename*=UTF-8''${encodeURIComponent(IMAGES[0].name)}`), `the UTF-8 name in ${disposition}`);
    assert.equal(sha(Buffer.from(await answer.arrayBuffer())), sha(files[IMAGES[0].name]));
  });

  it('the client asks for the ZIP of its favourites, waits for it, downloads it: exactly the two favourites, byte for byte', async () => {
    await mark(client);
    // « Préparation de l’archive… » may last only a moment: a watcher in the page notes it.
    await client.evaluate(() => {
      window.__sawBuilding = false;
      const status = document.querySelector('.archive-status');
      const watch = new MutationObserver(() => {
        if (status.textContent.includes('Préparation de l’archive…')) window.__sawBuilding = true;
      });
      watch.observe(status, { subtree: true, childList: true, characterData: true });
    });
    const asked = client.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/galleries/${galleryId}/archives`));
    await client.getByRole('button', { name: 'Télécharger mes favoris (ZIP)' }).click();
    const first = await asked;
    const ready = client.locator('.archive-ready');
    await ready.getByText(spaced('L’archive de vos favoris est prête \\(2 fichiers,'), { exact: false }).waitFor({ timeout: CHECK_TIMEOUT });
    // Built off the request (202): « Préparation de l’archive… » until the live notice or a poll.
    if (first.status() === 202) assert.ok(await client.evaluate(() => window.__sawBuilding), '« Préparation de l’archive… » was shown');
    else assert.equal(first.status(), 200, 'an archive is building (202) or ready (200)');
    assert.ok(await notReloaded(client), 'the gallery page was reloaded');
    assert.deepEqual(await seriousViolations(client), []);
    await shots2(client, 'galerie-client-archive');
    const parts = ready.getByRole('button', { name: /^Télécharger .+\.zip/u });
    assert.equal(await parts.count(), 1, 'a small archive comes in one part');
    const download = client.waitForEvent('download');
    await parts.first().click();
    const zip = await download;
    assert.match(zip.suggestedFilename(), /\.zip$/u);
    const members = zipMembers(readFileSync(await zip.path()));
    assert.deepEqual(
      members.map((m) => m.name).sort(),
      [...favouriteNames].sort(),
      'the archive holds exactly the two favourites',
    );
    for (const member of members) assert.equal(member.sha256, sha(files[member.name]), `${member.name} byte for byte`);
    // The email tells it too.
    await eventually('the archive email', async () => {
      const all = await (await fetch(`${base}/_outbox.json`)).json();
      return all.some((m) => m.to === CLIENT.email && /archive/iu.test(`${m.subject} ${m.text}`));
    });
  });

  it('the provider sees who downloaded what and when, the favourites, and extends the gallery', async () => {
    await photo.reload();
    const log = photo.locator('section.gallery-downloads');
    await log.getByRole('heading', { name: 'Qui a téléchargé quoi et quand' }).waitFor();
    const rows = log.locator('tbody tr');
    await eventually('the two downloads of the client', async () => (await rows.count()) >= 2);
    const texts = await rows.allInnerTexts();
    assert.ok(texts.some((t) => t.includes(CLIENT.name) && t.includes(`Original : ${IMAGES[0].name}`.replace(' :', '\u202f:'))), `the original in ${texts.join(' | ')}`);
    assert.ok(texts.some((t) => t.includes(CLIENT.name) && /Archive ZIP\s:\s.+\.zip/u.test(t)), `the archive in ${texts.join(' | ')}`);
    assert.ok(texts.every((t) => /\d{4}/u.test(t)), 'each download says when');
    const favourites = photo.locator('section.gallery-favourites');
    await favourites.getByRole('heading', { name: 'Favoris du client (2)' }).waitFor();
    for (const name of favouriteNames) await favourites.getByText(name).waitFor();
    assert.deepEqual(await seriousViolations(photo), []);
    await shots2(photo, 'galerie-prestataire-livree');

    const before = (await api(photoToken, 'GET', `/api/galleries/${galleryId}`)).body.gallery.expires_at;
    await photo.getByLabel('Nombre de jours').fill('400');
    await photo.getByRole('button', { name: 'Prolonger' }).click();
    await photo.getByText('Indiquez un nombre de jours de 1 à 365.').waitFor();
    await photo.getByLabel('Nombre de jours').fill('10');
    await photo.getByRole('button', { name: 'Prolonger' }).click();
    await photo.getByRole('status').getByText(/^Galerie prolongée jusqu’au .+\.$/u).waitFor();
    const afterExtend = (await api(photoToken, 'GET', `/api/galleries/${galleryId}`)).body.gallery.expires_at;
    assert.equal(afterExtend - before, 10 * 86_400, 'ten more days');
  });

  it('a file above 64 MiB goes in parts, at the server’s part size, and ends ready', async () => {
    const created = await api(photoToken, 'POST', `/api/projects/${projectId}/galleries`, { name: 'Vidéo' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.gallery.id;
    const size = 65 * 1024 ** 2 + 123;
    const bytes = Buffer.alloc(size, 7);
    Buffer.from('\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom', 'latin1').copy(bytes);
    const path = join(tmpdir(), `film-${process.pid}.mp4`);
    writeFileSync(path, bytes);
    try {
      await photo.goto(`${base}/projets/${projectId}/galeries/${id}`);
      const uploader = photo.locator('.gallery-uploader');
      await uploader.locator('.uppy-Dashboard').waitFor();
      const parts = [];
      const signed = [];
      photo.on('request', (r) => {
        if (r.method() === 'PUT' && !r.url().includes('/api/')) parts.push(r.url());
        if (r.method() === 'POST' && /\/api\/galleries\/[^/]+\/files\/[^/]+\/parts\/\d+$/u.test(r.url())) signed.push(r.url());
      });
      await uploader.locator('input.uppy-Dashboard-input').first().setInputFiles(path);
      await uploader.locator('.uppy-StatusBar.is-complete').waitFor({ timeout: CHECK_TIMEOUT });
      await fileRow(photo, 'film-').getByText('Prêt', { exact: true }).waitFor({ timeout: CHECK_TIMEOUT });
      const shown = await api(photoToken, 'GET', `/api/galleries/${id}`);
      const film = shown.body.files[0];
      assert.equal(film.size, size);
      assert.equal(film.status, 'ready');
      assert.equal(film.kind, 'video');
      assert.ok(parts.length >= 2, `sent in parts (${parts.length})`);
      assert.equal(signed.length, parts.length, 'each part was signed by the API');
      assert.equal((await api(photoToken, 'DELETE', `/api/galleries/${id}/files/${film.id}`)).status, 204);
      assert.equal((await api(photoToken, 'DELETE', `/api/galleries/${id}`)).status, 204);
    } finally {
      rmSync(path, { force: true });
    }
  });

  it('the API refuses what the page does not offer (a delivered gallery is frozen, a bad type, no favourites)', async () => {
    assert.equal((await api(photoToken, 'DELETE', `/api/galleries/${galleryId}`)).body?.error?.code, 'gallery_delivered');
    const refused = await api(photoToken, 'POST', `/api/galleries/${galleryId}/files`, { name: 'x.exe', type: 'application/x-msdownload', size: 10 });
    assert.ok(['type_not_allowed', 'gallery_delivered'].includes(refused.body?.error?.code), JSON.stringify(refused.body));
    const other = await api(photoToken, 'POST', `/api/projects/${projectId}/galleries`, { name: 'Photos finales' });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    const id = other.body.gallery.id;
    const type = await api(photoToken, 'POST', `/api/galleries/${id}/files`, { name: 'x.exe', type: 'application/x-msdownload', size: 10 });
    assert.equal(type.body?.error?.code, 'type_not_allowed');
    const big = await api(photoToken, 'POST', `/api/galleries/${id}/files`, { name: 'film.mp4', type: 'video/mp4', size: 6 * 1024 ** 3 });
    assert.equal(big.body?.error?.code, 'file_too_large');
    const empty = await api(photoToken, 'POST', `/api/galleries/${id}/deliver`);
    assert.equal(empty.body?.error?.code, 'gallery_empty');
    // A multipart upload is offered above 64 MiB.
    const multipart = await api(photoToken, 'POST', `/api/galleries/${id}/files`, { name: 'film.mp4', type: 'video/mp4', size: 65 * 1024 ** 2 });
    assert.equal(multipart.status, 201, JSON.stringify(multipart.body));
    assert.equal(multipart.body.upload.kind, 'multipart');
    assert.ok(multipart.body.upload.part_size >= 5 * 1024 ** 2 && multipart.body.upload.part_count >= 1);
    assert.equal((await api(photoToken, 'DELETE', `/api/galleries/${id}/files/${multipart.body.file.id}`)).status, 204);
    assert.equal((await api(photoToken, 'DELETE', `/api/galleries/${id}`)).status, 204);
  });
});
