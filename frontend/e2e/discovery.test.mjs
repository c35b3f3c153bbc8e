// Browser journey of the discovery, events and requests issue (docs/DISCOVERY.md), against
// the real local gateway and its demo accounts, each in its own browser context: the
// client (camille@estrade.test) searches "jazz" near Saint-Étienne, creates an event
// from a provider's page and invites two providers for the same need; the DJ declines
// and the trio quotes, from their inboxes (/demandes); the client sees both answers
// arrive live on the event's dashboard and books the quote; each provider sees its
// state; the emails are in the outbox. Then: a cancelled event closes its requests.
//
//   npm run build && node --test e2e/discovery.test.mjs
//
// See harness.mjs for the gateway binary and the browser.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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

const CLIENT = { email: 'camille@estrade.test', name: 'Camille Roux' };
const TRIO = { email: 'trio@estrade.test', stageName: 'Trio Sirocco' };
const DJ = { email: 'dj@estrade.test', stageName: 'DJ Nova' };
const PHOTO = { email: 'photo@estrade.test', stageName: 'Claire Dubois Photographie' };

/** A day `days` from now, as YYYY-MM-DD (local time, like the date inputs). */
function dayFromNow(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const EVENT = {
  name: 'Anniversaire de Camille',
  date: dayFromNow(60),
  description: 'Une soirée entre amis, dans le jardin si le temps le permet.',
  address: '12 rue des Lilas',
  guests: '40',
  budget: '1 500',
  need: 'musique',
};

describe('discovery: search, event, invitations, answers, booking', { timeout: 300_000 }, () => {
  let gateway;
  let base;
  let browser;
  const pageErrors = [];

  let client; // the client's tab
  let trio; // the trio's tab
  let dj; // the DJ's tab
  let ids; // stage name → provider id
  let eventPath; // /evenements/<id>

  before(async () => {
    gateway = await startGateway();
    base = gateway.base;
    browser = await launchBrowser();
    const answer = await (await fetch(`${base}/api/providers`)).json();
    ids = Object.fromEntries(answer.providers.map((p) => [p.stage_name, p.id]));
    for (const p of [TRIO, DJ, PHOTO]) assert.ok(ids[p.stageName], `no demo provider "${p.stageName}"`);
    // The search index is derived from the profiles by the notifier: wait for the trio to
    // be found near its city (its profile must carry the commune's code).
    let last;
    try {
      await eventually('the demo trio in GET /api/search?q=jazz&place=42218', async () => {
        last = await (await fetch(`${base}/api/search?q=jazz&place=42218`)).json();
        return last.results?.some((r) => r.id === ids[TRIO.stageName] && r.match === 'city');
      });
    } catch (error) {
      const anywhere = await (await fetch(`${base}/api/search?q=jazz`)).json();
      throw new Error(
        `${error.message}\nnear Saint-Étienne: ${JSON.stringify(last)}\nanywhere: ${JSON.stringify(anywhere)}`,
      );
    }
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await gateway?.stop();
  });

  const newPage = (options = {}) => openPage(browser, pageErrors, options);

  const apiLogin = (email) => apiToken(base, email);

  const api = (token, method, path, body) => apiCall(base, token, method, path, body);

  /** Set before a step and checked after it: the page was not reloaded meanwhile. */
  const mark = (page) => page.evaluate(() => (window.__notReloaded = true));
  const notReloaded = (page) => page.evaluate(() => window.__notReloaded === true);
  /** How much wider than a 360 px phone screen the page is (a mobile browser would zoom out to fit it). */
  const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - 360);

  /** Types into a city combobox and picks `name` with the arrow keys and Enter. */
  async function pickCity(page, label, typed, name) {
    const box = page.getByRole('combobox', { name: label, exact: true });
    await box.fill('');
    await box.pressSequentially(typed, { delay: 20 });
    const list = page.getByRole('listbox', { name: label, exact: true });
    await list.getByRole('option', { name: new RegExp(`^${name} \\(`, 'u') }).waitFor();
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    assert.equal(await box.getAttribute('aria-controls'), await list.getAttribute('id'));
    const count = await list.getByRole('option').count();
    for (let i = 0; i < count; i++) {
      await box.press('ArrowDown');
      const active = await box.getAttribute('aria-activedescendant');
      assert.ok(active, 'an active option after ArrowDown');
      const option = page.locator(`[id="${active}"]`);
      assert.equal(await option.getAttribute('aria-selected'), 'true');
      if ((await option.innerText()).startsWith(`${name} (`)) {
        await box.press('Enter');
        break;
      }
    }
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    assert.match(await box.inputValue(), new RegExp(`^${name} \\(\\d`, 'u'));
  }

  const requestCard = (page, name) => page.locator('.request-card', { has: page.getByRole('link', { name, exact: true }) });

  it('the client searches "jazz" near Saint-Étienne, picked in the autocomplete', async () => {
    client = await newPage();
    await logIn(client, base, CLIENT.email, '/');
    await client.getByRole('link', { name: 'Rechercher', exact: true }).click();
    await client.waitForURL(`${base}/recherche`);
    await client.getByRole('heading', { level: 1, name: 'Rechercher un prestataire' }).waitFor();
    await client.getByLabel('Type de prestation ou de musique').fill('jazz');
    await pickCity(client, 'Ville de l’événement', 'saint', 'Saint-Étienne');
    await client.getByRole('button', { name: 'Rechercher', exact: true }).click();

    await client.waitForURL(/\/recherche\?/u);
    const url = new URL(client.url());
    assert.equal(url.searchParams.get('q'), 'jazz');
    assert.equal(url.searchParams.get('lieu'), '42218');
    assert.equal(url.searchParams.get('ville'), 'Saint-Étienne');
    await client.getByRole('heading', { level: 2, name: 'Résultats pour « jazz » près de Saint-Étienne' }).waitFor();
    const card = client.locator('.card', { has: client.getByRole('link', { name: TRIO.stageName }) });
    await card.getByText('Dans cette ville').waitFor();
    assert.equal(await client.getByRole('link', { name: DJ.stageName }).count(), 0, 'the DJ does not play jazz');
    assert.deepEqual(await seriousViolations(client), []);

    // The URL is shareable: anyone opening it (no login) gets the same search.
    const other = await newPage();
    await other.goto(url.href);
    await other.getByRole('link', { name: TRIO.stageName }).waitFor();
    assert.equal(await other.getByLabel('Type de prestation ou de musique').inputValue(), 'jazz');
    assert.equal(await other.getByRole('combobox', { name: 'Ville de l’événement' }).inputValue(), 'Saint-Étienne');
    await other.context().close();
  });

  it('opens the provider and creates an event from "Inviter à un événement"', async () => {
    await client.getByRole('link', { name: TRIO.stageName }).click();
    await client.getByRole('heading', { level: 1, name: TRIO.stageName }).waitFor();
    await client.getByRole('button', { name: 'Inviter à un événement' }).click();
    await client.getByText('Vous n’avez pas d’événement à venir.').waitFor();
    await client.getByRole('link', { name: 'Créer un événement' }).click();
    await client.waitForURL(/\/evenements\/nouveau\?inviter=/u);
    await client.getByRole('heading', { level: 1, name: 'Nouvel événement' }).waitFor();

    // Checked before sending: what is missing is said next to each field.
    await client.getByRole('button', { name: 'Créer l’événement' }).click();
    await client.getByRole('alert').getByText('Certains champs sont à corriger.').waitFor();
    await client.getByText('Indiquez le nom de l’événement.').waitFor();
    assert.equal(await client.getByLabel('Nom de l’événement').getAttribute('aria-invalid'), 'true');
    assert.ok(await client.getByLabel('Nom de l’événement').evaluate((el) => el === document.activeElement));

    await client.getByLabel('Nom de l’événement').fill(EVENT.name);
    await client.getByLabel('Description').fill(EVENT.description);
    await client.getByLabel('Date', { exact: true }).fill(EVENT.date);
    await client.getByLabel('Heure de début (facultatif)').fill('20:00');
    await client.getByLabel('Heure de fin (facultatif)').fill('23:30');
    await pickCity(client, 'Ville', 'saint-ét', 'Saint-Étienne');
    await client.getByLabel('Adresse (facultatif)').fill(EVENT.address);
    await client.getByLabel('Nombre d’invités (facultatif)').fill(EVENT.guests);
    await client.getByLabel('Budget total en euros (facultatif)').fill('beaucoup');
    await client.getByLabel('Besoin 1', { exact: true }).fill(EVENT.need);
    await client.getByRole('button', { name: 'Ajouter un besoin' }).click();
    assert.ok(await client.getByLabel('Besoin 2', { exact: true }).evaluate((el) => el === document.activeElement));
    await client.getByRole('button', { name: 'Retirer le besoin 2' }).click();
    await client.getByRole('button', { name: 'Créer l’événement' }).click();
    await client.getByText('Indiquez un montant en euros, par exemple 1500 ou 1500,50.').waitFor();
    await client.getByLabel('Budget total en euros (facultatif)').fill(EVENT.budget);
    assert.deepEqual(await seriousViolations(client), []);
    await client.getByRole('button', { name: 'Créer l’événement' }).click();

    // Back on the provider's page, the new event chosen in the invitation form.
    await client.waitForURL(new RegExp(`/prestataires/${ids[TRIO.stageName]}\\?evenement=`, 'u'));
    const eventId = new URL(client.url()).searchParams.get('evenement');
    eventPath = `/evenements/${eventId}`;
    const token = await apiLogin(CLIENT.email);
    const saved = await api(token, 'GET', `/api/events/${eventId}`);
    assert.equal(saved.status, 200);
    assert.equal(saved.body.event.budget_cents, 150_000, 'the budget is sent in cents');
    assert.equal(saved.body.event.city_code, '42218');
    assert.equal(saved.body.event.guests, 40);
    assert.deepEqual(saved.body.event.needs, [EVENT.need]);
    assert.equal(saved.body.event.start_time, '20:00');
  });

  it('invites the trio, then the DJ, for the same need', async () => {
    const eventSelect = client.getByLabel('Événement', { exact: true });
    await eventSelect.waitFor();
    assert.equal(await eventSelect.inputValue(), eventPath.split('/').pop());
    assert.equal(await client.getByLabel('Besoin', { exact: true }).inputValue(), EVENT.need);
    await client.getByLabel('Votre message').fill('Bonjour ! Un trio de jazz manouche pour notre soirée, ce serait parfait.');
    await client.getByRole('button', { name: 'Envoyer la demande' }).click();
    await client.getByText(`Demande envoyée à ${TRIO.stageName} pour « ${EVENT.need} »`).waitFor();
    // Once per provider and event.
    await client.getByLabel('Votre message').fill('Encore moi');
    await client.getByRole('button', { name: 'Envoyer la demande' }).click();
    await client.getByRole('alert').getByText('Ce prestataire est déjà invité à cet événement.').waitFor();
    assert.deepEqual(await seriousViolations(client), []);

    // The DJ, found by its kind anywhere in France.
    await client.getByRole('link', { name: 'Rechercher', exact: true }).click();
    await client.getByLabel('Type de prestation ou de musique').fill('DJ');
    await client.getByLabel('Type de prestation ou de musique').press('Enter');
    await client.getByRole('link', { name: DJ.stageName }).click();
    await client.getByRole('heading', { level: 1, name: DJ.stageName }).waitFor();
    await client.getByRole('button', { name: 'Inviter à un événement' }).click();
    await client.getByLabel('Événement', { exact: true }).selectOption(eventPath.split('/').pop());
    assert.equal(await client.getByLabel('Besoin', { exact: true }).inputValue(), EVENT.need);
    await client.getByLabel('Votre message').fill('Et pour la fin de soirée, un set électro ?');
    await client.getByRole('button', { name: 'Envoyer la demande' }).click();
    await client.getByText(`Demande envoyée à ${DJ.stageName}`).waitFor();

    // The dashboard: both pending.
    await client.getByRole('link', { name: 'Voir l’événement' }).click();
    await client.waitForURL(`${base}${eventPath}`);
    await client.getByRole('heading', { level: 1, name: EVENT.name }).waitFor();
    await client.getByText(EVENT.address).waitFor();
    await client.getByText(/^1\s500\s€$/u).waitFor();
    for (const p of [TRIO, DJ]) await requestCard(client, p.stageName).getByText('En attente', { exact: true }).waitFor();
    assert.deepEqual(await seriousViolations(client), []);
    await mark(client);
  });

  it('the DJ declines from its inbox; the client sees it live', async () => {
    dj = await newPage();
    await logIn(dj, base, DJ.email, '/');
    await dj.getByRole('link', { name: 'Demandes', exact: true }).click();
    await dj.waitForURL(`${base}/demandes`);
    await dj.getByRole('tab', { name: 'En attente', selected: true }).waitFor();
    const card = dj.locator('.request-card', { has: dj.getByRole('heading', { name: EVENT.name }) });
    await card.getByText(`${CLIENT.name} vous invite pour : ${EVENT.need}`).waitFor();
    await card.getByText('Et pour la fin de soirée, un set électro ?').waitFor();
    await card.getByText('Saint-Étienne').waitFor();
    assert.equal(await card.getByText(EVENT.address).count(), 0, 'no address before accepting');
    await card.getByText('Détails de l’événement').click();
    await card.getByText(EVENT.description).waitFor();
    assert.deepEqual(await seriousViolations(dj), []);

    await card.getByRole('button', { name: 'Décliner' }).click();
    await card.getByLabel('Motif (facultatif)').fill('Déjà pris ce soir-là, désolé !');
    await card.getByRole('button', { name: 'Confirmer : je décline' }).click();
    await dj.getByText('Votre réponse a été envoyée.').waitFor();
    await dj.getByText('Aucune demande en attente.').waitFor();
    await dj.getByRole('tab', { name: 'Répondues' }).click();
    const answered = dj.locator('.request-card', { has: dj.getByRole('heading', { name: EVENT.name }) });
    await answered.getByText('Déclinée', { exact: true }).waitFor();

    const declined = requestCard(client, DJ.stageName);
    await declined.getByText('Déclinée', { exact: true }).waitFor();
    await declined.getByText('Motif : Déjà pris ce soir-là, désolé !').waitFor();
    await client.getByRole('status').getByText(`Nouveau : ${DJ.stageName} — Déclinée`).waitFor();
    assert.equal(await declined.getByRole('button', { name: /^Réserver/u }).count(), 0);
    assert.ok(await notReloaded(client), 'the dashboard was reloaded');
  });

  it('the trio sends a quote; the client sees it live', async () => {
    trio = await newPage();
    await logIn(trio, base, TRIO.email, '/demandes');
    const card = trio.locator('.request-card', { has: trio.getByRole('heading', { name: EVENT.name }) });
    await card.getByRole('button', { name: 'Proposer un devis' }).click();
    await card.getByRole('button', { name: 'Envoyer le devis' }).waitFor();
    assert.deepEqual(await seriousViolations(trio), []);
    await card.getByLabel('Prix en euros').fill('six cents');
    await card.getByRole('button', { name: 'Envoyer le devis' }).click();
    await card.getByText('Indiquez un montant en euros, par exemple 650 ou 650,50.').waitFor();
    await card.getByLabel('Prix en euros').fill('650,50');
    await card.getByLabel('Ce qui est compris').fill('2 × 45 min, sonorisation comprise');
    const validUntil = await card.getByLabel('Devis valable jusqu’au').inputValue();
    assert.equal(validUntil, dayFromNow(14));
    await card.getByRole('button', { name: 'Envoyer le devis' }).click();
    await trio.getByText('Votre réponse a été envoyée.').waitFor();

    const quoted = requestCard(client, TRIO.stageName);
    await quoted.getByText('Devis proposé', { exact: true }).waitFor();
    await quoted.getByText(/^650,50\s€$/u).waitFor();
    await quoted.getByText('2 × 45 min, sonorisation comprise').waitFor();
    await client.getByRole('status').getByText(`Nouveau : ${TRIO.stageName} — Devis proposé`).waitFor();
    assert.ok(await notReloaded(client), 'the dashboard was reloaded');
  });

  it('the client books the quote; the providers see their states', async () => {
    await mark(trio);
    const quoted = requestCard(client, TRIO.stageName);
    await quoted.getByRole('button', { name: `Réserver ${TRIO.stageName}` }).click();
    await quoted.getByText(`Réserver ${TRIO.stageName} pour « ${EVENT.need} » ?`).waitFor();
    await quoted.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await client.getByText(`${TRIO.stageName} est réservé pour « ${EVENT.need} ».`).waitFor();
    await quoted.getByText('Réservée', { exact: true }).waitFor();
    assert.equal(await client.getByRole('button', { name: /^Réserver/u }).count(), 0);
    await requestCard(client, DJ.stageName).getByText('Déclinée', { exact: true }).waitFor();
    assert.deepEqual(await seriousViolations(client), []);

    // The trio's inbox hears it live, and the booked request sits among the answered ones.
    await trio.getByText('Bonne nouvelle : un client vous a réservé !').waitFor();
    assert.ok(await notReloaded(trio));
    await trio.getByRole('tab', { name: 'Répondues' }).click();
    const booked = trio.locator('.request-card', { has: trio.getByRole('heading', { name: EVENT.name }) });
    await booked.getByText('Réservée', { exact: true }).waitFor();
    await booked.getByText('Le client vous a réservé.').waitFor();
    // The booked provider's view of the event has the address.
    await booked.getByRole('link', { name: EVENT.name }).click();
    await trio.getByRole('heading', { level: 1, name: EVENT.name }).waitFor();
    await trio.getByText(EVENT.address).waitFor();
    assert.deepEqual(await seriousViolations(trio), []);

    // The DJ still reads its own state.
    await dj.reload();
    await dj.getByRole('tab', { name: 'Répondues', selected: true }).waitFor();
    const declined = dj.locator('.request-card', { has: dj.getByRole('heading', { name: EVENT.name }) });
    await declined.getByText('Déclinée', { exact: true }).waitFor();
    await declined.getByText('Vous avez décliné cette demande.').waitFor();

    // The client invited it: the DJ may write first, about the request.
    await declined.getByRole('button', { name: `Écrire à ${CLIENT.name}` }).click();
    await dj.waitForURL(/\/messages\/[^/]+$/u);
    await dj.getByRole('heading', { level: 1, name: CLIENT.name }).waitFor();
    await dj.getByText(`Au sujet de : ${EVENT.name}`).waitFor();
    await dj.getByRole('link', { name: 'Voir l’événement' }).click();
    await dj.waitForURL(`${base}${eventPath}`);
    await dj.getByRole('heading', { level: 1, name: EVENT.name }).waitFor();
    await dj.getByText('Vous avez décliné cette demande.').waitFor();
    assert.equal(await dj.getByText(EVENT.address).count(), 0, 'no address for a provider who declined');
  });

  it('the client edits the event: the form comes back filled in', async () => {
    await client.goto(`${base}${eventPath}`);
    await client.getByRole('link', { name: 'Modifier', exact: true }).click();
    await client.waitForURL(`${base}${eventPath}/modifier`);
    await client.getByRole('heading', { level: 1, name: 'Modifier l’événement' }).waitFor();
    assert.equal(await client.getByLabel('Nom de l’événement').inputValue(), EVENT.name);
    assert.equal(await client.getByLabel('Date', { exact: true }).inputValue(), EVENT.date);
    assert.equal(await client.getByLabel('Heure de début (facultatif)').inputValue(), '20:00');
    assert.equal(await client.getByRole('combobox', { name: 'Ville', exact: true }).inputValue(), 'Saint-Étienne');
    assert.equal(await client.getByLabel('Budget total en euros (facultatif)').inputValue(), '1500');
    assert.equal(await client.getByLabel('Besoin 1', { exact: true }).inputValue(), EVENT.need);
    await client.getByLabel('Nombre d’invités (facultatif)').fill('45');
    await client.getByLabel('Budget total en euros (facultatif)').fill('1800,50');
    await client.getByRole('button', { name: 'Enregistrer' }).click();
    await client.waitForURL(`${base}${eventPath}`);
    await client.getByText(/^1\s800,50\s€$/u).waitFor();
    await client.locator('.event-facts').getByText('45', { exact: true }).waitFor();
    await requestCard(client, TRIO.stageName).getByText('Réservée', { exact: true }).waitFor();
  });

  it('the event lists among the client’s events, by date', async () => {
    await client.getByRole('link', { name: 'Mes événements', exact: true }).click();
    await client.waitForURL(`${base}/evenements`);
    await client.getByRole('heading', { level: 2, name: 'À venir' }).waitFor();
    await client.getByRole('link', { name: EVENT.name }).waitFor();
    await client.getByRole('link', { name: 'Nouvel événement' }).waitFor();
    assert.deepEqual(await seriousViolations(client), []);
  });

  it('sends the emails of each step', async () => {
    const mails = await eventually('the request emails in /_outbox.json', async () => {
      const all = await (await fetch(`${base}/_outbox.json`)).json();
      const to = (email) => all.filter((m) => m.to.includes(email));
      const ok = to(TRIO.email).length >= 2 && to(DJ.email).length >= 1 && to(CLIENT.email).length >= 2;
      return ok && all;
    });
    const to = (email) => mails.filter((m) => m.to.includes(email));
    // New request → provider (link to /demandes); answers → client (link to the event).
    assert.ok(to(DJ.email).some((m) => m.text.includes(`${base}/demandes`)), 'the DJ got a link to its inbox');
    assert.ok(to(TRIO.email).some((m) => m.text.includes(EVENT.name)));
    const clientMails = to(CLIENT.email).filter((m) => m.text.includes(`${base}${eventPath}`));
    assert.ok(clientMails.length >= 2, `the client got the decline and the quote with a link to ${eventPath}`);
  });

  it('cancelling an event closes its open requests', async () => {
    const token = await apiLogin(CLIENT.email);
    const created = await api(token, 'POST', '/api/events', {
      name: 'Mariage de Léa',
      date: dayFromNow(90),
      start_time: null,
      end_time: null,
      description: '',
      city: 'Nantes',
      city_code: '44109',
      address: '',
      guests: 80,
      budget_cents: null,
      needs: ['photo'],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.event.id;
    const invited = await api(token, 'POST', `/api/events/${id}/requests`, {
      provider_id: ids[PHOTO.stageName],
      need: 'photo',
      message: 'Un reportage de mariage ?',
    });
    assert.equal(invited.status, 201, JSON.stringify(invited.body));

    await client.goto(`${base}/evenements/${id}`);
    await requestCard(client, PHOTO.stageName).getByText('En attente', { exact: true }).waitFor();
    await client.getByRole('button', { name: 'Annuler l’événement' }).click();
    await client.getByRole('button', { name: 'Oui, annuler l’événement' }).click();
    await client.getByText('Cet événement est annulé. Les demandes ont été closes.').waitFor();
    await requestCard(client, PHOTO.stageName).getByText('Close', { exact: true }).waitFor();
    assert.equal(await client.getByRole('link', { name: 'Modifier' }).count(), 0);

    const photo = await newPage();
    await logIn(photo, base, PHOTO.email, '/demandes?onglet=closes');
    await photo.getByRole('tab', { name: 'Closes', selected: true }).waitFor();
    const closed = photo.locator('.request-card', { has: photo.getByRole('heading', { name: 'Mariage de Léa' }) });
    await closed.getByText('Close', { exact: true }).waitFor();
    await photo.context().close();
  });

  it('fits a phone screen', async () => {
    const phone = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await phone.goto(`${base}/recherche?q=jazz&lieu=42218&ville=Saint-%C3%89tienne`);
    await phone.getByRole('link', { name: TRIO.stageName }).waitFor();
    assert.ok((await overflow(phone)) <= 0, 'the search page is wider than the screen');
    const box = phone.getByRole('combobox', { name: 'Ville de l’événement' });
    await box.fill('');
    await box.pressSequentially('orl');
    await phone.getByRole('option', { name: /^Orléans \(45\)/u }).tap();
    assert.match(await box.inputValue(), /^Orléans/u);
    assert.ok((await overflow(phone)) <= 0);

    await logIn(phone, base, CLIENT.email, eventPath);
    await requestCard(phone, TRIO.stageName).getByText('Réservée', { exact: true }).waitFor();
    assert.ok((await overflow(phone)) <= 0, 'the dashboard is wider than the screen');
    await phone.goto(`${base}/evenements/nouveau`);
    await phone.getByLabel('Nom de l’événement').waitFor();
    assert.ok((await overflow(phone)) <= 0, 'the event form is wider than the screen');
    await phone.context().close();

    const providerPhone = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await logIn(providerPhone, base, TRIO.email, '/demandes?onglet=repondues');
    await providerPhone.getByText('Réservée', { exact: true }).first().waitFor();
    assert.ok((await overflow(providerPhone)) <= 0, 'the inbox is wider than the screen');
    await providerPhone.context().close();
  });

  it('had no uncaught error in the pages', () => {
    assert.deepEqual(pageErrors, []);
  });
});
