// Browser journey of the imported calendars (docs/CALENDAR.md « Imported calendars »), against
// the real local gateway started with --loopback-calendars (plain http on 127.0.0.1 allowed,
// tests only) and a tiny calendar server of this test: the photographer (photo@estrade.test)
// adds its other calendar's address in /calendrier (after two refused ones, explained in
// French); a sync (POST /_calendar-sync) reads its all-day event: the day is marked busy in the
// month and no longer free in the public availability; the calendar server fails (500): the
// error shows, the day stays blocked; « Retirer » frees the day. A phone screen too.
//
//   npm run build && node --test e2e/calendar-import.test.mjs
//
// See harness.mjs for the gateway binary and the browser. With E2E_SCREENSHOTS=<folder>, the
// section with its failed calendar is photographed there at 360 px.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  launchBrowser,
  logIn,
  openPage,
  seriousViolations,
  startGateway,
  TIMEOUT,
} from './harness.mjs';

const shots = process.env.E2E_SCREENSHOTS;
const PHOTO = { email: 'photo@estrade.test', name: 'Claire Dubois Photographie' };
const DAY_SERVICE = 'Reportage journée';

const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const shift = (d, days) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + days);
const utc = (day) => new Date(Date.UTC(...day.split('-').map((n, i) => Number(n) - (i === 1 ? 1 : 0))));
/** "mercredi 14 janvier 2027": how the calendar names a day. */
const frDate = (day) =>
  new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(utc(day));
const frMonth = (day) => new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(utc(day));
/** A regular expression whose spaces also match the non-breaking ones of French typography. */
const spaced = (source) => new RegExp(source.replaceAll(' ', '\\s'), 'u');

// A Wednesday about five weeks ahead (a working day of the default rules, past the notice).
let wednesday = shift(new Date(), 35);
while (wednesday.getDay() !== 3) wednesday = shift(wednesday, 1);
const BUSY_DAY = iso(wednesday);
const NEXT_DAY = iso(shift(wednesday, 1));
const compact = (day) => day.replaceAll('-', '');

/** A calendar with one all-day event on BUSY_DAY (RFC 5545, CRLF lines). */
const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Estrade e2e//agenda//FR',
  'BEGIN:VEVENT',
  'UID:salon-e2e@estrade.test',
  'DTSTAMP:20260101T000000Z',
  `DTSTART;VALUE=DATE:${compact(BUSY_DAY)}`,
  `DTEND;VALUE=DATE:${compact(NEXT_DAY)}`,
  'SUMMARY:Salon de la photo',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/** The other calendar of the provider: /agenda.ics, 200 with ICS, or 500 once `failing`. */
function startCalendarServer() {
  const state = { failing: false, hits: 0 };
  const server = createServer((req, res) => {
    if (req.url !== '/agenda.ics') {
      res.writeHead(404).end();
      return;
    }
    state.hits += 1;
    if (state.failing) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('boom');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/calendar; charset=utf-8' }).end(ICS);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      ok({
        state,
        url: `http://127.0.0.1:${port}/agenda.ics`,
        shown: `127.0.0.1:${port}/agenda.ics`,
        stop: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

describe('calendar: an imported calendar blocks its busy days until it is removed', { timeout: 180_000 }, () => {
  let gateway;
  let base;
  let browser;
  let calendar;
  let photo;
  let photoId;
  const pageErrors = [];

  before(async () => {
    gateway = await startGateway({ args: ['--loopback-calendars'] });
    base = gateway.base;
    calendar = await startCalendarServer();
    browser = await launchBrowser();
    const answer = await (await fetch(`${base}/api/providers`)).json();
    photoId = answer.providers.find((p) => p.stage_name === PHOTO.name)?.id;
    assert.ok(photoId, `no demo provider "${PHOTO.name}"`);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await calendar?.stop();
    await gateway?.stop();
  });

  const newPage = (options = {}) => openPage(browser, pageErrors, options);

  /** Whether BUSY_DAY is free for the whole-day service in the public availability. */
  async function busyDayFree() {
    const url = `${base}/api/providers/${photoId}/availability?service=${encodeURIComponent(DAY_SERVICE)}&month=${BUSY_DAY.slice(0, 7)}`;
    const answer = await fetch(url);
    assert.equal(answer.status, 200);
    const day = (await answer.json()).days.find((d) => d.date === BUSY_DAY);
    assert.ok(day, `no ${BUSY_DAY} in the availability`);
    return day.free;
  }

  async function sync() {
    const answer = await fetch(`${base}/_calendar-sync`, { method: 'POST' });
    assert.equal(answer.status, 200);
    return (await answer.json()).synced;
  }

  /** /calendrier (re)loaded, on the month of BUSY_DAY. */
  async function openCalendar(page) {
    await page.goto(`${base}/calendrier`);
    await page.getByRole('heading', { level: 1, name: 'Calendrier' }).waitFor();
    for (let i = 0; i < 3 && (await page.getByRole('grid', { name: frMonth(BUSY_DAY) }).count()) === 0; i++) {
      await page.getByRole('button', { name: /^Mois suivant/u }).click();
    }
    await page.getByRole('grid', { name: frMonth(BUSY_DAY) }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Agendas importés' }).waitFor();
  }

  const dayClass = (page) => page.locator(`[data-day="${BUSY_DAY}"]`).getAttribute('class');
  const importCard = (page) => page.locator('.import-card', { has: page.getByRole('heading', { level: 3, name: calendar.shown, exact: true }) });
  const urlField = (page) => page.getByLabel('Adresse iCal secrète', { exact: true });

  it('the provider adds its other calendar’s address; refused ones are explained in French', async () => {
    assert.equal(await busyDayFree(), true, 'the day is not free to begin with');
    photo = await newPage();
    await logIn(photo, base, PHOTO.email, '/calendrier');
    await openCalendar(photo);
    await photo
      .getByText(
        spaced(
          '^Ajoutez l’adresse iCal secrète de vos autres agendas \\(Google Agenda, Apple Calendrier, Outlook\\) : les jours et heures où vous y êtes occupé·e ne pourront pas être réservés\\. Synchronisation toutes les 15 minutes\\.$',
        ),
      )
      .waitFor();
    await photo.getByText('Aucun agenda importé pour le moment.').waitFor();
    const add = photo.getByRole('button', { name: 'Ajouter l’agenda' });

    // Checked here: not an address at all.
    await urlField(photo).fill('mon agenda google');
    await add.click();
    await photo.getByRole('alert').getByText('Cette adresse n’est pas valide', { exact: false }).waitFor();
    assert.equal(await urlField(photo).getAttribute('aria-invalid'), 'true');
    // Refused by the server (plain http elsewhere than on loopback), in French.
    await urlField(photo).fill('http://calendar.example.com/basic.ics');
    await add.click();
    await photo.getByRole('alert').getByText('Seules les adresses sécurisées (https://) sont acceptées.').waitFor();
    assert.deepEqual(await seriousViolations(photo), []);

    await urlField(photo).fill(calendar.url);
    await add.click();
    await photo.getByText('Agenda ajouté', { exact: false }).waitFor();
    assert.equal(await urlField(photo).inputValue(), '');
    const card = importCard(photo);
    await card.getByText('Pas encore synchronisé', { exact: false }).waitFor();
    await card.getByText('aucun jour occupé', { exact: false }).waitFor();
    assert.equal(await card.locator('.notice-error').count(), 0);
    assert.equal(calendar.state.hits, 0, 'read before any sync');
    assert.equal(await busyDayFree(), true, 'blocked before any sync');
  });

  it('a sync reads it: the busy day is marked in the month and no longer free', async () => {
    assert.equal(await sync(), 1);
    assert.equal(calendar.state.hits, 1);
    assert.equal(await busyDayFree(), false, 'the busy day is still offered');

    await openCalendar(photo);
    const card = importCard(photo);
    await card.getByText(spaced('^Dernière synchronisation : .*\\d{2}:\\d{2}')).waitFor();
    await card.getByText('1 jour occupé', { exact: false }).waitFor();
    assert.equal(await card.getByText('Pas encore synchronisé').count(), 0);
    assert.equal(await card.locator('.notice-error').count(), 0, 'an error after a good sync');
    assert.match(await dayClass(photo), /\bday-imported\b/u);
    await photo.getByRole('button', { name: `${frDate(BUSY_DAY)}, occupé (agenda importé)`, exact: true }).waitFor();
    await photo.getByRole('list', { name: 'Légende du calendrier' }).getByText('Occupé (agenda importé)').waitFor();
    assert.doesNotMatch(await photo.locator(`[data-day="${NEXT_DAY}"]`).getAttribute('class'), /\bday-imported\b/u);
    assert.deepEqual(await seriousViolations(photo), []);
  });

  it('a failed sync shows its error; the day stays blocked', async () => {
    calendar.state.failing = true;
    assert.equal(await sync(), 0, 'a failed calendar counted as synced');
    assert.equal(calendar.state.hits, 2);
    assert.equal(await busyDayFree(), false, 'a failed sync freed the day');

    await openCalendar(photo);
    const card = importCard(photo);
    const problem = card.getByRole('status').filter({ hasText: spaced('^Problème à la dernière synchronisation : .*500') });
    await problem.waitFor();
    assert.ok(await problem.isVisible());
    await card.getByText(spaced('^Dernière synchronisation : ')).waitFor();
    await card.getByText('1 jour occupé', { exact: false }).waitFor();
    assert.match(await dayClass(photo), /\bday-imported\b/u);
    assert.deepEqual(await seriousViolations(photo), []);

    // A phone screen: the section and its error fit.
    const phone = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await logIn(phone, base, PHOTO.email, '/calendrier');
    await importCard(phone).getByRole('status').filter({ hasText: /500/u }).waitFor();
    assert.ok((await phone.evaluate(() => document.documentElement.scrollWidth - 360)) <= 0, '/calendrier is wider than the screen');
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await phone.locator('section[aria-labelledby="imports-title"]').screenshot({ path: join(shots, 'imports-360.png') });
    }
    await phone.context().close();
  });

  it('« Retirer » removes it, after a confirmation: the day is free again', async () => {
    const card = importCard(photo);
    await card.getByRole('button', { name: `Retirer l’agenda ${calendar.shown}` }).click();
    await card.getByText('Retirer cet agenda', { exact: false }).waitFor();
    await card.getByRole('button', { name: 'Non, le garder' }).click();
    await card.getByRole('button', { name: `Retirer l’agenda ${calendar.shown}` }).click();
    assert.deepEqual(await seriousViolations(photo), []);
    await card.getByRole('button', { name: 'Oui, retirer l’agenda' }).click();
    await photo.getByText('Agenda retiré', { exact: false }).waitFor();
    await photo.getByText('Aucun agenda importé pour le moment.').waitFor();
    assert.equal(await importCard(photo).count(), 0);
    assert.doesNotMatch(await dayClass(photo), /\bday-imported\b/u);
    assert.equal(await busyDayFree(), true, 'the removed calendar still blocks the day');
    assert.equal(await sync(), 0, 'nothing left to sync');
    assert.equal(calendar.state.hits, 2, 'a removed calendar was read');
  });

  it('had no uncaught error in the pages', () => {
    assert.deepEqual(pageErrors, []);
  });
});
