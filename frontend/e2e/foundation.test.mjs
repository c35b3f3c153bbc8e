// Browser journey of the "foundation" issue, against the real local gateway.
//
//   npm run build && npm run test:e2e
//
// The gateway binary is $ESTRADE_GATEWAY_BIN, else ../target/debug/estrade-gateway
// (cargo build -p estrade-gateway). It is started on a free port with a fresh data
// folder and the built frontend (frontend/dist), and stopped at the end, also on failure.
// The browser is Debian's chromium (/usr/bin/chromium, or $CHROMIUM_PATH).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, launchBrowser, seriousViolations, startGateway, TIMEOUT } from './harness.mjs';

describe('foundation: sign up, verify, log in, edit profile, public page, languages', { timeout: 180_000 }, () => {
  let gateway;
  let base;
  let browser;
  const pageErrors = [];

  // Shared by the steps, in order.
  const email = `trio.eclair.${Date.now()}@example.com`;
  const password = 'un-mot-de-passe-solide';
  let userPage; // the signed-up provider's tab
  let publicPath; // /prestataires/<id>

  before(async () => {
    gateway = await startGateway();
    base = gateway.base;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await gateway?.stop();
  });

  async function newPage() {
    const context = await browser.newContext({ locale: 'fr-FR' });
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  it('signs up as a provider in the French interface', async () => {
    userPage = await newPage();
    await userPage.goto(`${base}/inscription`);
    assert.equal(await userPage.locator('html').getAttribute('lang'), 'fr');
    await userPage.getByRole('heading', { name: 'Créer un compte' }).waitFor();
    await userPage.getByRole('radio', { name: /^Prestataire/ }).check();
    await userPage.getByLabel('Nom', { exact: true }).fill('Trio Éclair');
    await userPage.getByLabel('Adresse e-mail', { exact: true }).fill(email);
    await userPage.getByLabel('Mot de passe', { exact: true }).fill(password);
    await userPage.getByRole('button', { name: 'Créer mon compte' }).click();
    await userPage.getByRole('heading', { name: 'Vérifiez votre boîte mail' }).waitFor();
    await userPage.getByText(email).waitFor();
  });

  it('verifies the email with the link from the outbox', async () => {
    const mail = await eventually('the verification email in /_outbox.json', async () => {
      const response = await fetch(`${base}/_outbox.json`);
      assert.equal(response.status, 200);
      const mails = await response.json();
      assert.ok(Array.isArray(mails), '/_outbox.json is not an array');
      return mails.find((m) => m.to.includes(email));
    });
    const match = /https?:\/\/[^\s<>"]+\/verifier\?token=[^\s<>"]+/u.exec(mail.text);
    assert.ok(match, `no /verifier?token= link in the email text:\n${mail.text}`);
    const link = new URL(match[0]);
    assert.equal(link.origin, base, 'the email links to the site the gateway serves');
    await userPage.goto(link.href);
    await userPage.getByText('Votre adresse e-mail est vérifiée').waitFor();
  });

  it('logs in and lands on the profile', async () => {
    await userPage.goto(`${base}/connexion`);
    await userPage.getByLabel('Adresse e-mail', { exact: true }).fill(email);
    await userPage.getByLabel('Mot de passe', { exact: true }).fill(password);
    await userPage.getByRole('button', { name: 'Se connecter' }).click();
    await userPage.waitForURL(`${base}/profil`);
    await userPage.getByRole('heading', { name: 'Mon profil' }).waitFor();
    await userPage.getByText('Connecté·e : Trio Éclair').waitFor();
  });

  it('edits and saves the provider profile', async () => {
    const page = userPage;
    await page.getByLabel('Nom de scène ou d’entreprise').fill('Trio Éclair');
    await page.getByLabel('Type de prestation ou de musique').fill('jazz manouche');
    await page.getByLabel('Présentation du groupe ou de l’entreprise').fill('Trois amis stéphanois.');
    await page.getByRole('button', { name: 'Ajouter un membre' }).click();
    await page.getByLabel('Nom du membre 1').fill('Joséphine');
    await page.getByLabel('Rôle du membre 1').fill('violon');
    await page.getByLabel('Durée').fill('2 × 45 min');
    // The city is chosen among the communes the field suggests.
    await page.getByRole('combobox', { name: 'Ville', exact: true }).pressSequentially('saint-eti', { delay: 20 });
    await page.getByRole('option', { name: 'Saint-Étienne (42)' }).click();
    await page.getByLabel('Auvergne-Rhône-Alpes').check();
    await page.getByLabel('Prix demandés (texte libre)').fill('à partir de 600 €');
    await page.getByRole('button', { name: 'Ajouter une prestation' }).click();
    await page.getByLabel('Nom de la prestation 1').fill('Concert salon');
    await page.getByLabel('Description de la prestation 1').fill('Deux sets acoustiques, sans sono.');
    await page.getByLabel('Prix de la prestation 1 (en euros)').fill('600,50');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Profil enregistré.').waitFor();

    publicPath = await page.getByRole('link', { name: 'Voir ma page publique' }).getAttribute('href');
    assert.match(publicPath ?? '', /^\/prestataires\/[^/]+$/u);
  });

  it('restores the session from the refresh cookie after a reload', async () => {
    await userPage.reload();
    const stageName = userPage.getByLabel('Nom de scène ou d’entreprise');
    await stageName.waitFor();
    assert.equal(await stageName.inputValue(), 'Trio Éclair');
    assert.equal(await userPage.getByRole('combobox', { name: 'Ville', exact: true }).inputValue(), 'Saint-Étienne');
    assert.equal(await userPage.getByLabel('Prix de la prestation 1 (en euros)').inputValue(), '600,50');
  });

  it('shows the public page to a logged-out visitor', async () => {
    const page = await newPage();
    await page.goto(`${base}${publicPath}`);
    await page.getByRole('heading', { level: 1, name: 'Trio Éclair' }).waitFor();
    const article = page.locator('article');
    const text = (await article.innerText()).replace(/\s+/gu, ' ');
    for (const expected of ['jazz manouche', 'Saint-Étienne', 'Auvergne-Rhône-Alpes', 'Joséphine', 'Concert salon', 'à partir de 600 €']) {
      assert.ok(text.includes(expected), `public page lacks "${expected}": ${text}`);
    }
    assert.match(text, /600,50 €/u);
    await page.getByRole('link', { name: 'Connexion' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    // English switch: labels change, <html lang> follows, the choice survives a reload.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Log in' }).waitFor();
    await page.getByRole('heading', { name: 'Services' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.match((await page.locator('.service-price').innerText()).replace(/\s+/gu, ' '), /€600\.50/u);
    await page.reload();
    await page.getByRole('link', { name: 'Log in' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('link', { name: 'Connexion' }).waitFor();
    await page.context().close();
  });

  it('lists the provider on the home page, with no serious accessibility violation', async () => {
    const page = await newPage();
    await page.goto(base);
    await page.getByRole('heading', { name: 'Derniers prestataires inscrits' }).waitFor();
    await page.getByRole('link', { name: 'Trio Éclair' }).click();
    await page.waitForURL(`${base}${publicPath}`);
    await page.getByRole('heading', { level: 1, name: 'Trio Éclair' }).waitFor();
    await page.goto(base);
    await page.getByRole('link', { name: 'Trio Éclair' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.goto(`${base}/inscription`);
    await page.getByRole('heading', { name: 'Créer un compte' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.context().close();
  });

  it('logs out', async () => {
    await userPage.getByRole('button', { name: 'Déconnexion' }).click();
    await userPage.getByRole('link', { name: 'Connexion' }).waitFor();
    await userPage.goto(`${base}/profil`);
    await userPage.waitForURL(/\/connexion\?next=/u);
    assert.deepEqual(await seriousViolations(userPage), []);
    await userPage.context().close();
  });

  it('had no uncaught error in the pages', () => {
    assert.deepEqual(pageErrors, []);
  });
});
