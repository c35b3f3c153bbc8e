// Browser journey of projects and contracts, against the real local gateway and its demo
// accounts, each side in its own browser context: the client (camille@estrade.test) books the
// photographer's « Reportage journée » and the photographer (photo@estrade.test) confirms it (API);
// the project appears live in the client's /projets and in the provider's; the provider finds it in
// /espace-pro, prepares the contract from the Estrade model, edits it (preview) and sends it; the
// client sees it live, fails once with a wrong code, then signs with the code read from the outbox;
// the provider countersigns live with its own code; on both pages « PDF en préparation… » turns live
// into « Télécharger le PDF signé »; each side downloads the PDF through the API, read by PyPI's
// pypdf (e2e/pdf_text.py): both names and the contract's SHA-256 are in it; /verifier-un-contrat
// confirms the file and refuses another one; the history shows every step; the provider's notes
// stay its own; the provider moves the project on; contract templates (unknown variable, insert a
// variable, save, delete). axe on every page; phone width.
//
//   npm run build && node --test e2e/projects.test.mjs
//
// See harness.mjs for the gateway binary and the browser; pdf_text.py needs ../.venv
// (scripts/setup.sh) or $ESTRADE_PYTHON. With E2E_SCREENSHOTS=<folder>, the project page (both
// sides), /espace-pro and /modeles-de-contrat are photographed at 1280 and 390 px there.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { apiCall, apiToken, eventually, launchBrowser, logIn, openPage, seriousViolations, startGateway } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const python = process.env.ESTRADE_PYTHON ?? resolve(here, '../../.venv/bin/python');
const shots = process.env.E2E_SCREENSHOTS;

const CLIENT = { email: 'camille@estrade.test', name: 'Camille Roux' };
const PHOTO = { email: 'photo@estrade.test', name: 'Claire Dubois Photographie', signer: 'Claire Dubois' };
const SERVICE = 'Reportage journée';
/** How long the change feed may take to render the signed PDF. */
const PDF_TIMEOUT = 60_000;

const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const utc = (day) => new Date(Date.UTC(...day.split('-').map((n, i) => Number(n) - (i === 1 ? 1 : 0))));
/** "lundi 21 décembre 2026". */
const frDate = (day) =>
  new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(utc(day));
/** A regular expression whose spaces also match the no-break ones of French typography. */
const spaced = (source) => new RegExp(source.replaceAll(' ', '\\s'), 'u');

// A working day (Monday to Saturday by default) three weeks ahead: past the default notice.
let day = new Date(new Date().getFullYear(), new Date().getMonth(), new Date().getDate() + 21);
while (day.getDay() === 0) day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
const DAY = iso(day);

describe('projects: a confirmed booking, its contract prepared, sent, signed, countersigned, the signed PDF and its verification', { timeout: 420_000 }, () => {
  let gateway;
  let base;
  let browser;
  const pageErrors = [];
  let photoId;
  let clientToken;
  let photoToken;
  let projectId;
  let client; // the client's tab
  let photo; // the provider's tab
  let sha256; // the sent contract's
  let pdfBytes;

  before(async () => {
    assert.ok(existsSync(python), `no Python at ${python}: run scripts/setup.sh (or set ESTRADE_PYTHON)`);
    if (shots) mkdirSync(shots, { recursive: true });
    gateway = await startGateway();
    base = gateway.base;
    browser = await launchBrowser();
    const answer = await (await fetch(`${base}/api/providers`)).json();
    photoId = answer.providers.find((p) => p.stage_name === PHOTO.name)?.id;
    assert.ok(photoId, `no demo provider "${PHOTO.name}"`);
    clientToken = await apiToken(base, CLIENT.email);
    photoToken = await apiToken(base, PHOTO.email);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await gateway?.stop();
    assert.deepEqual(pageErrors, [], 'uncaught errors in the pages');
  });

  const api = (token, method, path, body) => apiCall(base, token, method, path, body);
  const newPage = (options = {}) => openPage(browser, pageErrors, options);

  /** The newest emailed signing code of `to`, newer than the `after` emails seen before. */
  async function signingCode(to, seen) {
    return eventually(`a signing code emailed to ${to}`, async () => {
      const all = await (await fetch(`${base}/_outbox.json`)).json();
      const mail = all.find((m) => m.to === to && /code de signature/iu.test(m.subject) && !seen.has(m.file));
      return mail?.text.match(/\b(\d{6})\b/u)?.[1];
    });
  }
  const outboxFiles = async () => new Set((await (await fetch(`${base}/_outbox.json`)).json()).map((m) => m.file));

  function pdfText(bytes) {
    return execFileSync(python, [join(here, 'pdf_text.py')], { input: bytes, encoding: 'utf-8' });
  }

  /** The whole page, and for a phone also screen-high slices (easier to look at). */
  async function shot(page, name) {
    if (!shots) return;
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    const { width, height } = page.viewportSize();
    if (width > 600) return;
    const total = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, i = 1; y < total && i <= 12; y += height, i++) {
      await page.screenshot({ path: join(shots, `${name}-${i}.png`), fullPage: true, clip: { x: 0, y, width, height: Math.min(height, total - y) } });
    }
  }

  /** Both widths of a page, then back to the desktop width. */
  async function shots2(page, name) {
    if (!shots) return;
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
  const contract = (page) => page.locator('section.project-contract');
  const history = (page) => page.locator('.timeline li').allInnerTexts();

  it('a confirmed booking opens a project, which appears live in the client’s « Mes projets »', async () => {
    client = await newPage();
    await logIn(client, base, CLIENT.email, '/reservations');
    await client.getByRole('link', { name: 'Mes projets', exact: true }).click();
    await client.waitForURL(`${base}/projets`);
    await client.getByRole('heading', { level: 1, name: 'Mes projets' }).waitFor();
    await client.getByText('Vous n’avez pas encore de projet', { exact: false }).waitFor();
    assert.deepEqual(await seriousViolations(client), []);
    await mark(client);

    const booked = await api(clientToken, 'POST', '/api/bookings', { provider_id: photoId, service: SERVICE, date: DAY, message: 'Notre mariage.' });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const confirmed = await api(photoToken, 'POST', `/api/bookings/${encodeURIComponent(booked.body.booking.id)}/answer`, { action: 'confirm' });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    projectId = confirmed.body.booking.project_id;
    assert.ok(projectId, 'the confirmed booking names its project');

    const card = client.locator('.project-card');
    await card.getByRole('link', { name: SERVICE }).waitFor();
    await client.getByRole('status').getByText(spaced(`Nouveau projet : « ${SERVICE} » \\(${PHOTO.name}\\)\\.`)).waitFor();
    await card.getByText(spaced(`Prestataire : ${PHOTO.name}`)).waitFor();
    await card.getByText(`${frDate(DAY)} (journée entière)`).waitFor();
    await card.getByText(spaced('1 800 €')).waitFor();
    await card.getByText('Confirmé', { exact: true }).waitFor();
    assert.ok(await notReloaded(client), '/projets was reloaded');
    // The status filter.
    await client.getByLabel('Statut').selectOption('confirmed');
    await client.waitForURL(`${base}/projets?statut=confirmed`);
    assert.equal(await client.locator('.project-card').count(), 1);
    assert.deepEqual(await seriousViolations(client), []);

    // « Voir le projet » on the confirmed booking.
    await client.goto(`${base}/reservations`);
    await client.getByRole('link', { name: `Voir le projet « ${SERVICE} »` }).click();
    await client.waitForURL(`${base}/projets/${projectId}`);
    await client.getByRole('heading', { level: 1, name: SERVICE }).waitFor();
    await contract(client).getByText(`${PHOTO.name} n’a pas encore envoyé de contrat`, { exact: false }).waitFor();
    assert.equal(await client.getByRole('heading', { name: 'Notes privées' }).count(), 0, 'the client sees no notes');
    assert.deepEqual(await seriousViolations(client), []);
    const seen = await api(clientToken, 'GET', `/api/projects/${projectId}`);
    assert.equal('notes' in seen.body, false, 'the API sends the client no notes');
  });

  it('the provider finds it in its pro area and in its projects', async () => {
    photo = await newPage();
    await logIn(photo, base, PHOTO.email, '/calendrier');
    await photo.getByRole('link', { name: 'Espace pro', exact: true }).click();
    await photo.waitForURL(`${base}/espace-pro`);
    await photo.getByRole('heading', { level: 1, name: 'Espace pro' }).waitFor();
    const byStatus = photo.locator('#status-confirmed');
    await byStatus.getByRole('heading', { name: 'Confirmé (1)' }).waitFor();
    await byStatus.getByRole('link', { name: SERVICE }).waitFor();
    await photo.locator('section[aria-labelledby="dash-upcoming"]').getByRole('link', { name: SERVICE }).waitFor();
    await photo.getByText('Aucun contrat à contresigner.').waitFor();
    await photo.getByRole('link', { name: 'Répondre dans le calendrier' }).waitFor();
    await photo.getByRole('link', { name: 'Répondre aux demandes' }).waitFor();
    assert.deepEqual(await seriousViolations(photo), []);
    await shots2(photo, 'espace-pro');

    await photo.getByRole('link', { name: 'Tous mes projets' }).first().click();
    await photo.waitForURL(`${base}/projets`);
    const card = photo.locator('.project-card');
    await card.getByText(spaced(`Client : ${CLIENT.name}`)).waitFor();
    await card.getByRole('link', { name: SERVICE }).click();
    await photo.waitForURL(`${base}/projets/${projectId}`);
    await photo.getByRole('heading', { level: 1, name: SERVICE }).waitFor();
  });

  it('the provider keeps private notes', async () => {
    await photo.getByRole('textbox', { name: 'Notes privées' }).fill('Prévoir le second boîtier.');
    await photo.getByRole('button', { name: 'Enregistrer les notes' }).click();
    await photo.getByText('Notes enregistrées.').waitFor();
    const mine = await api(photoToken, 'GET', `/api/projects/${projectId}`);
    assert.equal(mine.body.notes, 'Prévoir le second boîtier.');
    const theirs = await api(clientToken, 'GET', `/api/projects/${projectId}`);
    assert.equal(theirs.body.notes, undefined);
  });

  it('the provider prepares the contract from the Estrade model, edits it and sends it', async () => {
    const section = contract(photo);
    await section.getByText('Pas encore de contrat.', { exact: false }).waitFor();
    const select = section.getByLabel('Modèle');
    await select.waitFor();
    assert.match(await select.locator('option:checked').innerText(), /\(modèle Estrade\)$/u);
    assert.deepEqual(await seriousViolations(photo), []);
    await section.getByRole('button', { name: 'Préparer le contrat' }).click();
    const text = section.getByLabel('Texte du contrat');
    await text.waitFor();
    const draft = await text.inputValue();
    assert.ok(draft.includes(CLIENT.name) && draft.includes(PHOTO.name), 'the draft names both sides');
    assert.ok(!draft.includes('{{'), 'every variable is filled');
    // The client sees no draft.
    assert.equal((await api(clientToken, 'GET', `/api/projects/${projectId}/contract`)).body.contract, null);
    assert.equal((await api(clientToken, 'GET', `/api/projects/${projectId}`)).body.contract, null, 'the client’s project shows no draft');

    await text.fill(`${draft}\n\n## Clause ajoutée\n\nLe client fournit un **repas chaud** au prestataire.`);
    const preview = section.locator('.contract-preview');
    await preview.getByRole('heading', { name: 'Clause ajoutée' }).waitFor();
    await preview.locator('strong', { hasText: 'repas chaud' }).waitFor();
    await section.getByText('Modifications non enregistrées', { exact: false }).waitFor();
    await section.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await section.getByText('Brouillon enregistré.').waitFor();
    assert.deepEqual(await seriousViolations(photo), []);
    await shots2(photo, 'projet-prestataire-brouillon');

    await mark(client);
    await section.getByRole('button', { name: 'Envoyer au client' }).click();
    await section.getByText(`${CLIENT.name} le signe en premier`, { exact: false }).waitFor();
    await section.getByRole('button', { name: 'Oui, envoyer le contrat' }).click();
    await photo.getByRole('status').getByText(`Contrat envoyé à ${CLIENT.name}.`).waitFor();
    await photo.locator('.project-head').getByText('Contrat envoyé', { exact: true }).waitFor();
    const sent = await api(photoToken, 'GET', `/api/projects/${projectId}`);
    sha256 = sent.body.contract.sha256;
    assert.match(sha256, /^[0-9a-f]{64}$/u);
    assert.equal(sent.body.contract.text.endsWith('Le client fournit un **repas chaud** au prestataire.'), true, 'the edit was sent');
    await section.getByLabel('Empreinte SHA-256').getByText(sha256).waitFor();
    await section.getByText(spaced(`En attente de la signature de ${CLIENT.name}.`)).waitFor();
    await mark(photo);
  });

  it('the client sees it live and signs with the emailed code (a wrong code first)', async () => {
    const section = contract(client);
    await section.getByRole('heading', { name: 'Signer le contrat' }).waitFor();
    await client.locator('.project-head').getByText('Contrat envoyé', { exact: true }).waitFor();
    assert.ok(await notReloaded(client), 'the project page was reloaded');
    await section.getByRole('document', { name: 'Texte du contrat' }).getByRole('heading', { name: 'Clause ajoutée' }).waitFor();
    await section.getByLabel('Empreinte SHA-256').getByText(sha256).waitFor();
    // The client's look is in the audit trail.
    await eventually('the client’s look in the audit trail', async () => {
      const { body } = await api(photoToken, 'GET', `/api/projects/${projectId}`);
      return body.contract.audit.some((e) => e.action === 'viewed' && e.actor === 'client');
    });

    // What is missing is said before anything is sent.
    await section.getByRole('button', { name: 'Signer', exact: true }).click();
    await section.getByText('Tapez votre nom complet.').waitFor();
    await section.getByText('Cochez la case pour donner votre accord.').waitFor();
    await section.getByText('Saisissez les 6 chiffres du code reçu par email.').waitFor();

    const code = section.getByLabel('Code reçu par email (6 chiffres)');
    assert.equal(await code.getAttribute('inputmode'), 'numeric');
    assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
    await section.getByLabel('Votre nom complet').fill(CLIENT.name);
    await section.getByLabel('Je reconnais avoir lu', { exact: false }).check();
    const before = await outboxFiles();
    await section.getByRole('button', { name: 'Recevoir mon code par email' }).click();
    await section.getByText('Code envoyé à votre adresse email', { exact: false }).waitFor();
    const right = await signingCode(CLIENT.email, before);
    const wrong = right === '000000' ? '111111' : '000000';
    await code.fill(wrong);
    await section.getByRole('button', { name: 'Signer', exact: true }).click();
    await section.getByRole('alert').getByText(spaced('Code incorrect : il vous reste 4 essais.')).waitFor();
    assert.deepEqual(await seriousViolations(client), []);
    await shots2(client, 'projet-client-signature');

    await code.fill(right);
    await section.getByRole('button', { name: 'Signer', exact: true }).click();
    await client.getByRole('status').getByText(`Contrat signé. ${PHOTO.name} va maintenant le contresigner.`).waitFor();
    await section.getByText(spaced(`En attente de la contresignature de ${PHOTO.name}.`)).waitFor();
    await section.locator('.signatures').getByText(new RegExp(`^${CLIENT.name}, le `, 'u')).waitFor();
    assert.equal(await section.getByRole('heading', { name: 'Signer le contrat' }).count(), 0);
  });

  it('the provider sees the signature live and countersigns with its own code', async () => {
    const section = contract(photo);
    await section.getByRole('heading', { name: 'Contresigner le contrat' }).waitFor();
    assert.ok(await notReloaded(photo), 'the project page was reloaded');
    await section.locator('.signatures').getByText(new RegExp(`^${CLIENT.name}, le `, 'u')).waitFor();
    await section.getByLabel('Votre nom complet').fill(PHOTO.signer);
    await section.getByLabel('Je reconnais avoir lu', { exact: false }).check();
    const before = await outboxFiles();
    await section.getByRole('button', { name: 'Recevoir mon code par email' }).click();
    await section.getByText('Code envoyé à votre adresse email', { exact: false }).waitFor();
    await section.getByLabel('Code reçu par email (6 chiffres)').fill(await signingCode(PHOTO.email, before));
    assert.deepEqual(await seriousViolations(photo), []);
    await section.getByRole('button', { name: 'Contresigner', exact: true }).click();
    await photo.getByRole('status').getByText('Contrat contresigné : il est signé par les deux parties.', { exact: false }).waitFor();
    await photo.locator('.project-head').getByText('Contrat signé', { exact: true }).waitFor();
    await section.locator('.signatures').getByText(new RegExp(`^${PHOTO.signer}, le `, 'u')).waitFor();
  });

  it('both sides see the signed PDF become ready, live', async () => {
    for (const page of [photo, client]) {
      const section = contract(page);
      const ready = section.getByRole('button', { name: 'Télécharger le PDF signé' });
      if ((await ready.count()) === 0) {
        // Not rendered yet: the page says so, then switches without a reload.
        await section.getByText('PDF en préparation…').or(ready).first().waitFor();
      }
      await ready.waitFor({ timeout: PDF_TIMEOUT });
      await section.getByText('Empreinte SHA-256 du PDF').waitFor();
      assert.ok(await notReloaded(page), 'the project page was reloaded');
    }
    await client.locator('.project-head').getByText('Contrat signé', { exact: true }).waitFor();
    assert.deepEqual(await seriousViolations(client), []);
    assert.deepEqual(await seriousViolations(photo), []);
  });

  it('each side downloads the PDF: both names and the contract’s SHA-256 are in it', async () => {
    const texts = [];
    let hash;
    for (const token of [clientToken, photoToken]) {
      const answer = await api(token, 'POST', `/api/projects/${projectId}/contract/pdf`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.ok(answer.body.expires_in > 0 && answer.body.expires_in <= 300);
      const file = await fetch(new URL(answer.body.url, base));
      assert.equal(file.status, 200);
      const bytes = Buffer.from(await file.arrayBuffer());
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.equal(createHash('sha256').update(bytes).digest('hex'), answer.body.sha256, 'the PDF’s SHA-256 is the one given');
      hash ??= answer.body.sha256;
      assert.equal(answer.body.sha256, hash, 'both sides get the same file');
      pdfBytes = bytes;
      texts.push(pdfText(bytes));
    }
    for (const text of texts) {
      assert.ok(text.includes(CLIENT.name), 'the PDF names the client');
      assert.ok(text.includes(PHOTO.signer), 'the PDF names the provider’s signer');
      assert.ok(text.replace(/\s+/gu, '').includes(sha256), 'the PDF carries the contract’s SHA-256');
      assert.ok(text.includes('repas chaud'), 'the PDF holds the edited text');
    }
    // The page's own button asks for the same address.
    const asked = photo.waitForRequest((r) => r.url().endsWith(`/api/projects/${projectId}/contract/pdf`) && r.method() === 'POST');
    const download = photo.waitForEvent('download', { timeout: 10_000 }).catch(() => null);
    await contract(photo).getByRole('button', { name: 'Télécharger le PDF signé' }).click();
    await asked;
    await download;
    if (!photo.url().startsWith(`${base}/projets/`)) await photo.goto(`${base}/projets/${projectId}`);
  });

  it('the public verification page confirms the signed file and refuses another one', async () => {
    const visitor = await newPage();
    await visitor.goto(`${base}/verifier-un-contrat`);
    await visitor.getByRole('heading', { level: 1, name: 'Vérifier un contrat' }).waitFor();
    await visitor.getByLabel('Fichier PDF du contrat').setInputFiles({ name: 'contrat.pdf', mimeType: 'application/pdf', buffer: pdfBytes });
    await visitor.getByText(/^Ce document est un contrat signé sur Estrade le .+\.$/u).waitFor();
    await visitor.getByText(createHash('sha256').update(pdfBytes).digest('hex')).waitFor();
    assert.deepEqual(await seriousViolations(visitor), []);
    const other = Buffer.concat([pdfBytes, Buffer.from('\n% une ligne de plus\n')]);
    await visitor.getByLabel('Fichier PDF du contrat').setInputFiles({ name: 'autre.pdf', mimeType: 'application/pdf', buffer: other });
    await visitor.getByText('Aucun contrat signé sur Estrade ne correspond à ce fichier.').waitFor();
    // A pasted hash, in capitals with spaces.
    const hex = createHash('sha256').update(pdfBytes).digest('hex');
    await visitor.getByLabel('Empreinte SHA-256', { exact: true }).fill(hex.toUpperCase().replace(/(.{8})/gu, '$1 '));
    await visitor.getByRole('button', { name: 'Vérifier l’empreinte' }).click();
    await visitor.getByText(/^Ce document est un contrat signé sur Estrade le .+\.$/u).waitFor();
    await visitor.getByLabel('Empreinte SHA-256', { exact: true }).fill('abc');
    await visitor.getByRole('button', { name: 'Vérifier l’empreinte' }).click();
    await visitor.getByText('Une empreinte SHA-256 compte 64 caractères hexadécimaux', { exact: false }).waitFor();
    await visitor.context().close();
  });

  it('the history shows every step, and the audit trail every action', async () => {
    for (const page of [client, photo]) {
      const steps = await history(page);
      assert.equal(steps.length, 3, steps.join('\n'));
      assert.match(steps[0], spaced('Projet ouvert : Confirmé'));
      assert.match(steps[1], /Confirmé → Contrat envoyé/u);
      assert.match(steps[2], /Contrat envoyé → Contrat signé/u);
    }
    const audit = contract(client).locator('details.audit');
    await audit.locator('summary').click();
    const actions = await audit.locator('li strong').allInnerTexts();
    for (const action of ['Contrat envoyé', 'Contrat consulté', 'Code de signature envoyé', 'Signature refusée', 'Signé', 'Contresigné']) {
      assert.ok(actions.includes(action), `${action} is not in the audit trail: ${actions.join(', ')}`);
    }
    assert.deepEqual(await seriousViolations(client), []);
    await shots2(client, 'projet-client');
    await shots2(photo, 'projet-prestataire');
  });

  it('the provider moves the project on; the client sees it live', async () => {
    await mark(client);
    await photo.getByRole('button', { name: 'Passer en préparation' }).click();
    await photo.getByRole('status').getByText(spaced('Projet passé à l’étape « En préparation ».')).waitFor();
    await photo.locator('.project-head').getByText('En préparation', { exact: true }).waitFor();
    await client.locator('.project-head').getByText('En préparation', { exact: true }).waitFor();
    await client.getByRole('status').getByText(spaced('Ce projet vient de changer : En préparation.')).waitFor();
    assert.ok(await notReloaded(client), 'the project page was reloaded');
    assert.equal((await history(client)).length, 4);

    // A cancellation asks for its reason first (not sent here).
    await client.getByRole('button', { name: 'Annuler le projet' }).click();
    await client.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await client.getByText('Indiquez le motif de l’annulation.').waitFor();
    assert.deepEqual(await seriousViolations(client), []);
    await client.getByRole('button', { name: 'Revenir' }).click();
  });

  it('the client opens the conversation from the project; the provider’s pro area then lists the client with its project', async () => {
    const { body } = await api(clientToken, 'GET', `/api/projects/${projectId}`);
    await client.getByRole('link', { name: `Conversation avec ${PHOTO.name}` }).click();
    await client.waitForURL(`${base}/messages/${encodeURIComponent(body.project.conversation_id)}`);
    await client.getByRole('heading', { level: 1, name: /Claire Dubois/u }).waitFor();

    await photo.goto(`${base}/espace-pro`);
    const clients = photo.locator('section[aria-labelledby="dash-clients"]');
    await clients.getByRole('heading', { level: 3, name: CLIENT.name }).waitFor();
    await clients.getByRole('link', { name: SERVICE }).waitFor();
    await photo.locator('#status-in_preparation').getByRole('link', { name: SERVICE }).waitFor();
    assert.deepEqual(await seriousViolations(photo), []);
    await shots2(photo, 'espace-pro-clients');
  });

  it('contract templates: unknown variable refused, a variable inserted, saved, deleted', async () => {
    await photo.goto(`${base}/modeles-de-contrat`);
    await photo.getByRole('heading', { level: 1, name: 'Modèles de contrat' }).waitFor();
    await photo.getByText('Aucun modèle pour le moment', { exact: false }).waitFor();
    await photo.getByRole('button', { name: 'Nouveau modèle à partir du modèle Estrade' }).click();
    const form = photo.getByRole('form', { name: 'Nouveau modèle' });
    await form.waitFor();
    await form.getByLabel('Nom du modèle').fill('Mariage – journée');
    const body = form.getByLabel('Texte du modèle');
    assert.ok((await body.inputValue()).includes('{{client.name}}'));
    await body.fill('# Contrat\n\nEntre {{provider.name}} et {{client.phone}}.\n\nLe ');
    await form.getByText(spaced('Variable inconnue : \\{\\{client\\.phone\\}\\}\\.')).waitFor();
    await form.getByRole('button', { name: 'Enregistrer le modèle' }).click();
    await form.getByRole('alert').getByText(spaced('Variable inconnue : \\{\\{client\\.phone\\}\\}\\. Utilisez seulement celles de la liste\\.')).waitFor();
    // Clicking a variable inserts it where the cursor is (here, the end).
    await body.fill('# Contrat\n\nEntre {{provider.name}} et {{client.name}}.\n\nLe ');
    await body.press('End');
    await form.getByRole('button', { name: /^Insérer \{\{date\}\}/u }).click();
    assert.equal(await body.inputValue(), '# Contrat\n\nEntre {{provider.name}} et {{client.name}}.\n\nLe {{date}}');
    await form.locator('.template-preview').getByRole('heading', { name: 'Contrat' }).waitFor();
    assert.deepEqual(await seriousViolations(photo), []);
    await shots2(photo, 'modeles-de-contrat');
    await form.getByRole('button', { name: 'Enregistrer le modèle' }).click();
    await photo.getByRole('status').getByText(spaced('Modèle « Mariage – journée » enregistré\\.')).waitFor();
    const list = photo.locator('.template-list');
    await list.getByRole('heading', { name: 'Mariage – journée' }).waitFor();
    const saved = await api(photoToken, 'GET', '/api/me/contract-templates');
    assert.deepEqual(
      saved.body.templates.map((t) => [t.name, t.body]),
      [['Mariage – journée', '# Contrat\n\nEntre {{provider.name}} et {{client.name}}.\n\nLe {{date}}']],
    );
    await list.getByRole('button', { name: spaced('^Supprimer le modèle « Mariage – journée »$') }).click();
    await list.getByRole('button', { name: 'Oui, supprimer' }).click();
    await photo.getByText('Aucun modèle pour le moment', { exact: false }).waitFor();
  });
});
