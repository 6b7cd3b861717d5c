// The popup end to end, in real Chromium: the built renderer, served by the dev host, over the real core
// (the throwaway gnome-keyring of scripts/with-keyring.sh, AWS files in a temp dir) and the moto-backed AWS
// test layer. One flow, in order: add a profile, log in (wrong, right, reused codes), look at it in both
// languages and themes, let the clock run out, and check that no secret ever reached the page.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { secretAccounts } from '../../src/core/keychain/secret-store';
import {
  createUser,
  startAwsTestEnv,
  totpCode,
  waitForFreshWindow,
  type AwsTestEnv,
  type TestUser,
} from '../support/aws-test-env';
import {
  type DevHost,
  openPopupPage,
  requireBuiltRenderer,
  sandboxEnv,
  screenshotPath,
  startDevHost,
  englishSentences,
} from './dev-host';

const NAME = 'alice';
const LEAD_MS = 600_000;

let aws: AwsTestEnv;
let user: TestUser;
let dir: string;
let host: DevHost;
let browser: Browser;
let page: Page;
/** Everything the page was told: /api answers and server-sent events, as text. */
const apiBodies: string[] = [];
const events: { event: string; payload: unknown }[] = [];
/** How far both clocks (the host's and the page's) were moved ahead of real time. */
let advancedMs = 0;

async function moveClocks(ms: number): Promise<void> {
  advancedMs += ms;
  host.setClockOffset(advancedMs);
  await page.clock.fastForward(ms);
}

async function shot(name: string): Promise<void> {
  // The pointer stays where the last click was: a hovered button would look different in every picture.
  await page.mouse.move(1, 1);
  await page.screenshot({ path: screenshotPath(name) });
  if (/-ja(-|$)/.test(name)) {
    assert.deepEqual(await englishSentences(page), [], `no English sentence in the Japanese popup (${name})`);
  }
}

async function poll(condition: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A code the layer will refuse: from a window far from the current one, and unlike its neighbours. */
function wrongCode(seed: string): string {
  const now = Date.now();
  const near = new Set([-1, 0, 1].map((w) => totpCode(seed, now + w * 30_000)));
  for (let k = 10; ; k++) {
    const code = totpCode(seed, now + k * 30_000);
    if (!near.has(code)) return code;
  }
}

describe('the popup in Chromium', () => {
  before(async () => {
    requireBuiltRenderer();
    aws = await startAwsTestEnv();
    user = await createUser(aws, NAME);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-e2e-popup-'));
    host = await startDevHost({
      env: sandboxEnv(dir, aws.endpoint),
      bridge: false,
      onEvent: (event, payload) => events.push({ event, payload }),
    });
    ({ browser, page } = await openPopupPage(host.url, {
      onApiAnswer: (_channel, body) => apiBodies.push(body),
      // The renderer's countdown reads Date.now(): a fake clock (flowing in real time) lets the test jump it.
      beforeLoad: (p) => p.clock.install({ time: Date.now() }),
    }));
  });

  after(async () => {
    await browser?.close();
    await host?.stop();
    await aws?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('add a profile through the form; Detect fills in the MFA device', async () => {
    await page.getByTestId('add-profile').click();
    // A field's error goes away as soon as the user types in it.
    await page.getByTestId('save-profile').click();
    const required = page.getByTestId('form-error');
    await required.waitFor();
    assert.equal(await page.getByTestId('field-name').getAttribute('aria-invalid'), 'true');
    await page.getByTestId('field-name').pressSequentially('a');
    await required.waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('field-name').getAttribute('aria-invalid'), 'false');
    await page.getByTestId('field-name').fill(NAME);
    await page.getByTestId('field-access-key-id').fill(user.accessKeyId);
    await page.getByTestId('field-secret').fill(user.secretAccessKey);
    await page.getByTestId('detect-serial').click();
    await poll(
      async () => (await page.getByTestId('field-mfa-serial').inputValue()) === user.serialNumber,
      'the detected serial',
    );
    // The result next to the button, by device name (not a clipped ARN).
    const deviceName = user.serialNumber!.slice(user.serialNumber!.lastIndexOf('/') + 1);
    assert.equal((await page.getByTestId('detect-found').innerText()).trim(), `Found ${deviceName}.`);
    await shot('form-en-light');
    await page.getByTestId('save-profile').click();
    await page.getByTestId(`profile-row-${NAME}`).waitFor();
    assert.equal(await page.getByTestId(`state-${NAME}`).getAttribute('data-state'), 'none');
    // Not a grey 0:00:00: the row says it.
    assert.equal((await page.getByTestId(`countdown-${NAME}`).innerText()).trim(), 'Not logged in');
    assert.equal(await page.getByTestId(`profile-row-${NAME}`).getAttribute('data-highlight'), 'true');
    const stored = host.controller.profiles().find((p) => p.name === NAME);
    assert.equal(stored?.mfaSerial, user.serialNumber);
    assert.equal(stored?.accessKeyIdSuffix, user.accessKeyId.slice(-4));
    await shot('status-new-en-light');
  });

  test('a wrong code is refused, the right one logs in, and the same code again is "already used"', async () => {
    await page.getByTestId(`login-${NAME}`).click();
    const input = page.getByTestId('otp-input');
    await input.waitFor();
    await waitForFreshWindow(10);

    await input.fill(wrongCode(user.seed!));
    const error = page.getByTestId('otp-error');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-kind'), 'wrong-code');
    assert.match((await error.innerText()).trim(), /\S/);
    await shot('otp-wrong-code-en-light');

    const code = totpCode(user.seed!);
    await input.fill(code);
    await page.waitForSelector(`[data-testid="state-${NAME}"][data-state="valid"]`);
    assert.match(
      fs.readFileSync(path.join(dir, 'aws', 'credentials'), 'utf8'),
      /\[alice-mfa\][\s\S]*aws_session_token/,
    );
    // How to use it, with a Copy button.
    assert.equal((await page.getByTestId('use-command').innerText()).trim(), 'aws … --profile alice-mfa');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url });
    await page.getByTestId('copy-command').click();
    await page.locator('[data-testid="copy-command"][data-copied="true"]').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '--profile alice-mfa');
    await shot('status-valid-en-light');

    await page.getByTestId(`login-${NAME}`).click();
    await input.waitFor();
    await input.fill(code);
    await error.waitFor();
    assert.equal(await error.getAttribute('data-kind'), 'code-reused');
    assert.match(await error.innerText(), /already used/i);
    await shot('otp-code-reused-en-light');
    // Enter on the emptied field keeps the specific message instead of "enter all 6 digits".
    assert.equal(await input.inputValue(), '');
    await input.press('Enter');
    await page.waitForTimeout(300);
    assert.equal(await error.getAttribute('data-kind'), 'code-reused');
    assert.match(await error.innerText(), /already used/i);
    // Typing a few digits and Enter: then the length is what is wrong.
    await input.fill('12');
    await input.press('Enter');
    await poll(async () => /6 digits/.test(await error.innerText()), '"enter all 6 digits"');
    await page.getByTestId('otp-cancel').click();
    await page.getByTestId(`profile-row-${NAME}`).waitFor();
  });

  test('screenshots (npm run screenshots): English and Japanese, light and dark, with the facts they show', async () => {
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const backgrounds: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      backgrounds.push(await background());
      await shot(`status-en-${scheme}`);
    }
    assert.notEqual(backgrounds[0], backgrounds[1], 'dark mode changes the colours');
    assert.equal((await page.getByTestId(`login-${NAME}`).innerText()).trim(), 'Refresh');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('settings').click();
    await page.getByTestId('setting-language').selectOption('ja');
    await page.locator('html[lang="ja"]').waitFor({ state: 'attached' });
    await shot('settings-ja-light');
    await page.getByTestId('back').click();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await shot(`status-ja-${scheme}`);
    }
    assert.equal((await page.getByTestId(`login-${NAME}`).innerText()).trim(), '更新');
    assert.equal(await page.getByTestId(`state-${NAME}`).getAttribute('aria-label'), '有効');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId(`more-${NAME}`).click();
    await page.getByTestId(`logout-${NAME}`).waitFor();
    await shot('status-row-menu-ja-light');
    await page.keyboard.press('Escape');
    await page.getByTestId(`logout-${NAME}`).waitFor({ state: 'detached' });
    await page.getByTestId('app-menu').click();
    await page.getByTestId('app-quit').waitFor();
    await shot('status-app-menu-ja-light');
    await page.keyboard.press('Escape');
    // As if the "session expiring" notification was clicked.
    const opened = await fetch(`${host.url}/test/prompt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: NAME, reason: 'expiring' }),
    });
    assert.equal(opened.status, 200);
    await page.getByTestId('otp-input').waitFor();
    await shot('otp-ja-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await shot('otp-ja-light');
    await page.getByTestId('otp-cancel').click();
    await page.getByTestId('add-profile').click();
    await page.getByTestId('field-name').waitFor();
    await shot('form-ja-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('form-ja-dark');
    await page.getByTestId('back').click();
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByTestId('settings').click();
    await page.getByTestId('setting-language').selectOption('en');
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await page.getByTestId('back').click();
    await page.getByTestId(`profile-row-${NAME}`).waitFor();
  });

  test('the countdown ticks; the state turns expiring, then expired, as the clock moves', async () => {
    const countdown = page.getByTestId(`countdown-${NAME}`);
    const first = (await countdown.innerText()).trim();
    assert.match(first, /^\d+:\d{2}:\d{2}$/);
    await moveClocks(3_000);
    await poll(async () => (await countdown.innerText()).trim() !== first, 'the countdown to tick');

    const expiry = Date.parse(host.controller.profiles().find((p) => p.name === NAME)!.expiresAt!);
    await moveClocks(expiry - LEAD_MS + 5_000 - host.clock.now());
    await page.waitForSelector(`[data-testid="state-${NAME}"][data-state="expiring"]`);
    // The host's scheduler saw it too (its timer fired on the moved clock) and told the page.
    await until(
      () =>
        events.some(
          (e) =>
            e.event === 'profiles:changed' &&
            (e.payload as { name: string; state: string }[])[0]?.state === 'expiring',
        ),
      'profiles:changed with "expiring"',
    );
    assert.match((await countdown.innerText()).trim(), /^0:0\d:\d{2}$/);
    await shot('status-expiring-en-light');

    await moveClocks(expiry + 2_000 - host.clock.now());
    await page.waitForSelector(`[data-testid="state-${NAME}"][data-state="expired"]`);
    await until(
      () =>
        events.some(
          (e) =>
            e.event === 'profiles:changed' &&
            (e.payload as { name: string; state: string }[])[0]?.state === 'expired',
        ),
      'profiles:changed with "expired"',
    );
    assert.equal((await countdown.innerText()).trim(), 'Expired just now');
    await moveClocks(3 * 60_000);
    await poll(
      async () => (await countdown.innerText()).trim() === 'Expired 3 min ago',
      '"Expired 3 min ago"',
    );
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('status-expired-en-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('no secret reached the page: not in the DOM, any /api answer or any event', async () => {
    const raw = await host.core.secrets.get(secretAccounts.session(NAME));
    assert.ok(raw, 'the session is in the keychain');
    const session = JSON.parse(raw) as { secretAccessKey: string; sessionToken: string };
    const secrets = {
      'base secret key': user.secretAccessKey,
      'session secret': session.secretAccessKey,
      'session token': session.sessionToken,
    };
    const dom = await page.content();
    assert.ok(apiBodies.length > 10, 'the /api answers were recorded');
    const eventText = JSON.stringify(events);
    for (const [what, secret] of Object.entries(secrets)) {
      assert.ok(!dom.includes(secret), `the DOM holds the ${what}`);
      assert.ok(!eventText.includes(secret), `an event holds the ${what}`);
      for (const body of apiBodies) assert.ok(!body.includes(secret), `an /api answer holds the ${what}`);
    }
  });

  test('Help and Quit from the popup reach the app', async () => {
    const state = async () =>
      (await (await fetch(`${host.url}/test/state`)).json()) as {
        helpRequests: number;
        quitRequests: number;
      };
    assert.deepEqual(await state().then((s) => [s.helpRequests, s.quitRequests]), [0, 0]);
    await page.getByTestId('app-menu').click();
    await page.getByTestId('app-help').click();
    await poll(async () => (await state()).helpRequests === 1, 'app:help');
    await page.getByTestId('app-menu').click();
    await page.getByTestId('app-quit').click();
    await poll(async () => (await state()).quitRequests === 1, 'app:quit');
    assert.equal((await state()).helpRequests, 1);
  });

  test('the code command is saved from the form; removing the profile asks once, Cancel focused', async () => {
    await page.getByTestId(`more-${NAME}`).click();
    await page.getByTestId(`edit-${NAME}`).click();
    // A shell construct: refused by the core, and the error shows at the field, in words, until typing.
    const field = page.getByTestId('field-code-command');
    await field.fill('op item get AWS --otp | head -1');
    await page.getByTestId('save-profile').click();
    const fieldError = page.locator('.field-error[data-testid="form-error"]');
    await fieldError.waitFor();
    assert.match(await fieldError.innerText(), /without a shell/);
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'field-code-command',
    );
    await field.fill('op item get "AWS" --otp');
    await fieldError.waitFor({ state: 'detached' });
    await page.getByTestId('save-profile').click();
    await page.getByTestId(`profile-row-${NAME}`).waitFor();
    assert.deepEqual(
      host.controller.profiles().find((p) => p.name === NAME)?.codeCommand,
      'op item get AWS --otp',
    );

    await page.getByTestId(`more-${NAME}`).click();
    await page.getByTestId(`edit-${NAME}`).click();
    assert.equal(await page.getByTestId('field-code-command').inputValue(), 'op item get AWS --otp');
    await page.getByTestId('remove-profile').click();
    const confirm = page.getByTestId('remove-confirm');
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /alice-mfa/);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'confirm-cancel',
    );
    const box = await page.getByTestId('confirm-remove').boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 520, 'the buttons show without scrolling');
    await shot('form-remove-confirm-en-light');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    assert.ok(
      host.controller.profiles().some((p) => p.name === NAME),
      'Esc removed nothing',
    );
    await page.getByTestId('remove-profile').click();
    await page.getByTestId('confirm-remove').click();
    await page.getByTestId('empty-state').waitFor();
    assert.equal(host.controller.profiles().length, 0);
  });
});
