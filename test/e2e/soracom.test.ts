// SORACOM accounts in the popup, in real Chromium, against the real core and keychain and the
// spec-validated SORACOM emulator: add a root account in the form, log in with a code, set up MFA by
// scanning the QR code off the screen, see the backup codes once — and then soracom-cli (emulated: it
// reads the ~/.soracom file, runs its profileCommand = the built CLI, POSTs /auth) waits on the popup for
// the code, which the test types in as the user would.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { secretAccounts } from '../../src/core/keychain/secret-store';
import { decodeQrFile } from '../support/qr-decode';
import { SoracomEmulator } from '../support/soracom/server';
import { soracomCliAuthenticate, type SoracomCliAuthResult } from '../support/soracom/soracom-cli';
import { newSeed } from '../support/soracom/totp';
import {
  type DevHost,
  englishSentences,
  openPopupPage,
  requireBuiltRenderer,
  sandboxEnv,
  screenshotPath,
  startDevHost,
} from './dev-host';

const NAME = 'sora';
const EMAIL = 'owner@example.com';
const PASSWORD = 'correct-horse-battery-9';

let emu: SoracomEmulator;
let dir: string;
let env: NodeJS.ProcessEnv;
let host: DevHost;
let browser: Browser;
let page: Page;
let operatorId: string;
/** Every /api answer the page got, by channel: none may carry the password or the token. */
const answers: { channel: string; body: string }[] = [];

async function shot(name: string): Promise<void> {
  // The pointer stays where the last click was: a hovered button would look different in every picture.
  await page.mouse.move(1, 1);
  await page.screenshot({ path: screenshotPath(name) });
  if (/-ja(-|$)/.test(name)) {
    assert.deepEqual(await englishSentences(page), [], `no English sentence in the Japanese popup (${name})`);
  }
}

async function language(lang: 'en' | 'ja'): Promise<void> {
  await page.getByTestId('settings').click();
  await page.getByTestId('setting-language').selectOption(lang);
  await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
  await page.getByTestId('back').click();
  await page.getByTestId(`profile-row-${NAME}`).waitFor();
}

async function storedToken(): Promise<{ apiKey: string; token: string }> {
  const raw = await host.core.secrets.get(secretAccounts.session(NAME));
  assert.ok(raw, 'a session is in the keychain');
  return JSON.parse(raw) as { apiKey: string; token: string };
}

async function assertNotInPage(secrets: string[], what: string): Promise<void> {
  const dom = await page.content();
  const text = await page.locator('body').innerText();
  for (const secret of secrets) {
    assert.ok(!dom.includes(secret) && !text.includes(secret), `${what} is not in the DOM`);
  }
}

describe('SORACOM accounts in the popup', () => {
  before(async () => {
    requireBuiltRenderer();
    emu = await SoracomEmulator.start();
    // The account has MFA on already (its seed is the user's phone); the test turns it off later to set it up anew.
    const operator = emu.addOperator({ email: EMAIL, password: PASSWORD, mfaSeed: newSeed() });
    operatorId = operator.operatorId;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-e2e-soracom-'));
    // No AWS here: an endpoint nobody listens on.
    env = sandboxEnv(dir, 'http://127.0.0.1:9', process.env, emu.endpoint);
    host = await startDevHost({ env, bridge: true });
    ({ browser, page } = await openPopupPage(host.url, {
      onApiAnswer: (channel, body) => answers.push({ channel, body }),
    }));
    await page.getByTestId('empty-state').waitFor();
  });

  after(async () => {
    await browser?.close();
    await host?.stop();
    await emu?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('add a root account in the form: the password goes to the keychain and leaves the page', async () => {
    await page.getByTestId('add-soracom').click();
    await page.getByTestId('soracom-name').fill(NAME);
    await page.getByTestId('soracom-mode-root').check();
    await page.getByTestId('soracom-email').fill(EMAIL);
    await page.getByTestId('soracom-secret').fill(PASSWORD);
    await shot('soracom-add-en-light');
    await page.getByTestId('soracom-save').click();
    await page.getByTestId(`profile-row-${NAME}`).waitFor();

    assert.equal(await page.getByTestId('soracom-secret').count(), 0, 'the form is gone');
    await assertNotInPage([PASSWORD], 'the password');
    assert.equal(await host.core.secrets.get(secretAccounts.soracomSecret(NAME)), PASSWORD);
    await page.getByTestId(`soracom-mark-${NAME}`).waitFor();
    assert.equal(await page.getByTestId(`soracom-identity-${NAME}`).innerText(), EMAIL);
    // The soracom-cli profile file: 0600, running the built CLI for its credentials.
    const file = path.join(env.SORACOM_PROFILE_DIR!, `${NAME}.json`);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { profileCommand: string };
    assert.match(json.profileCommand, new RegExp(`soracom profile-command ${NAME}$`));
  });

  test('log in with a code from the phone: the row shows the operator and the countdown', async () => {
    await page.getByTestId(`login-${NAME}`).click();
    await page.getByTestId('otp-soracom').waitFor();
    const seed = emu.state.operators.get(operatorId)!.mfa.seed!;
    await page.getByTestId('otp-input').fill(emu.codeFor(seed));
    await page.waitForSelector(`[data-testid="state-${NAME}"][data-state="valid"]`);
    const countdown = await page.getByTestId(`countdown-${NAME}`).innerText();
    // 24 h by default, counting down (within a second of rounding either way).
    const [h, m, sec] = countdown.split(':').map(Number);
    const left = h * 3600 + m * 60 + sec;
    assert.ok(left > 86_400 - 60 && left <= 86_401, `countdown ${countdown}`);
    assert.equal(
      await page.getByTestId(`soracom-identity-${NAME}`).innerText(),
      `${operatorId} / ${EMAIL}`,
      'the operator id, known since the login',
    );
    const { apiKey, token } = await storedToken();
    await assertNotInPage([PASSWORD, apiKey, token], 'the token');
    await shot('soracom-status-en-light');
  });

  test('set up MFA: the QR on screen, a code from the "phone", the backup codes once', async () => {
    // The user turned MFA off in the SORACOM console; the popup turns it on again with a new secret.
    Object.assign(emu.state.operators.get(operatorId)!.mfa, { status: 'INACTIVE', seed: undefined });
    await page.getByTestId(`more-${NAME}`).click();
    await page.getByTestId(`mfa-devices-${NAME}`).click();
    await page.locator('[data-testid="soracom-mfa-status"][data-status="INACTIVE"]').waitFor();
    await page.getByTestId('soracom-mfa-start').click();
    const qr = page.getByTestId('soracom-mfa-qr');
    await qr.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="soracom-mfa-qr"]');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    await shot('soracom-mfa-scan-en-light');

    // The phone: reads the QR code off the screen.
    const png = path.join(dir, 'screen-qr.png');
    await qr.screenshot({ path: png });
    const uri = await decodeQrFile(png);
    fs.rmSync(png);
    assert.equal(uri, emu.scanTotpUri(operatorId).uri, 'the QR code is the totpUri SORACOM handed out');
    const seed = new URL(uri).searchParams.get('secret')!;
    assert.equal(emu.mfaStatus(operatorId), 'UNCONFIRMED');

    await page.getByTestId('soracom-mfa-code').fill(emu.codeFor(seed));
    await page.getByTestId('soracom-mfa-verify').click();
    const list = page.getByTestId('soracom-backup-codes');
    await list.waitFor();
    assert.equal(emu.mfaStatus(operatorId), 'ACTIVE');
    const shown = (await list.locator('li').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(
      shown,
      emu.state.operators.get(operatorId)!.backupCodes,
      'the backup codes, as SORACOM sent them',
    );
    await assertNotInPage([seed, PASSWORD], 'the seed');
    await shot('soracom-mfa-backup-en-light');

    // Escape does not close them away: "I saved them" does.
    await page.keyboard.press('Escape');
    assert.equal(await list.count(), 1, 'still shown after Escape');
    await page.getByTestId('soracom-backup-saved').click();
    await page.getByTestId(`profile-row-${NAME}`).waitFor();
    await assertNotInPage([shown[0]], 'a backup code');
    // Shown once: opening the wizard again shows the status, not the codes.
    await page.getByTestId(`more-${NAME}`).click();
    await page.getByTestId(`mfa-devices-${NAME}`).click();
    await page.locator('[data-testid="soracom-mfa-status"][data-status="ACTIVE"]').waitFor();
    assert.equal(await page.getByTestId('soracom-backup-codes').count(), 0);
    await page.getByTestId('back').click();
    await page.getByTestId(`profile-row-${NAME}`).waitFor();

    // Japanese: the list, and then the prompt below.
    await language('ja');
    await shot('soracom-status-ja-light');

    // soracom-cli runs the profileCommand (the built CLI), which waits on the popup for the code.
    const cli: Promise<SoracomCliAuthResult> = soracomCliAuthenticate({
      profile: NAME,
      env,
      commandTimeoutMs: 60_000,
    });
    let settled = false;
    void cli.then(
      () => (settled = true),
      () => (settled = true),
    );
    await page.locator('.app[data-view="otp"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('otp-cli-waiting').waitFor();
    assert.equal(host.controller.prompts.pending()[0]?.reason, 'cli-code');
    assert.equal(settled, false, 'soracom-cli waits for the code');
    await shot('soracom-cli-code-ja-light');

    // The next window's code (SORACOM accepts ±1 window): not the one spent on verifying.
    const code = emu.codeFor(seed, 1);
    await page.getByTestId('otp-input').fill(code);
    const result = await cli;
    assert.deepEqual(JSON.parse(result.command!.stdout), {
      email: EMAIL,
      password: PASSWORD,
      mfaOTPCode: code,
    });
    assert.equal(result.authRequest.mfaOTPCode, code, 'soracom-cli sent the typed code to /auth');
    assert.equal(result.auth.operatorId, operatorId);
    assert.equal(result.command!.stderr, '', 'nothing on stderr');
    await page.getByTestId('notice').waitFor();
    assert.deepEqual(host.controller.prompts.pending(), []);
    await assertNotInPage([PASSWORD, seed, result.auth.token], 'a secret');
    await shot('soracom-code-handed-out-ja-light');

    // No answer to the page carried the password or a token; only soracom:mfa-enable carried the seed.
    const { token } = await storedToken();
    for (const { channel, body } of answers) {
      assert.ok(!body.includes(PASSWORD), `${channel}: no password`);
      assert.ok(!body.includes(token), `${channel}: no token`);
      if (channel !== 'soracom:mfa-enable') assert.ok(!body.includes(seed), `${channel}: no seed`);
    }
    assert.deepEqual(emu.specViolations, []);
  });
  test('edit (the password field stays empty and write-only) and remove, which deletes the soracom-cli file', async () => {
    await page.getByTestId(`more-${NAME}`).click();
    await page.getByTestId(`edit-${NAME}`).click();
    await page.getByTestId('soracom-form').waitFor();
    assert.equal(
      await page.getByTestId('soracom-secret').inputValue(),
      '',
      'the stored password is never shown',
    );
    await page.getByTestId('soracom-timeout').selectOption('3600');
    await shot('soracom-edit-ja-light');
    await page.getByTestId('soracom-save').click();
    await page.getByTestId(`profile-row-${NAME}`).waitFor();
    const stored = host.core.profiles.load().profiles.find((p) => p.name === NAME);
    assert.equal(stored?.kind === 'soracom' ? stored.tokenTimeoutSeconds : undefined, 3600);
    assert.equal(await host.core.secrets.get(secretAccounts.soracomSecret(NAME)), PASSWORD, 'kept');

    await page.getByTestId(`more-${NAME}`).click();
    await page.getByTestId(`edit-${NAME}`).click();
    await page.getByTestId('remove-profile').click();
    await page.getByTestId('confirm-remove').click();
    await page.locator('[data-testid="empty-state"], [data-testid="form-error"]').first().waitFor();
    assert.equal(await page.getByTestId('form-error').count(), 0, await page.locator('body').innerText());
    assert.equal(fs.existsSync(path.join(env.SORACOM_PROFILE_DIR!, `${NAME}.json`)), false);
    assert.equal(await host.core.secrets.get(secretAccounts.soracomSecret(NAME)), null);
  });
});
