// Shared by the browser tests (not a test file itself): starts the local gateway on a
// free port with a fresh data folder and the built frontend, and Debian's chromium.
//
// The gateway binary is $ESTRADE_GATEWAY_BIN, else ../target/debug/estrade-gateway
// (cargo build -p estrade-gateway). The browser is /usr/bin/chromium, or $CHROMIUM_PATH.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, '..');
export const dist = join(frontend, 'dist');
export const gatewayBin = process.env.ESTRADE_GATEWAY_BIN
  ? resolve(process.env.ESTRADE_GATEWAY_BIN)
  : resolve(frontend, '../target/debug/estrade-gateway');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const TIMEOUT = 15_000;

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Polls `probe` until it returns a truthy value. */
export async function eventually(what, probe, timeoutMs = TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/**
 * Starts the gateway; `stop()` ends it and removes its data folder (`dataDir`: its outbox/ holds
 * the .eml files). `args` are added to its command line (e.g. `['--loopback-calendars']`).
 */
export async function startGateway({ args = [] } = {}) {
  assert.ok(existsSync(join(dist, 'index.html')), `no ${dist}/index.html: run "npm run build" first`);
  assert.ok(
    existsSync(gatewayBin),
    `no gateway binary at ${gatewayBin}: run "cargo build -p estrade-gateway" or set ESTRADE_GATEWAY_BIN`,
  );
  const dataDir = await mkdtemp(join(tmpdir(), 'estrade-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const gateway = spawn(gatewayBin, ['--addr', `127.0.0.1:${port}`, '--data', dataDir, '--static', dist, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { log: '', exit: null };
  gateway.stdout.on('data', (chunk) => (state.log += chunk));
  gateway.stderr.on('data', (chunk) => (state.log += chunk));
  gateway.on('exit', (code, signal) => (state.exit = { code, signal }));

  async function stop() {
    if (!state.exit) {
      gateway.kill('SIGTERM');
      const stopped = await Promise.race([
        new Promise((ok) => gateway.once('exit', () => ok(true))),
        sleep(5_000).then(() => false),
      ]);
      if (!stopped) gateway.kill('SIGKILL');
    }
    await rm(dataDir, { recursive: true, force: true });
  }

  try {
    await eventually(
      'the gateway to answer GET /api/providers',
      async () => {
        if (state.exit) throw new Error(`gateway exited ${JSON.stringify(state.exit)}:\n${state.log}`);
        const response = await fetch(`${base}/api/providers`);
        return response.ok;
      },
      60_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, stop, log: () => state.log, dataDir };
}

export async function launchBrowser() {
  assert.ok(existsSync(chromiumPath), `no browser at ${chromiumPath}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** axe-core's serious and critical violations on the page, as readable lines. */
export async function seriousViolations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The password of every demo account the gateway seeds (infra/gateway/src/demo.rs). */
export const DEMO_PASSWORD = 'estrade-demo-2026';

/** Logs `page` in as the demo account `email` through the French login form, landing on `next`. */
export async function logIn(page, base, email, next) {
  await page.goto(`${base}/connexion?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Adresse e-mail', { exact: true }).fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${base}${next}`);
}

/** A new page in its own French context, its uncaught errors collected in `pageErrors`. */
export async function openPage(browser, pageErrors, options = {}) {
  const context = await browser.newContext({ locale: 'fr-FR', ...options });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** An access token of the demo account `email`, through the API. */
export async function apiToken(base, email) {
  const answer = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  assert.equal(answer.status, 200);
  return (await answer.json()).access_token;
}

/** An API call with a bearer token: `{status, body}` (the JSON body, or null). */
export async function apiCall(base, token, method, path, body) {
  const answer = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  return { status: answer.status, body: text ? JSON.parse(text) : null };
}
