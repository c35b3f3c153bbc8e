// Browser journey of the booking calendar (docs/CALENDAR.md, docs/API.md), against the real
// local gateway and its demo accounts, each in its own browser context: the photographer
// (photo@estrade.test) keeps its services' booking kinds through its profile form and opens
// /calendrier on the month to come; the client (camille@estrade.test) books the « Séance
// portrait » session (a free day, a free start time) and, in another week, « Reportage
// journée » with the keyboard; the provider sees both requests arrive live, confirms the
// session and declines the day; the public availability follows at once; the client sees the
// states live in /reservations; both project emails (the confirmation) carry a valid .ics; the provider's iCal
// feed, fetched over HTTP and read by PyPI's icalendar, says CONFIRMED and CANCELLED, and
// renewing its address turns the old one off. Then: a slot taken meanwhile, the rules (a
// blocked period), the invitation form's warning on the client's events on days the provider
// is not free (the taken and the blocked day; none on free days; inviting still works), a phone
// screen.
//
//   npm run build && node --test e2e/calendar.test.mjs
//
// See harness.mjs for the gateway binary and the browser; ics.py needs ../.venv (scripts/setup.sh)
// or $ESTRADE_PYTHON. With E2E_SCREENSHOTS=<folder>, the booking form and /calendrier are
// photographed at 1280 and 390 px there, and the invitation form's warning at 390 px.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  apiCall,
  apiToken,
  DEMO_PASSWORD as PASSWORD,
  eventually,
  launchBrowser,
  logIn,
  openPage,
  seriousViolations,
  startGateway,
  TIMEOUT,
} from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const python = process.env.ESTRADE_PYTHON ?? resolve(here, '../../.venv/bin/python');
const shots = process.env.E2E_SCREENSHOTS;

const CLIENT = { email: 'camille@estrade.test', name: 'Camille Roux' };
const PHOTO = { email: 'photo@estrade.test', name: 'Claire Dubois Photographie' };
const SESSION_SERVICE = 'Séance portrait';
const DAY_SERVICE = 'Reportage journée';

const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const shift = (d, days) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + days);
const utc = (day) => new Date(Date.UTC(...day.split('-').map((n, i) => Number(n) - (i === 1 ? 1 : 0))));
/** "mardi 12 janvier 2027": how the calendar names a day. */
const frDate = (day) =>
  new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(utc(day));
/** A regular expression whose spaces also match the non-breaking ones of French typography. */
const spaced = (source) => new RegExp(source.replaceAll(' ', '\\s'), 'u');
const frMonth = (day) => new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(utc(day));

// The month to come: its second Monday (a whole day, picked with the keyboard from the Saturday
// before, over the Sunday off) and the Tuesday of the week after (the session); all in one month,
// past the default notice (2 days), on working days of the default rules (Monday to Saturday).
const nextMonth = new Date(new Date().getFullYear(), new Date().getMonth() + 1, 1);
let monday = nextMonth;
while (monday.getDay() !== 1) monday = shift(monday, 1);
monday = shift(monday, 7);
const WHOLE_DAY = iso(monday);
const SATURDAY_BEFORE = iso(shift(monday, -2));
const SESSION_DAY = iso(shift(monday, 8));
const BLOCKED_DAY = iso(shift(monday, 9));
const MONTH = WHOLE_DAY.slice(0, 7);

describe('calendar: book a session and a day, answer live, availability, emails, iCal feed', { timeout: 300_000 }, () => {
  let gateway;
  let base;
  let browser;
  const pageErrors = [];
  let photoId;

  let client; // the client's tab
  let photo; // the provider's tab
  let clientToken;
  let ids; // service → booking id

  before(async () => {
    assert.ok(existsSync(python), `no Python at ${python}: run scripts/setup.sh (or set ESTRADE_PYTHON)`);
    if (shots) mkdirSync(shots, { recursive: true });
    gateway = await startGateway();
    base = gateway.base;
    browser = await launchBrowser();
    const answer = await (await fetch(`${base}/api/providers`)).json();
    photoId = answer.providers.find((p) => p.stage_name === PHOTO.name)?.id;
    assert.ok(photoId, `no demo provider "${PHOTO.name}"`);
    const profile = await (await fetch(`${base}/api/providers/${photoId}`)).json();
    const session = profile.profile.services.find((s) => s.name === SESSION_SERVICE);
    assert.deepEqual(
      session?.booking,
      { kind: 'session', minutes: 60, buffer_minutes: 30 },
      'the demo portrait is a session: use a fresh data folder (a demo folder made before the calendar lacks it)',
    );
    clientToken = await apiLogin(CLIENT.email);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await gateway?.stop();
  });

  const newPage = (options = {}) => openPage(browser, pageErrors, options);

  const apiLogin = (email) => apiToken(base, email);

  const api = (token, method, path, body) => apiCall(base, token, method, path, body);

  /** The public availability of a service on a day: `{date, free, starts?}`. */
  async function availability(service, day) {
    const url = `${base}/api/providers/${photoId}/availability?service=${encodeURIComponent(service)}&month=${day.slice(0, 7)}`;
    const answer = await (await fetch(url)).json();
    return answer.days.find((d) => d.date === day);
  }

  function ics(mode, arg, input) {
    const args = [join(here, 'ics.py'), mode, ...(arg ? [arg] : [])];
    return JSON.parse(execFileSync(python, args, { input, encoding: 'utf-8' }));
  }

  /** The whole page, and for a phone also screen-high slices (easier to look at). */
  async function shot(page, name) {
    if (!shots) return;
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    const { width, height } = page.viewportSize();
    if (width > 600) return;
    const total = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, i = 1; y < total; y += height, i++) {
      await page.screenshot({ path: join(shots, `${name}-${i}.png`), fullPage: true, clip: { x: 0, y, width, height: Math.min(height, total - y) } });
    }
  }

  /** Set before a step and checked after it: the page was not reloaded meanwhile. */
  const mark = (page) => page.evaluate(() => (window.__notReloaded = true));
  const notReloaded = (page) => page.evaluate(() => window.__notReloaded === true);
  /** How much wider than a 360 px phone screen the page is. */
  const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - 360);
  const focusedLabel = (page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));

  const bookingForm = (page, service) => page.getByRole('form', { name: `Réserver « ${service} »` });
  const card = (page, title) => page.locator('.booking-card', { has: page.getByRole('heading', { name: title, exact: true }) });

  /** Opens the booking form of `service` on the provider's page and shows the month of `day`. */
  async function openForm(page, service, day) {
    await page.getByRole('button', { name: `Réserver « ${service} »` }).click();
    const form = bookingForm(page, service);
    await form.waitFor();
    for (let i = 0; i < 3 && (await form.getByRole('grid', { name: frMonth(day) }).count()) === 0; i++) {
      await form.getByRole('button', { name: /^Mois suivant/u }).click();
    }
    await form.getByRole('grid', { name: frMonth(day) }).waitFor();
    return form;
  }

  it('the provider’s services keep their booking kind through the profile form', async () => {
    photo = await newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    await logIn(photo, base, PHOTO.email, '/profil');
    const portrait = photo.getByRole('group', { name: 'Réservation de la prestation 2' });
    await portrait.waitFor();
    assert.equal(await portrait.getByRole('radio', { name: 'Séance' }).isChecked(), true);
    assert.equal(await portrait.getByLabel('Durée de la séance').inputValue(), '60');
    assert.equal(await portrait.getByLabel('Battement après la séance').inputValue(), '30');
    assert.equal(await portrait.getByRole('checkbox', { name: 'Réservation immédiate' }).isChecked(), false);
    const day = photo.getByRole('group', { name: 'Réservation de la prestation 1' });
    assert.equal(await day.getByRole('radio', { name: 'Journée entière' }).isChecked(), true);
    assert.equal(await day.getByLabel('Durée de la séance').count(), 0, 'no length for a whole day');
    assert.deepEqual(await seriousViolations(photo), []);
    await photo.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await photo.getByText('Profil enregistré.').waitFor();
    const saved = await (await fetch(`${base}/api/providers/${photoId}`)).json();
    assert.deepEqual(
      saved.profile.services.map((s) => [s.name, s.booking, s.instant]),
      [
        [DAY_SERVICE, { kind: 'whole_day' }, false],
        [SESSION_SERVICE, { kind: 'session', minutes: 60, buffer_minutes: 30 }, false],
      ],
    );
  });

  it('the provider opens its calendar on the month to come', async () => {
    await photo.getByRole('link', { name: 'Calendrier', exact: true }).click();
    await photo.waitForURL(`${base}/calendrier`);
    await photo.getByRole('heading', { level: 1, name: 'Calendrier' }).waitFor();
    for (let i = 0; i < 3 && (await photo.getByRole('grid', { name: frMonth(WHOLE_DAY) }).count()) === 0; i++) {
      await photo.getByRole('button', { name: /^Mois suivant/u }).click();
    }
    await photo.getByRole('heading', { level: 2, name: `Réservations de ${frMonth(WHOLE_DAY)}` }).waitFor();
    await photo.getByText('Aucune réservation ce mois-ci.').waitFor();
    // Sundays are days off by default, and say so.
    const sunday = iso(shift(monday, -1));
    assert.match(await photo.locator(`[data-day="${sunday}"]`).getAttribute('class'), /\bday-off\b/u);
    await photo.getByRole('button', { name: `${frDate(sunday)}, repos ou indisponible`, exact: true }).waitFor();
    assert.deepEqual(await seriousViolations(photo), []);
    await mark(photo);
  });

  it('the client books the portrait session: a free day, a free start time', async () => {
    client = await newPage();
    await logIn(client, base, CLIENT.email, `/prestataires/${photoId}`);
    await client.getByRole('heading', { level: 1, name: PHOTO.name }).waitFor();
    const form = await openForm(client, SESSION_SERVICE, SESSION_DAY);
    await form.getByText('Séance de 1 h · 350 € · sur demande : Claire Dubois Photographie confirme ou décline').waitFor();
    // A Sunday is disabled; a working day is not.
    assert.equal(await form.getByRole('button', { name: frDate(iso(shift(monday, 6))) + ', indisponible', exact: true }).isDisabled(), true);
    // Sending without a date says what is missing.
    await form.getByRole('button', { name: 'Envoyer la demande de réservation' }).click();
    await form.getByText('Choisissez une date libre dans le calendrier.').waitFor();

    await form.getByRole('button', { name: frDate(SESSION_DAY), exact: true }).click();
    await form.getByText(`Date choisie : ${frDate(SESSION_DAY)}`).waitFor();
    const starts = form.getByRole('group', { name: 'Heure de début' });
    await starts.getByRole('radio', { name: '09:00' }).waitFor();
    assert.equal(await starts.getByRole('radio', { name: '18:00' }).count(), 1, 'the last start ends by 19:00');
    assert.equal(await starts.getByRole('radio', { name: '18:30' }).count(), 0);
    await form.getByRole('button', { name: 'Envoyer la demande de réservation' }).click();
    await form.getByText('Choisissez une heure de début.').waitFor();
    await starts.getByRole('radio', { name: '10:00' }).check();
    await form.getByLabel('Votre message (facultatif)').fill('Un portrait de famille, avec notre chien.');
    assert.deepEqual(await seriousViolations(client), []);
    await shot(client, 'booking-form-1280');
    await form.getByRole('button', { name: 'Envoyer la demande de réservation' }).click();

    const done = client.getByText(
      spaced(
        `^Demande envoyée à ${PHOTO.name} : « ${SESSION_SERVICE} » le ${frDate(SESSION_DAY)}, 10:00 – 11:00\\. ` +
          'La date est bloquée pour vous, en attente de confirmation jusqu’au .+ au plus tard ; sans réponse d’ici là, elle sera libérée\\.$',
      ),
    );
    await done.waitFor();
    await client.getByRole('link', { name: 'Voir mes réservations' }).waitFor();

    // The provider hears it at once, without reloading.
    await photo.getByRole('status').getByText(`Nouvelle demande de ${CLIENT.name} : « ${SESSION_SERVICE} » le ${frDate(SESSION_DAY)}, 10:00 – 11:00.`).waitFor();
    const held = card(photo, `${SESSION_SERVICE} – ${CLIENT.name}`);
    await held.getByText('En attente', { exact: true }).waitFor();
    await held.getByText('Un portrait de famille, avec notre chien.').waitFor();
    assert.ok(await notReloaded(photo), 'the calendar was reloaded');

    // The held slot (and what its session and buffer would reach) is no longer offered.
    await client.getByRole('button', { name: 'Réserver une autre date' }).click();
    await form.getByRole('button', { name: frDate(SESSION_DAY), exact: true }).click();
    await starts.getByRole('radio', { name: '11:30' }).waitFor();
    for (const taken of ['09:00', '09:30', '10:00', '10:30', '11:00']) {
      assert.equal(await starts.getByRole('radio', { name: taken }).count(), 0, `${taken} is still offered`);
    }
    const day = await availability(SESSION_SERVICE, SESSION_DAY);
    assert.equal(day.free, true);
    assert.equal(day.starts.includes('10:00'), false);
    assert.equal((await availability(DAY_SERVICE, SESSION_DAY)).free, false, 'a day with a session is not free for a whole day');
  });

  it('the client books a whole day in another week, with the keyboard', async () => {
    await client.getByRole('button', { name: `Réserver « ${SESSION_SERVICE} »` }).click(); // closes the other form
    const form = await openForm(client, DAY_SERVICE, WHOLE_DAY);
    await form.getByText('Journée entière · 1 800 € · sur demande', { exact: false }).waitFor();
    // The Saturday, then → skips the Sunday off and lands on the Monday; Enter picks it.
    await form.getByRole('button', { name: frDate(SATURDAY_BEFORE), exact: true }).click();
    await form.getByText(`Date choisie : ${frDate(SATURDAY_BEFORE)}`).waitFor();
    await client.keyboard.press('ArrowRight');
    assert.equal(await focusedLabel(client), frDate(WHOLE_DAY));
    await client.keyboard.press('Enter');
    await form.getByText(`Date choisie : ${frDate(WHOLE_DAY)}`).waitFor();
    assert.equal(await form.getByRole('group', { name: 'Heure de début' }).count(), 0, 'no start time for a whole day');
    await form.getByLabel('Votre message (facultatif)').fill('Le mariage de ma sœur, à Nantes.');
    await form.getByRole('button', { name: 'Envoyer la demande de réservation' }).click();
    await client.getByText(`Demande envoyée à ${PHOTO.name} : « ${DAY_SERVICE} » le ${frDate(WHOLE_DAY)}.`, { exact: false }).waitFor();

    await photo.getByRole('status').getByText(`Nouvelle demande de ${CLIENT.name} : « ${DAY_SERVICE} » le ${frDate(WHOLE_DAY)} (journée entière).`).waitFor();
    await card(photo, `${DAY_SERVICE} – ${CLIENT.name}`).getByText('En attente', { exact: true }).waitFor();
    assert.equal((await availability(DAY_SERVICE, WHOLE_DAY)).free, false, 'a held day is taken');
    assert.equal((await availability(SESSION_SERVICE, WHOLE_DAY)).free, false, 'a day held whole has no session');

    const mine = await api(clientToken, 'GET', '/api/me/bookings');
    ids = Object.fromEntries(mine.body.bookings.map((b) => [b.service, b.id]));
    assert.ok(ids[SESSION_SERVICE] && ids[DAY_SERVICE]);
  });

  it('the provider’s month marks both requests, with their labels', async () => {
    for (const day of [SESSION_DAY, WHOLE_DAY]) {
      assert.match(await photo.locator(`[data-day="${day}"]`).getAttribute('class'), /\bday-held\b/u);
      await photo.getByRole('button', { name: `${frDate(day)}, 1 demande en attente`, exact: true }).waitFor();
    }
    // A day picked shows only its bookings.
    await photo.getByRole('button', { name: `${frDate(WHOLE_DAY)}, 1 demande en attente`, exact: true }).click();
    await photo.getByRole('heading', { level: 2, name: `Réservations du ${frDate(WHOLE_DAY)}` }).waitFor();
    assert.equal(await photo.locator('.booking-card').count(), 1);
    await photo.getByRole('button', { name: 'Voir tout le mois' }).click();
    await photo.getByRole('heading', { level: 2, name: `Réservations de ${frMonth(WHOLE_DAY)}` }).waitFor();
    assert.equal(await photo.locator('.booking-card').count(), 2);
    assert.deepEqual(await seriousViolations(photo), []);
    await shot(photo, 'calendrier-1280');
    assert.ok(await notReloaded(photo), 'the calendar was reloaded');
  });

  it('the client follows its bookings in « Mes réservations »', async () => {
    await client.getByRole('link', { name: 'Mes réservations', exact: true }).click();
    await client.waitForURL(`${base}/reservations`);
    await client.getByRole('heading', { level: 1, name: 'Mes réservations' }).waitFor();
    await client.getByRole('heading', { level: 2, name: 'À venir' }).waitFor();
    const titles = await client.locator('.booking-card h3').allInnerTexts();
    assert.deepEqual(titles, [DAY_SERVICE, SESSION_SERVICE], 'soonest first');
    for (const service of [SESSION_SERVICE, DAY_SERVICE]) {
      const item = card(client, service);
      await item.getByText('En attente', { exact: true }).waitFor();
      await item.getByText(/^En attente de confirmation par Claire Dubois Photographie, jusqu’au .+ au plus tard\./u).waitFor();
    }
    assert.deepEqual(await seriousViolations(client), []);
    await mark(client);
  });

  it('the provider confirms the session and declines the day; availability follows at once', async () => {
    const session = card(photo, `${SESSION_SERVICE} – ${CLIENT.name}`);
    await session.getByRole('button', { name: 'Confirmer', exact: true }).click();
    await photo.getByText(`Réservation confirmée : ${CLIENT.name} est prévenu·e par e-mail.`).waitFor();
    await session.getByText('Confirmée', { exact: true }).waitFor();
    assert.match(await photo.locator(`[data-day="${SESSION_DAY}"]`).getAttribute('class'), /\bday-confirmed\b/u);

    const whole = card(photo, `${DAY_SERVICE} – ${CLIENT.name}`);
    await whole.getByRole('button', { name: 'Décliner', exact: true }).click();
    await whole.getByLabel('Motif (facultatif)').fill('Déjà réservée pour un autre mariage ce jour-là, désolée !');
    assert.deepEqual(await seriousViolations(photo), []);
    await whole.getByRole('button', { name: 'Confirmer : je décline' }).click();
    await whole.getByText('Déclinée', { exact: true }).waitFor();
    await whole.getByText('Motif : Déjà réservée pour un autre mariage ce jour-là, désolée !').waitFor();
    assert.doesNotMatch(await photo.locator(`[data-day="${WHOLE_DAY}"]`).getAttribute('class'), /\bday-held\b/u);
    assert.equal(await whole.getByRole('button', { name: 'Confirmer', exact: true }).count(), 0);

    // The public availability, read right after: the confirmed slot stays taken, the declined day is free again.
    const session2 = await availability(SESSION_SERVICE, SESSION_DAY);
    assert.equal(session2.starts.includes('10:00'), false, 'the confirmed slot is offered');
    assert.equal(session2.starts.includes('11:30'), true);
    assert.equal((await availability(DAY_SERVICE, WHOLE_DAY)).free, true, 'the declined day is not offered again');
    assert.equal((await availability(SESSION_SERVICE, WHOLE_DAY)).starts.includes('10:00'), true);
    assert.ok(await notReloaded(photo));
  });

  it('the client sees both answers live', async () => {
    await card(client, SESSION_SERVICE).getByText('Confirmée', { exact: true }).waitFor();
    await card(client, SESSION_SERVICE).getByText(`${PHOTO.name} a confirmé votre réservation.`).waitFor();
    const declined = card(client, DAY_SERVICE);
    await declined.getByText('Déclinée', { exact: true }).waitFor();
    await declined.getByText('Motif : Déjà réservée pour un autre mariage ce jour-là, désolée !').waitFor();
    await client.getByRole('status').getByText(`${PHOTO.name} a décliné « ${DAY_SERVICE} » le ${frDate(WHOLE_DAY)} (journée entière).`).waitFor();
    assert.equal(await declined.getByRole('button', { name: 'Annuler la réservation' }).count(), 0);
    assert.equal(await card(client, SESSION_SERVICE).getByRole('button', { name: 'Annuler la réservation' }).count(), 1);
    assert.ok(await notReloaded(client), '/reservations was reloaded');
    assert.deepEqual(await seriousViolations(client), []);
  });

  it('the confirmation opens a project, whose emails carry a valid .ics, to both sides', async () => {
    const opened = (m) => m.subject.startsWith('Projet confirmé') && m.subject.includes(SESSION_SERVICE);
    const mails = await eventually('the project emails in /_outbox.json', async () => {
      const all = await (await fetch(`${base}/_outbox.json`)).json();
      const confirmed = all.filter(opened);
      return confirmed.some((m) => m.to === CLIENT.email) && confirmed.some((m) => m.to === PHOTO.email) && all;
    });
    for (const who of [CLIENT.email, PHOTO.email]) {
      const mail = mails.find((m) => m.to === who && opened(m));
      assert.match(mail.text, new RegExp(`${base}/projets/[0-9a-f]{32}`, 'u'), `the email to ${who} links to the project`);
      const parts = ics('eml', join(gateway.dataDir, 'outbox', mail.file));
      assert.equal(parts.length, 1, `one calendar attachment for ${who}`);
      const [part] = parts;
      assert.match(part.filename, /\.ics$/u);
      assert.equal(part.disposition, 'attachment');
      assert.equal(part.events.length, 1);
      const [event] = part.events;
      assert.equal(event.uid, `${ids[SESSION_SERVICE]}@estrade`);
      assert.equal(event.status, 'CONFIRMED');
      assert.equal(event.all_day, false);
      assert.equal(new Date(event.end) - new Date(event.start), 60 * 60 * 1000, 'a one-hour session');
      assert.match(event.summary, new RegExp(SESSION_SERVICE, 'u'));
    }
    // The other emails of the journey: each request to the provider, the decline to the client.
    const requests = mails.filter((m) => m.to === PHOTO.email && m.subject.startsWith(`Demande de réservation de ${CLIENT.name}`));
    assert.equal(requests.length, 2);
    assert.ok(requests.every((m) => m.text.includes(`${base}/calendrier`)));
    assert.ok(mails.some((m) => m.to === CLIENT.email && m.subject.startsWith(`${PHOTO.name} a décliné votre demande`) && m.text.includes(`${base}/reservations`)));
  });

  it('the provider subscribes to its iCal feed, read by a real parser, and renews it', async () => {
    await photo.getByRole('heading', { level: 2, name: 'Abonnement iCal' }).waitFor();
    await photo.getByRole('button', { name: 'Obtenir mon adresse d’abonnement' }).click();
    await photo.getByText('Votre adresse d’abonnement est prête : copiez-la dans votre agenda.').waitFor();
    const address = photo.getByLabel('Adresse d’abonnement iCal');
    const first = await address.inputValue();
    assert.match(first, new RegExp(`^${base}/api/calendar/${photoId}\\.[^/]+\\.ics$`, 'u'));
    await photo.getByRole('button', { name: 'Copier l’adresse' }).click();
    await photo.getByText('Adresse copiée dans le presse-papiers.').waitFor();
    assert.equal(await photo.evaluate(() => navigator.clipboard.readText()), first);
    assert.deepEqual(await seriousViolations(photo), []);

    const feed = await fetch(first);
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get('content-type'), /^text\/calendar/u);
    const events = ics('feed', null, await feed.text());
    const byUid = Object.fromEntries(events.map((e) => [e.uid, e]));
    const session = byUid[`${ids[SESSION_SERVICE]}@estrade`];
    const whole = byUid[`${ids[DAY_SERVICE]}@estrade`];
    assert.equal(session?.status, 'CONFIRMED');
    assert.equal(whole?.status, 'CANCELLED');
    assert.equal(whole.all_day, true);
    assert.equal(whole.start, WHOLE_DAY);
    assert.ok(session.sequence >= 1 && whole.sequence >= 1, 'each answer raises the SEQUENCE');

    await photo.getByRole('button', { name: 'Renouveler l’adresse' }).click();
    await photo.getByText('L’adresse actuelle cessera de fonctionner', { exact: false }).waitFor();
    await photo.getByRole('button', { name: 'Oui, renouveler l’adresse' }).click();
    await photo.getByText('Nouvelle adresse créée : l’ancienne ne fonctionne plus.').waitFor();
    const second = await address.inputValue();
    assert.notEqual(second, first);
    assert.equal((await fetch(first)).status, 404, 'the old address still works');
    const renewed = await fetch(second);
    assert.equal(renewed.status, 200);
    assert.equal(ics('feed', null, await renewed.text()).length, events.length);
  });

  it('a slot taken meanwhile is explained; the client cancels that booking, the provider hears it', async () => {
    await client.goto(`${base}/prestataires/${photoId}`);
    const form = await openForm(client, SESSION_SERVICE, WHOLE_DAY);
    await form.getByRole('button', { name: frDate(WHOLE_DAY), exact: true }).click();
    const starts = form.getByRole('group', { name: 'Heure de début' });
    await starts.getByRole('radio', { name: '14:00' }).check();
    // Someone takes it first (here the same client, through the API).
    const other = await api(clientToken, 'POST', '/api/bookings', { provider_id: photoId, service: SESSION_SERVICE, date: WHOLE_DAY, start: '14:00' });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    await form.getByRole('button', { name: 'Envoyer la demande de réservation' }).click();
    await form.getByRole('alert').getByText('Ce créneau vient d’être pris : choisissez une autre heure.').waitFor();
    await eventually('14:00 to leave the start times', async () => (await starts.getByRole('radio', { name: '14:00' }).count()) === 0);
    await starts.getByRole('radio', { name: '16:00' }).waitFor();
    assert.deepEqual(await seriousViolations(client), []);

    // The client cancels it from « Mes réservations », with a reason.
    await mark(photo);
    await client.getByRole('link', { name: 'Mes réservations', exact: true }).click();
    const extra = client.locator('.booking-card', { hasText: `${frDate(WHOLE_DAY)}, 14:00 – 15:00` });
    await extra.getByText('En attente', { exact: true }).waitFor();
    await extra.getByRole('button', { name: 'Annuler la réservation' }).click();
    const confirm = extra.getByRole('button', { name: 'Confirmer l’annulation' });
    assert.equal(await confirm.isDisabled(), true, 'a cancellation needs a reason');
    await extra.getByLabel('Motif de l’annulation').fill('Réservé deux fois par erreur.');
    assert.deepEqual(await seriousViolations(client), []);
    await confirm.click();
    await extra.getByText('Annulée', { exact: true }).waitFor();
    await extra.getByText('Vous avez annulé cette réservation.').waitFor();
    await extra.getByText('Motif : Réservé deux fois par erreur.').waitFor();
    await client.getByText(`Réservation annulée : « ${SESSION_SERVICE} » du ${frDate(WHOLE_DAY)}, 14:00 – 15:00.`).waitFor();
    await photo.getByRole('status').getByText(`${CLIENT.name} a annulé « ${SESSION_SERVICE} » du ${frDate(WHOLE_DAY)}, 14:00 – 15:00.`).waitFor();
    assert.ok(await notReloaded(photo));
    assert.equal((await availability(SESSION_SERVICE, WHOLE_DAY)).starts.includes('14:00'), true, 'the cancelled slot is free again');
  });

  it('the provider blocks a period: the day is off in its month and in the availability', async () => {
    const rules = photo.getByRole('heading', { level: 2, name: 'Disponibilités' });
    await rules.scrollIntoViewIfNeeded();
    await photo.getByRole('button', { name: 'Ajouter une période bloquée' }).click();
    await photo.getByLabel('Période 1 : du').fill(BLOCKED_DAY);
    await photo.getByLabel('Période 1 : au').fill(BLOCKED_DAY);
    await photo.getByLabel('Période 1 : note (facultatif)').fill('Salon du mariage');
    await photo.getByLabel('Réservable jusqu’à (jours)').fill('1');
    await photo.getByRole('button', { name: 'Enregistrer les disponibilités' }).click();
    await photo.getByText('Doit dépasser le délai minimal.').waitFor();
    assert.equal(await photo.getByLabel('Réservable jusqu’à (jours)').getAttribute('aria-invalid'), 'true');
    await photo.getByLabel('Réservable jusqu’à (jours)').fill('365');
    assert.deepEqual(await seriousViolations(photo), []);
    await photo.getByRole('button', { name: 'Enregistrer les disponibilités' }).click();
    await photo.getByText('Disponibilités enregistrées.').waitFor();
    await eventually('the blocked day marked off', async () => /\bday-off\b/u.test(await photo.locator(`[data-day="${BLOCKED_DAY}"]`).getAttribute('class')));
    assert.equal((await availability(SESSION_SERVICE, BLOCKED_DAY)).free, false);
    const saved = await api(await apiLogin(PHOTO.email), 'GET', `/api/me/calendar?month=${MONTH}`);
    assert.deepEqual(saved.body.rules.blocked, [{ from: BLOCKED_DAY, to: BLOCKED_DAY, note: 'Salon du mariage' }]);
    assert.equal(saved.body.rules.horizon_days, 365);
  });

  it('the invitation form warns of the events on a day the provider is not free, and still invites', async () => {
    // The client's events: on the day of the confirmed session (taken), on the blocked day, on the
    // declined day (free again), and on a Monday of the month after (free).
    const LATER_DAY = iso(shift(monday, 35));
    const LATER_MONTH = LATER_DAY.slice(0, 7);
    assert.notEqual(LATER_MONTH, MONTH);
    const events = {};
    for (const [name, date] of [
      ['Anniversaire de Léa', SESSION_DAY],
      ['Salon des mariés', BLOCKED_DAY],
      ['Fête des voisins', WHOLE_DAY],
      ['Baptême de Jules', LATER_DAY],
    ]) {
      const made = await api(clientToken, 'POST', '/api/events', { name, date, city: 'Orléans', needs: ['photo'] });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      events[name] = made.body.event.id;
    }
    // What the form reads: whole days, without a service.
    const whole = async (month) => (await (await fetch(`${base}/api/providers/${photoId}/availability?month=${month}`)).json()).days;
    const days = Object.fromEntries((await whole(MONTH)).map((d) => [d.date, d.free]));
    assert.deepEqual([days[SESSION_DAY], days[BLOCKED_DAY], days[WHOLE_DAY]], [false, false, true]);

    const read = [];
    client.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === `/api/providers/${photoId}/availability` && !url.searchParams.has('service')) read.push(url.searchParams.get('month'));
    });
    await client.goto(`${base}/prestataires/${photoId}`);
    await client.getByRole('heading', { level: 1, name: PHOTO.name }).waitFor();
    await client.getByRole('button', { name: 'Inviter à un événement' }).click();
    const select = client.getByLabel('Événement', { exact: true });
    const option = (name) => select.locator(`option[value="${events[name]}"]`);
    await eventually('the busy events marked in the list', async () => /indisponible ce jour-là$/u.test(await option('Anniversaire de Léa').innerText()));
    assert.match(await option('Salon des mariés').innerText(), /^Salon des mariés \(.+\) – indisponible ce jour-là$/u);
    for (const name of ['Fête des voisins', 'Baptême de Jules']) assert.doesNotMatch(await option(name).innerText(), /indisponible/u, name);
    assert.deepEqual([...read].sort(), [MONTH, LATER_MONTH], 'each month of the events read once');

    const warning = client.getByText(`${PHOTO.name} n’est pas disponible ce jour-là.`, { exact: true });
    assert.equal(await warning.count(), 0, 'a warning before any event is chosen');
    await select.selectOption(events['Anniversaire de Léa']);
    await warning.waitFor();
    await client.getByText(spaced('Vous pouvez quand même envoyer la demande : le prestataire reste libre de l’accepter\\.')).waitFor();
    assert.equal(await select.getAttribute('aria-describedby'), 'invite-event-busy');
    assert.match(await client.locator('#invite-event-busy').innerText(), new RegExp(`^${PHOTO.name} n’est pas disponible ce jour-là\\.`, 'u'));
    assert.deepEqual(await seriousViolations(client), []);

    for (const name of ['Fête des voisins', 'Baptême de Jules']) {
      await select.selectOption(events[name]);
      await eventually(`no warning for « ${name} »`, async () => (await warning.count()) === 0);
      assert.equal(await select.getAttribute('aria-describedby'), null);
    }
    await select.selectOption(events['Salon des mariés']);
    await warning.waitFor();

    // Inviting stays possible: the provider may still accept.
    await select.selectOption(events['Anniversaire de Léa']);
    assert.equal(await client.getByLabel('Besoin', { exact: true }).inputValue(), 'photo');
    await client.getByLabel('Votre message').fill('Des photos de l’anniversaire, si vous pouvez vous libérer ?');
    await client.getByRole('button', { name: 'Envoyer la demande' }).click();
    await client.getByText(`Demande envoyée à ${PHOTO.name} pour « photo » (Anniversaire de Léa).`).waitFor();
    await warning.waitFor();
    assert.equal(read.length, 2, 'the months were read again');

    // At 390 px: the warning fits (and is photographed with E2E_SCREENSHOTS).
    const small = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await logIn(small, base, CLIENT.email, `/prestataires/${photoId}?evenement=${events['Salon des mariés']}`);
    await small.getByText(`${PHOTO.name} n’est pas disponible ce jour-là.`, { exact: true }).waitFor();
    assert.ok((await small.evaluate(() => document.documentElement.scrollWidth - 390)) <= 0, 'the invitation form is wider than the screen');
    await small.getByText(`${PHOTO.name} n’est pas disponible ce jour-là.`, { exact: true }).scrollIntoViewIfNeeded();
    await shot(small, 'invite-busy-390');
    await small.context().close();
  });

  it('fits a phone screen', async () => {
    const phone = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await logIn(phone, base, CLIENT.email, `/prestataires/${photoId}`);
    const form = await openForm(phone, SESSION_SERVICE, SESSION_DAY);
    await form.getByRole('button', { name: frDate(SESSION_DAY), exact: true }).tap();
    await form.getByRole('radio', { name: '11:30' }).waitFor();
    assert.ok((await overflow(phone)) <= 0, 'the booking form is wider than the screen');
    await phone.goto(`${base}/reservations`);
    await card(phone, SESSION_SERVICE).first().waitFor();
    assert.ok((await overflow(phone)) <= 0, '/reservations is wider than the screen');
    await phone.context().close();

    const providerPhone = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await logIn(providerPhone, base, PHOTO.email, '/calendrier');
    await providerPhone.getByRole('heading', { level: 2, name: 'Disponibilités' }).waitFor();
    assert.ok((await overflow(providerPhone)) <= 0, '/calendrier is wider than the screen');
    await providerPhone.context().close();

    if (shots) {
      const small = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await logIn(small, base, CLIENT.email, `/prestataires/${photoId}`);
      const smallForm = await openForm(small, SESSION_SERVICE, SESSION_DAY);
      await smallForm.getByRole('button', { name: frDate(SESSION_DAY), exact: true }).tap();
      await smallForm.getByRole('radio', { name: '11:30' }).waitFor();
      await shot(small, 'booking-form-390');
      await small.context().close();
      const smallProvider = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await logIn(smallProvider, base, PHOTO.email, '/calendrier');
      await smallProvider.getByRole('button', { name: /^Mois suivant/u }).tap();
      await card(smallProvider, `${SESSION_SERVICE} – ${CLIENT.name}`).first().waitFor();
      await shot(smallProvider, 'calendrier-390');
      await smallProvider.context().close();
    }
  });

  it('had no uncaught error in the pages', () => {
    assert.deepEqual(pageErrors, []);
  });
});
