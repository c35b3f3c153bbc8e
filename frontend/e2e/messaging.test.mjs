// Browser journey of the messaging issue (docs/MESSAGING.md), against the real local
// gateway: a client (camille@estrade.test) and a provider (trio@estrade.test, "Trio
// Sirocco"), demo accounts the gateway seeds, each in its own browser context.
//
//   npm run build && node --test e2e/messaging.test.mjs
//
// See harness.mjs for the gateway binary and the browser.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
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
const PROVIDER = { email: 'trio@estrade.test', stageName: 'Trio Sirocco' };

describe('messaging: conversation, live badge and title, read, archive', { timeout: 240_000 }, () => {
  let gateway;
  let base;
  let browser;
  const pageErrors = [];

  let client; // the client's tab
  let provider; // the provider's tab
  let providerId;
  let conversationPath; // /messages/<id>
  let clientToken; // the client's access token, for API calls from the test

  before(async () => {
    gateway = await startGateway();
    base = gateway.base;
    browser = await launchBrowser();
    const answer = await (await fetch(`${base}/api/providers`)).json();
    providerId = answer.providers.find((p) => p.stage_name === PROVIDER.stageName)?.id;
    assert.ok(providerId, `no demo provider "${PROVIDER.stageName}" in GET /api/providers`);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await gateway?.stop();
  });

  const newPage = (options = {}) => openPage(browser, pageErrors, options);

  /** The header's unread badge, by its accessible name ("1 message non lu"). */
  const badge = (page, count) =>
    page.getByRole('img', { name: count === 1 ? '1 message non lu' : `${count} messages non lus` });
  const anyBadge = (page) => page.locator('.site-header .badge');
  const favicon = (page) => page.locator('link[rel~="icon"]').getAttribute('href');
  /** Set before a step and checked after it: the page was not reloaded meanwhile. */
  const mark = (page) => page.evaluate(() => (window.__notReloaded = true));
  const notReloaded = (page) => page.evaluate(() => window.__notReloaded === true);
  const thread = (page) => page.getByRole('log', { name: 'Messages de la conversation' });
  const compose = (page) => page.getByLabel('Votre message', { exact: true });
  /** Shown when the socket failed and the page polls instead. */
  const polling = (page) => page.getByText('Connexion en direct indisponible').count();
  /** Shows or hides the page as a switch of browser tab would (the Page Visibility API). */
  const setVisible = (page, visible) =>
    page.evaluate((shown) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (shown ? 'visible' : 'hidden') });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => !shown });
      document.dispatchEvent(new Event('visibilitychange'));
    }, visible);
  /** An access token of the client's for API calls from the test (a session of its own). */
  async function clientApiToken() {
    if (clientToken) return clientToken;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: CLIENT.email, password: PASSWORD }),
    });
    assert.equal(login.status, 200);
    clientToken = (await login.json()).access_token;
    return clientToken;
  }
  /** The client's unread total, as the API has it. */
  async function unreadTotal() {
    const answer = await fetch(`${base}/api/me/unread`, { headers: { authorization: `Bearer ${await clientApiToken()}` } });
    return (await answer.json()).unread_total;
  }
  const row = (page) => page.locator('.conversation', { has: page.locator(`a[href="${conversationPath}"]`) });

  it('logs both in; the provider waits on the home page with no badge', async () => {
    client = await newPage();
    provider = await newPage();
    await logIn(client, base, CLIENT.email, `/prestataires/${providerId}`);
    await logIn(provider, base, PROVIDER.email, '/');
    await provider.getByRole('link', { name: 'Messages' }).waitFor();
    assert.equal(await anyBadge(provider).count(), 0);
    assert.doesNotMatch(await provider.title(), /^\(/u);
    assert.equal(await favicon(provider), '/favicon.svg');
    await mark(provider);
  });

  it('the client starts a conversation from the provider page and writes', async () => {
    await client.getByRole('heading', { level: 1, name: PROVIDER.stageName }).waitFor();
    await client.getByRole('button', { name: 'Contacter' }).click();
    await client.waitForURL(/\/messages\/[^/]+$/u);
    conversationPath = new URL(client.url()).pathname;
    await client.getByRole('heading', { level: 1, name: PROVIDER.stageName }).waitFor();
    await client.getByText('Aucun message pour le moment').waitFor();

    const box = compose(client);
    await box.fill('Bonjour ! Êtes-vous libres le 12 juin ?');
    await client.getByText('39 / 4000 caractères').waitFor();
    await box.press('Shift+Enter');
    await box.pressSequentially('Le lieu : https://exemple.fr/salle.');
    await box.press('Enter');
    const sent = thread(client).locator('.message.mine').last();
    await sent.getByText('Êtes-vous libres le 12 juin ?').waitFor();
    assert.equal(await box.inputValue(), '', 'the send box is emptied');
    const text = await sent.locator('.message-text').innerText();
    assert.equal(text, 'Bonjour ! Êtes-vous libres le 12 juin ?\nLe lieu : https://exemple.fr/salle.');
    const link = sent.getByRole('link', { name: 'https://exemple.fr/salle' });
    assert.equal(await link.getAttribute('href'), 'https://exemple.fr/salle');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer nofollow');
    assert.equal(await box.getAttribute('maxlength'), '4000');
  });

  it('the provider sees the badge, the tab title and the favicon change, without reload', async () => {
    await badge(provider, 1).waitFor();
    await eventually('the provider tab title "(1) …"', async () => /^\(1\) .*Estrade/u.test(await provider.title()));
    await eventually('a favicon with a badge', async () => (await favicon(provider))?.startsWith('data:image/png'));
    assert.ok(await notReloaded(provider), 'the provider page was reloaded');
    await provider.getByRole('link', { name: /^Messages/u }).click();
    assert.equal(await polling(provider), 0, 'the live connection works (no polling)');
  });

  it('the provider opens the conversation from the inbox: it is read, badge and title clear', async () => {
    await provider.waitForURL(`${base}/messages`);
    await provider.getByRole('tab', { name: 'Actives', selected: true }).waitFor();
    const entry = row(provider);
    await entry.getByRole('link', { name: CLIENT.name }).waitFor();
    await entry.getByText('1 non lu').waitFor();
    await entry.getByText('Le lieu : https://exemple.fr/salle.').waitFor();
    assert.deepEqual(await seriousViolations(provider), []);

    await entry.getByRole('link', { name: CLIENT.name }).click();
    await provider.waitForURL(`${base}${conversationPath}`);
    await provider.getByRole('heading', { level: 1, name: CLIENT.name }).waitFor();
    await thread(provider).locator('.message.theirs').getByText('Êtes-vous libres le 12 juin ?').waitFor();
    await eventually('the badge to go', async () => (await anyBadge(provider).count()) === 0);
    await eventually('the plain tab title', async () => (await provider.title()) === `${CLIENT.name} · Estrade`);
    await eventually('the plain favicon', async () => (await favicon(provider)) === '/favicon.svg');
    assert.ok(await notReloaded(provider));
    const unread = await provider.evaluate(async () => (await fetch('/api/me/unread')).status);
    assert.equal(unread, 401, 'the API needs the bearer token (kept in memory only)');
    assert.deepEqual(await seriousViolations(provider), []);
  });

  it('the provider answers; it appears at once in the client’s open conversation, as text', async () => {
    await mark(client);
    await compose(provider).fill('Avec plaisir, <b>html</b> <script>window.__xss = 1</script>');
    await provider.getByRole('button', { name: 'Envoyer' }).click();
    await thread(provider).locator('.message.mine').getByText('Avec plaisir').waitFor();

    const received = thread(client).locator('.message.theirs').last();
    await received.getByText('Avec plaisir, <b>html</b> <script>window.__xss = 1</script>', { exact: true }).waitFor();
    assert.equal(await thread(client).locator('b, script').count(), 0, 'no HTML element from a message');
    assert.equal(await client.evaluate(() => window.__xss), undefined);
    assert.ok(await notReloaded(client), 'the client page was reloaded');
    assert.equal(await polling(client), 0, 'the live connection works (no polling)');
    // Read at once, since the conversation is open and the tab visible (checked again below).
    await eventually('the client to have nothing unread', async () => (await anyBadge(client).count()) === 0);
    assert.doesNotMatch(await client.title(), /^\(/u);
  });

  it('a message that comes while the client’s tab is hidden stays unread until the tab shows again', async () => {
    await setVisible(client, false);
    await compose(provider).fill('Je vous envoie le devis demain.');
    await provider.getByRole('button', { name: 'Envoyer' }).click();
    await thread(client).locator('.message.theirs').getByText('Je vous envoie le devis demain.').waitFor();
    await badge(client, 1).waitFor();
    await eventually('the client tab title "(1) …"', async () => /^\(1\) /u.test(await client.title()));
    assert.equal(await unreadTotal(), 1, 'not marked read while hidden');

    await setVisible(client, true);
    await eventually('the client to have nothing unread', async () => (await anyBadge(client).count()) === 0);
    assert.doesNotMatch(await client.title(), /^\(/u);
    assert.equal(await unreadTotal(), 0);
  });

  it('the client archives the conversation: it moves to the archived tab', async () => {
    await client.getByRole('button', { name: 'Archiver' }).click();
    await client.getByText('Conversation archivée.').waitFor();
    await client.getByRole('button', { name: 'Désarchiver' }).waitFor();
    await client.getByRole('link', { name: /Toutes les conversations/u }).click();
    await client.getByRole('tab', { name: 'Archivées', selected: true }).waitFor();
    await row(client).getByRole('link', { name: PROVIDER.stageName }).waitFor();
    await client.getByRole('tab', { name: 'Actives' }).click();
    await client.getByText('Aucune conversation pour le moment.').waitFor();
    assert.equal(await row(client).count(), 0);
    await client.getByRole('tab', { name: 'Archivées' }).click();
    await row(client).waitFor();
    assert.equal(await row(client).locator('.count').count(), 0, 'the answer was marked read');
    assert.deepEqual(await seriousViolations(client), []);
  });

  it('a new message from the provider brings it back to the active tab with its unread count', async () => {
    await mark(client);
    await compose(provider).fill('Encore une question : combien d’invités ?');
    await compose(provider).press('Enter');
    await thread(provider).locator('.message.mine').getByText('combien d’invités').waitFor();

    // Live, on the client's inbox: it leaves the archived tab…
    await eventually('the row to leave the archived tab', async () => (await row(client).count()) === 0);
    await badge(client, 1).waitFor();
    await eventually('the client tab title "(1) …"', async () => /^\(1\) /u.test(await client.title()));
    // …and is back among the active ones, unread.
    await client.getByRole('tab', { name: 'Actives' }).click();
    const entry = row(client);
    await entry.getByText('1 non lu').waitFor();
    await entry.getByText('Encore une question : combien d’invités ?').waitFor();
    assert.ok(await notReloaded(client));
  });

  it('logging out closes the live state: plain title and favicon', async () => {
    await badge(client, 1).waitFor();
    await client.getByRole('button', { name: 'Déconnexion' }).click();
    await client.getByRole('link', { name: 'Connexion' }).waitFor();
    await eventually('the plain title', async () => !/^\(/u.test(await client.title()));
    await eventually('the plain favicon', async () => (await favicon(client)) === '/favicon.svg');
    assert.equal(await anyBadge(client).count(), 0);
  });

  it('unsubscribes from message emails with the link of the email', async () => {
    const mail = await eventually('the new-message email to the provider', async () => {
      const mails = await (await fetch(`${base}/_outbox.json`)).json();
      return mails.find((m) => m.to.includes(PROVIDER.email) && /\/desabonnement\?token=/u.test(m.text));
    });
    const link = /https?:\/\/[^\s<>"]+\/desabonnement\?token=[^\s<>"]+/u.exec(mail.text)?.[0];
    assert.ok(link, `no /desabonnement link in:\n${mail.text}`);
    assert.equal(new URL(link).origin, base);
    const page = await newPage();
    await page.goto(link);
    await page.getByText('vous ne recevrez plus vos messages par e-mail').waitFor();
    await page.goto(`${base}/desabonnement?token=nimporte-quoi`);
    await page.getByRole('alert').getByText('Ce lien est invalide ou a expiré.').waitFor();
    await page.goto(`${base}/desabonnement`);
    await page.getByText('Ce lien de désabonnement est incomplet.').waitFor();
    await page.context().close();
  });

  it('loads older messages with the cursor and keeps the scroll position', async () => {
    const token = await clientApiToken();
    const id = decodeURIComponent(conversationPath.split('/').pop());
    for (let i = 1; i <= 55; i++) {
      const sent = await fetch(`${base}/api/conversations/${encodeURIComponent(id)}/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ text: `Message numéro ${i}` }),
      });
      assert.equal(sent.status, 201);
    }
    await provider.reload();
    const log = thread(provider);
    await log.getByText('Message numéro 55', { exact: true }).waitFor();
    assert.equal(await log.locator('.message').count(), 50, 'the first page holds the newest 50');
    await eventually('the thread to show its bottom', () =>
      log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 5),
    );
    await eventually('the provider to have read everything', async () => (await anyBadge(provider).count()) === 0);

    const first = log.locator('.message').first();
    const firstText = await first.locator('.message-text').innerText();
    await log.evaluate((el) => (el.scrollTop = 0));
    const before = await first.evaluate((el) => el.getBoundingClientRect().top);
    await log.getByRole('button', { name: 'Messages précédents' }).click();
    await log.getByText('Bonjour ! Êtes-vous libres le 12 juin ?').waitFor();
    assert.equal(await log.locator('.message').count(), 59, 'the 55 and the 4 written before');
    assert.equal(await log.getByRole('button', { name: 'Messages précédents' }).count(), 0);
    const same = log.locator('.message-text', { hasText: new RegExp(`^${firstText}$`, 'u') });
    const after = await same.evaluate((el) => el.parentElement.getBoundingClientRect().top);
    assert.ok(Math.abs(after - before) < 2, `the message moved from ${before} to ${after}`);
  });

  it('fits a phone screen', async () => {
    const phone = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await logIn(phone, base, CLIENT.email, conversationPath);
    await thread(phone).getByText('Message numéro 55', { exact: true }).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    await compose(phone).waitFor();
    assert.ok(await compose(phone).isVisible());
    await phone.goto(`${base}/messages`);
    await row(phone).waitFor();
    const inboxOverflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(inboxOverflow <= 0, `the inbox is ${inboxOverflow}px wider than the screen`);
    await phone.context().close();
  });

  it('falls back to polling when the WebSocket cannot open', async () => {
    const page = await newPage();
    // A browser where every WebSocket fails before opening (a proxy that blocks them).
    await page.addInitScript(() => {
      window.WebSocket = class {
        constructor() {
          setTimeout(() => {
            this.onerror?.({});
            this.onclose?.({ code: 1006 });
          }, 10);
        }
        close() {}
      };
    });
    await logIn(page, base, PROVIDER.email, conversationPath);
    await thread(page).getByText('Message numéro 55', { exact: true }).waitFor();
    await page.getByText('Connexion en direct indisponible').first().waitFor();
    const id = decodeURIComponent(conversationPath.split('/').pop());
    const sent = await fetch(`${base}/api/conversations/${encodeURIComponent(id)}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${clientToken}` },
      body: JSON.stringify({ text: 'Vu par le sondage ?' }),
    });
    assert.equal(sent.status, 201);
    await thread(page).getByText('Vu par le sondage ?').waitFor({ timeout: 25_000 });
    await page.context().close();
  });

  it('had no uncaught error in the pages', () => {
    assert.deepEqual(pageErrors, []);
  });
});
