// "Set up MFA device" end to end, in real Chromium: the built renderer served by the dev host, over the real
// core and the moto-backed AWS test layer (which checks the two codes of EnableMFADevice as AWS does). The
// test acts as the phone: it reads the QR code off the page with zbarimg and computes the codes from the
// secret in it. One flow, in order: a new IAM user without MFA goes from "no MFA device" to "logged in with
// the new device" without the AWS console or CLI; then the device list, resync, a second device with the
// built-in authenticator (in Japanese, dark), removal with two confirmations, and quitting mid-setup.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import {
  CreateVirtualMFADeviceCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import type { Browser, Page } from 'playwright-core';
import { parseOtpauthUri, type OtpauthParts } from '../../src/core/otpauth';
import { secretAccounts } from '../../src/core/keychain/secret-store';
import {
  adminIamClient,
  createUser,
  startAwsTestEnv,
  type AwsTestEnv,
  type TestUser,
} from '../support/aws-test-env';
import { CodeBook } from '../support/mfa-codes';
import { decodeQrDataUrl, decodeQrFile, ZBARIMG } from '../support/qr-decode';
import {
  type DevHost,
  openPopupPage,
  requireBuiltRenderer,
  sandboxEnv,
  screenshotPath,
  startDevHost,
  englishSentences,
} from './dev-host';

const NAME = 'carol';
const AWS_CLI = '/usr/bin/aws';
const ISSUER = 'Amazon Web Services';
/** A built-in login may wait for the next 30-s window (the current code was spent enabling the device). */
const BUILT_IN_LOGIN_TIMEOUT_MS = 45_000;

let aws: AwsTestEnv;
let user: TestUser;
let dir: string;
let host: DevHost;
let browser: Browser;
let page: Page;
/** Every /api answer the page got, with its channel, and every server-sent event, as text. */
const apiAnswers: { channel: string; body: string }[] = [];
const events: { event: string; payload: unknown }[] = [];
/** The secrets read off the QR codes, by device name. */
const seeds = new Map<string, string>();

async function shot(name: string): Promise<void> {
  // The pointer stays where the last click was: a hovered button would look different in every picture.
  await page.mouse.move(1, 1);
  await page.screenshot({ path: screenshotPath(name) });
  if (/-ja(-|$)/.test(name)) {
    assert.deepEqual(await englishSentences(page), [], `no English sentence in the Japanese popup (${name})`);
  }
}

async function scheme(colorScheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme });
}

async function language(lang: 'en' | 'ja'): Promise<void> {
  const view = await page.locator('.app').getAttribute('data-view');
  assert.equal(view, 'status', 'switch the language from the status view');
  await page.getByTestId('settings').click();
  await page.getByTestId('setting-language').selectOption(lang);
  await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
  await page.getByTestId('back').click();
  await page.getByTestId(`profile-row-${NAME}`).waitFor();
}

function serialOf(deviceName: string): string {
  return `arn:aws:iam::${user.accountId}:mfa/${deviceName}`;
}

async function unassignedSerials(): Promise<string[]> {
  const iam = adminIamClient(aws);
  try {
    const out = await iam.send(
      new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned', MaxItems: 1000 }),
    );
    return (out.VirtualMFADevices ?? []).map((d) => d.SerialNumber ?? '');
  } finally {
    iam.destroy();
  }
}

async function assignedSerials(): Promise<string[]> {
  const iam = adminIamClient(aws);
  try {
    const out = await iam.send(new ListMFADevicesCommand({ UserName: user.userName }));
    return (out.MFADevices ?? []).map((d) => d.SerialNumber ?? '');
  } finally {
    iam.destroy();
  }
}

/** Through the setup to the QR code: name, Create, and the QR image is on the page. */
async function createDevice(deviceName: string): Promise<void> {
  const field = page.getByTestId('mfa-device-name');
  await field.waitFor();
  await field.fill(deviceName);
  await page.getByTestId('mfa-create').click();
  await page.getByTestId('mfa-qr').waitFor();
}

/**
 * What a phone reads: the QR element as rendered (a screenshot of it) through zbarimg, checked against the
 * image's own bytes, and parsed as AWS's otpauth URI.
 */
async function scanQr(deviceName: string, shotName: string): Promise<OtpauthParts> {
  const file = screenshotPath(shotName);
  await page.getByTestId('mfa-qr').screenshot({ path: file });
  const fromScreen = await decodeQrFile(file);
  const src = (await page.getByTestId('mfa-qr').getAttribute('src')) ?? '';
  assert.ok(src.startsWith('data:image/png;base64,'), 'the QR code is a PNG data URL');
  assert.equal(await decodeQrDataUrl(src), fromScreen, 'the rendered QR says what the image says');

  const url = new URL(fromScreen);
  assert.equal(url.protocol, 'otpauth:');
  assert.equal(url.host, 'totp');
  assert.equal(url.searchParams.get('issuer'), ISSUER);
  assert.match(fromScreen, /^otpauth:\/\/totp\/Amazon%20Web%20Services:/, 'the label is URI-encoded');
  const parts = parseOtpauthUri(fromScreen);
  assert.equal(parts.label, `${ISSUER}:${deviceName}@${user.accountId}`);
  assert.equal(parts.issuer, ISSUER);
  assert.match(parts.secret, /^[A-Z2-7]{16,}$/);
  seeds.set(deviceName, parts.secret);
  return parts;
}

async function enterCodes(code1: string, code2: string): Promise<void> {
  await page.getByTestId('mfa-code1').fill(code1);
  await page.getByTestId('mfa-code2').fill(code2);
  await page.getByTestId('mfa-enable').click();
}

/** Two codes AWS refuses, unlike each other. */
function wrongPair(book: CodeBook): [string, string] {
  const first = book.wrong();
  const second = String((Number(first) + 500_001) % 1_000_000).padStart(6, '0');
  return [first, second];
}

describe('setting up a virtual MFA device in the popup (Chromium)', () => {
  before(async () => {
    requireBuiltRenderer();
    if (!fs.existsSync(ZBARIMG))
      throw new Error(`These tests read QR codes with ${ZBARIMG}: apt-get install -y zbar-tools.`);
    aws = await startAwsTestEnv();
    user = await createUser(aws, NAME, { withMfa: false });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-e2e-mfa-'));
    host = await startDevHost({
      env: sandboxEnv(dir, aws.endpoint),
      bridge: false,
      onEvent: (event, payload) => events.push({ event, payload }),
    });
    ({ browser, page } = await openPopupPage(host.url, {
      reducedMotion: 'reduce',
      onApiAnswer: (channel, body) => apiAnswers.push({ channel, body }),
    }));
  });

  after(async () => {
    await browser?.close();
    await host?.stop();
    await aws?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a profile without an MFA device offers "Set up MFA device" instead of Log in', async () => {
    await page.getByTestId('add-profile').click();
    await page.getByTestId('field-name').fill(NAME);
    await page.getByTestId('field-access-key-id').fill(user.accessKeyId);
    await page.getByTestId('field-secret').fill(user.secretAccessKey);
    await page.getByTestId('save-profile').click();
    const row = page.getByTestId(`profile-row-${NAME}`);
    await row.waitFor();
    assert.equal(host.controller.profiles()[0]?.mfaSerial, null);
    await page.getByTestId(`mfa-setup-${NAME}`).waitFor();
    assert.equal(await page.getByTestId(`login-${NAME}`).count(), 0, 'no Log in without a device');
    await shot('mfa-01-status-no-device-en-light');
    // The profile's edit view leads there too.
    await page.getByTestId(`more-${NAME}`).click();
    await page.getByTestId(`edit-${NAME}`).click();
    await page.getByTestId('form-mfa-setup').waitFor();
    await page.getByTestId('form-mfa-devices').waitFor();
    // Both links whole at 360 px: nothing clipped or cut off with an ellipsis.
    for (const id of ['form-mfa-devices', 'form-mfa-setup']) {
      const fits = await page
        .getByTestId(id)
        .evaluate((b) => b.scrollWidth <= b.clientWidth && b.getBoundingClientRect().right <= 360);
      assert.ok(fits, `${id} is not clipped`);
    }
    await page.getByTestId('back').click();
    await row.waitFor();
  });

  test('giving up a setup deletes the unassigned device, after asking: Cancel on the QR step, Back from the code step', async () => {
    await page.getByTestId(`mfa-setup-${NAME}`).click();
    await createDevice('carol-given-up');
    assert.ok((await unassignedSerials()).includes(serialOf('carol-given-up')), 'created in AWS');
    await page.getByTestId('mfa-abandon').click();
    // The QR code was shown: the user may have scanned it, so Cancel asks first, with "keep going" focused.
    const confirm = page.getByTestId('mfa-abandon-confirm');
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /carol-given-up[\s\S]*deleted in AWS[\s\S]*authenticator app/);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'confirm-cancel',
    );
    assert.ok(
      await page.getByTestId('mfa-confirm-abandon').isVisible(),
      'the buttons show without scrolling',
    );
    await shot('mfa-02-abandon-confirm-en-light');
    await page.keyboard.press('Escape');
    await page.getByTestId('mfa-qr').waitFor();
    assert.ok((await unassignedSerials()).includes(serialOf('carol-given-up')), 'Esc kept the setup');
    await page.getByTestId('mfa-abandon').click();
    await page.getByTestId('mfa-confirm-abandon').click();
    await page.getByTestId(`profile-row-${NAME}`).waitFor();
    assert.equal(await page.getByTestId('notice').count(), 1, 'the popup says the device was deleted');
    assert.ok(!(await unassignedSerials()).includes(serialOf('carol-given-up')), 'no orphan left');
    await shot('mfa-02-abandoned-en-light');

    await page.getByTestId(`mfa-setup-${NAME}`).click();
    await createDevice('carol-backed-out');
    await page.getByTestId('mfa-next').click();
    await page.getByTestId('mfa-code1').waitFor();
    // Back and Esc go one step back: from the codes to the QR code, then (after asking) out.
    await page.keyboard.press('Escape');
    await page.getByTestId('mfa-qr').waitFor();
    await page.getByTestId('mfa-next').click();
    await page.getByTestId('mfa-code1').waitFor();
    await page.getByTestId('back').click();
    await page.getByTestId('mfa-qr').waitFor();
    await page.getByTestId('back').click();
    await page.getByTestId('mfa-confirm-abandon').click();
    await page.getByTestId(`profile-row-${NAME}`).waitFor();
    assert.deepEqual(
      (await unassignedSerials()).filter((s) => s.includes(':mfa/carol-')),
      [],
      'no orphan left after Back either',
    );
    const deletes = aws.layer.requests.filter(
      (r) => r.action === 'DeleteVirtualMFADevice' && r.status === 200,
    );
    assert.equal(deletes.length, 2);
  });

  test('set up: QR code read by zbarimg, seed behind "can’t scan?", wrong codes retried, two consecutive codes enable it', async () => {
    await page.getByTestId(`mfa-setup-${NAME}`).click();
    await page.getByTestId('mfa-device-name').waitFor();
    await page.getByTestId('mfa-count').waitFor();
    assert.match(await page.getByTestId('mfa-count').innerText(), /0 of 8 MFA devices/);
    assert.equal(await page.getByTestId('mfa-device-name').inputValue(), `${NAME}-mfa-tray`);
    assert.match(
      await page.getByTestId('mfa-time-limit').innerText(),
      /15 minutes/,
      'the time limit up front',
    );
    await page.getByTestId('mfa-device-name').fill('carol phone');
    await page.getByTestId('mfa-create').click();
    await page.getByTestId('form-error').waitFor();
    assert.equal(await page.getByTestId('mfa-qr').count(), 0, 'an invalid name creates nothing');
    await shot('mfa-03-name-en-light');

    await createDevice('carol-phone');
    await shot('mfa-04-qr-en-light');
    const { secret } = await scanQr('carol-phone', 'mfa-qr-en-light');
    // Dark mode keeps the code dark-on-white: it still scans.
    await scheme('dark');
    await shot('mfa-04-qr-en-dark');
    const darkQr = screenshotPath('mfa-qr-en-dark');
    await page.getByTestId('mfa-qr').screenshot({ path: darkQr });
    assert.equal(parseOtpauthUri(await decodeQrFile(darkQr)).secret, secret);
    await scheme('light');
    const box = await page.getByTestId('mfa-qr').boundingBox();
    assert.ok(box && box.width >= 240 && box.height >= 240, `the QR code is large (${box?.width} px)`);

    assert.equal(await page.getByTestId('mfa-seed').count(), 0, 'the text key only when asked');
    await page.getByTestId('mfa-show-seed').click();
    const shown = (await page.getByTestId('mfa-seed').innerText()).trim();
    assert.equal(shown, (secret.match(/.{1,4}/g) ?? []).join(' '), 'the key, in groups of four');
    await shot('mfa-05-seed-en-light');

    await page.getByTestId('mfa-next').click();
    await page.getByTestId('mfa-code1').waitFor();
    assert.equal(await page.getByTestId('mfa-builtin-optin').isChecked(), false, 'off by default');
    await shot('mfa-06-codes-en-light');

    const book = new CodeBook(secret);
    const [bad1, bad2] = wrongPair(book);
    await page.getByTestId('mfa-code1').fill(bad1);
    const countdown = page.getByTestId('mfa-next-window');
    assert.match(await countdown.innerText(), /Wait for the next code: \d+ s|Now enter the new code/);
    await shot('mfa-07-countdown-en-light');
    await page.getByTestId('mfa-code2').fill(bad2);
    await page.getByTestId('mfa-enable').click();
    const error = page.getByTestId('mfa-error');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-kind'), 'invalid-auth-codes');
    assert.match(await error.innerText(), /did not accept the two codes/);
    assert.equal(await page.getByTestId('mfa-code1').inputValue(), '', 'back to the first code');
    assert.equal(await page.getByTestId('mfa-code2').inputValue(), '');
    await shot('mfa-08-wrong-codes-en-light');

    // The same code twice is caught before AWS is asked.
    const requestsBefore = aws.layer.requests.length;
    await enterCodes(bad1, bad1);
    await page.locator('[data-testid="mfa-error"][data-kind="same"]').waitFor();
    assert.equal(aws.layer.requests.length, requestsBefore);

    const [code1, code2] = await book.pair();
    await enterCodes(code1, code2);
    const done = page.getByTestId('mfa-done');
    await done.waitFor();
    assert.match(await done.innerText(), /Device carol-phone is now used to log in to carol\./);
    await shot('mfa-09-done-en-light');
    assert.deepEqual(await assignedSerials(), [serialOf('carol-phone')]);
    assert.equal(host.controller.profiles()[0]?.mfaSerial, serialOf('carol-phone'));
    assert.ok(
      events.some(
        (e) =>
          e.event === 'profiles:changed' &&
          (e.payload as { mfaSerial: string | null }[])[0]?.mfaSerial === serialOf('carol-phone'),
      ),
      'profiles:changed told the page about the new device',
    );
    assert.equal(await host.core.secrets.get(secretAccounts.mfaSeed(NAME)), null, 'no seed was kept');
  });

  test('once the device is on, the page holds no seed; "Log in now" with the next code logs in', async () => {
    const secret = seeds.get('carol-phone')!;
    const grouped = (secret.match(/.{1,4}/g) ?? []).join(' ');
    const dom = await page.content();
    for (const needle of [secret, grouped, 'otpauth://', 'data:image/png']) {
      assert.ok(!dom.includes(needle), `the DOM still holds ${needle.slice(0, 12)}…`);
    }
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' });
    for (const file of files) {
      const full = path.join(dir, file);
      if (fs.statSync(full).isFile())
        assert.ok(!fs.readFileSync(full, 'latin1').includes(secret), `${file} holds the seed`);
    }

    await page.getByTestId('mfa-login-now').click();
    const input = page.getByTestId('otp-input');
    await input.waitFor();
    const book = new CodeBook(secret);
    book.markRecent();
    await input.fill(await book.one());
    await page.waitForSelector(`[data-testid="state-${NAME}"][data-state="valid"]`);
    await shot('mfa-10-logged-in-en-light');

    // The session works with AWS: the AWS CLI, through the profile mfa-tray wrote.
    const { stdout } = await promisify(execFile)(
      AWS_CLI,
      [
        'sts',
        'get-caller-identity',
        '--profile',
        `${NAME}-mfa`,
        '--output',
        'json',
        '--endpoint-url',
        aws.endpoint,
      ],
      {
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'aws', 'credentials'),
          AWS_CONFIG_FILE: path.join(dir, 'aws', 'config'),
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_PAGER: '',
        },
      },
    );
    assert.equal((JSON.parse(stdout) as { Arn: string }).Arn, user.arn);
  });

  test('the device list: enable date, "used for login", N of 8, an orphan deleted, resync', async () => {
    await page.getByTestId(`more-${NAME}`).click();
    await page.getByTestId(`mfa-devices-${NAME}`).click();
    const row = page.getByTestId('mfa-device-row-0');
    await row.waitFor();
    assert.equal(await row.getAttribute('data-serial'), serialOf('carol-phone'));
    assert.equal(await row.getByTestId('mfa-badge-login').count(), 1);
    assert.match(await row.innerText(), /Enabled /);
    assert.match(await page.getByTestId('mfa-count').innerText(), /1 of 8 MFA devices/);
    assert.match(await page.getByTestId('mfa-count').innerText(), /at most 8 MFA devices per IAM user/);

    // An unfinished device from elsewhere (an interrupted console setup): listed as an orphan, deletable.
    const iam = adminIamClient(aws);
    try {
      await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'carol-stray' }));
    } finally {
      iam.destroy();
    }
    await page.getByTestId('mfa-reload').click();
    const orphan = page.locator(`[data-serial="${serialOf('carol-stray')}"]`);
    await orphan.waitFor();
    await shot('mfa-11-devices-en-light');
    const orphanTestId = (await orphan.getAttribute('data-testid'))!;
    const index = /mfa-orphan-row-(\d+)/.exec(orphanTestId)![1];
    await page.getByTestId(`mfa-orphan-delete-${index}`).click();
    await page.getByTestId('mfa-consequences').waitFor();
    assert.match(await page.getByTestId('mfa-consequences').innerText(), /not turned on for anyone/);
    await shot('mfa-12-orphan-confirm-en-light');
    await page.getByTestId('mfa-confirm-remove').click();
    await orphan.waitFor({ state: 'detached' });
    assert.ok(!(await unassignedSerials()).includes(serialOf('carol-stray')));

    await page.getByTestId('mfa-resync-0').click();
    await page.getByTestId('mfa-resync-panel').waitFor();
    const book = new CodeBook(seeds.get('carol-phone')!);
    book.markRecent();
    const [code1, code2] = await book.pair();
    await page.getByTestId('mfa-code1').fill(code1);
    await page.getByTestId('mfa-code2').fill(code2);
    await shot('mfa-13-resync-en-light');
    await page.getByTestId('mfa-resync').click();
    await page.getByTestId('notice').waitFor();
    assert.match(await page.getByTestId('notice').innerText(), /Resynced carol-phone/);
    assert.ok(aws.layer.requests.some((r) => r.action === 'ResyncMFADevice' && r.status === 200));
    await page.getByTestId('back').click();
    await page.getByTestId(`profile-row-${NAME}`).waitFor();
  });

  test('Japanese, dark: a second device with the built-in authenticator logs in without typing', async () => {
    await language('ja');
    await scheme('dark');
    await page.getByTestId(`more-${NAME}`).click();
    await page.getByTestId(`mfa-devices-${NAME}`).click();
    await page.getByTestId(`mfa-setup-${NAME}`).click();
    await page.getByTestId('mfa-count').waitFor();
    assert.match(await page.getByTestId('mfa-count').innerText(), /MFA デバイス 1\/8 台/);
    await shot('mfa-20-name-ja-dark');
    await createDevice('carol-laptop');
    await shot('mfa-21-qr-ja-dark');
    const { secret } = await scanQr('carol-laptop', 'mfa-qr-ja-dark');
    await page.getByTestId('mfa-show-seed').click();
    await page.getByTestId('mfa-seed').waitFor();
    await shot('mfa-22-seed-ja-dark');
    await scheme('light');
    await shot('mfa-22-seed-ja-light');
    await scheme('dark');

    await page.getByTestId('mfa-next').click();
    assert.equal(await page.getByTestId('mfa-builtin-warning').count(), 0);
    await page.getByTestId('mfa-builtin-optin').check();
    assert.match(await page.getByTestId('mfa-builtin-warning').innerText(), /キーチェーン/);
    const book = new CodeBook(secret);
    const [code1, code2] = await book.pair();
    await page.getByTestId('mfa-code1').fill(code1);
    await shot('mfa-23-codes-builtin-ja-dark');
    await scheme('light');
    await shot('mfa-23-codes-builtin-ja-light');
    await page.getByTestId('mfa-code2').fill(code2);
    await page.getByTestId('mfa-enable').click();
    await page.getByTestId('mfa-done').waitFor();
    assert.match(await page.getByTestId('mfa-done').innerText(), /carol-laptop/);
    await shot('mfa-24-done-builtin-ja-light');
    await scheme('dark');
    await shot('mfa-24-done-builtin-ja-dark');
    assert.ok(
      await host.core.secrets.get(secretAccounts.mfaSeed(NAME)),
      'the seed is in the keychain (opt-in)',
    );
    assert.equal(host.controller.profiles()[0]?.builtInAuthenticator, true);

    const loginsBefore = aws.layer.requests.filter((r) => r.action === 'GetSessionToken').length;
    await page.getByTestId('mfa-login-now').click();
    await page.waitForSelector(`[data-testid="state-${NAME}"][data-state="valid"]`, {
      timeout: BUILT_IN_LOGIN_TIMEOUT_MS,
    });
    await page.getByTestId('notice').waitFor({ timeout: BUILT_IN_LOGIN_TIMEOUT_MS });
    assert.equal(await page.getByTestId('otp-input').count(), 0, 'no code was asked for');
    const logins = aws.layer.requests.filter((r) => r.action === 'GetSessionToken');
    assert.equal(logins.length, loginsBefore + 1);
    assert.equal(logins.at(-1)?.status, 200);
    await page.getByTestId(`builtin-${NAME}`).waitFor();
    await shot('mfa-25-status-builtin-ja-dark');

    await page.getByTestId(`more-${NAME}`).click();
    await page.getByTestId(`mfa-devices-${NAME}`).click();
    await page.getByTestId('mfa-device-row-1').waitFor();
    await page.getByTestId('mfa-builtin-status').waitFor();
    await shot('mfa-26-devices-ja-dark');
    await scheme('light');
    await shot('mfa-26-devices-ja-light');
  });

  test('removing the login device: one confirmation says what stops working, Cancel focused', async () => {
    const laptop = page.locator(
      `[data-testid^="mfa-device-row-"][data-serial="${serialOf('carol-laptop')}"]`,
    );
    await laptop.waitFor();
    const index = /mfa-device-row-(\d+)/.exec((await laptop.getAttribute('data-testid'))!)![1];
    await page.getByTestId(`mfa-remove-${index}`).click();
    const consequences = page.getByTestId('mfa-consequences');
    await consequences.waitFor();
    const text = await consequences.innerText();
    assert.match(text, /carol はこのデバイスでログインしています/);
    assert.match(text, /内蔵の認証機能/);
    // What the second confirmation used to say is in the one confirmation: the profile logs in with it.
    assert.match(await page.getByTestId('mfa-removal-login-device').innerText(), /carol/);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'confirm-cancel',
    );
    const box = await page.getByTestId('mfa-confirm-remove').boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 520, 'the buttons show without scrolling');
    await shot('mfa-27-remove-confirm-ja-light');
    assert.deepEqual(
      (await assignedSerials()).sort(),
      [serialOf('carol-laptop'), serialOf('carol-phone')].sort(),
      'nothing removed before the confirmation',
    );
    await page.getByTestId('mfa-confirm-remove').click();
    await laptop.waitFor({ state: 'detached' });
    assert.deepEqual(await assignedSerials(), [serialOf('carol-phone')]);
    assert.equal(await host.core.secrets.get(secretAccounts.mfaSeed(NAME)), null, 'the kept seed is gone');
    // The profile falls back to the device that is left.
    assert.equal(host.controller.profiles()[0]?.mfaSerial, serialOf('carol-phone'));
    assert.equal(host.controller.profiles()[0]?.builtInAuthenticator, undefined);

    // The last one: the profile has no device afterwards, and the row offers the setup again.
    await page.getByTestId('mfa-remove-0').click();
    await page.getByTestId('mfa-removal-login-device').waitFor();
    await page.getByTestId('mfa-confirm-remove').click();
    await page.getByTestId('mfa-device-row-0').waitFor({ state: 'detached' });
    assert.deepEqual(await assignedSerials(), []);
    await page.getByTestId('back').click();
    await page.getByTestId(`mfa-setup-${NAME}`).waitFor();
    await shot('mfa-29-status-no-device-ja-light');
  });

  test('no seed reached the page except in the answer of mfa:create, nor any event', () => {
    assert.ok(seeds.size >= 2);
    const eventText = JSON.stringify(events);
    for (const [device, seed] of seeds) {
      assert.ok(!eventText.includes(seed), `an event holds the seed of ${device}`);
      for (const { channel, body } of apiAnswers) {
        if (channel === 'mfa:create') continue;
        assert.ok(!body.includes(seed), `the answer of ${channel} holds the seed of ${device}`);
      }
    }
    const created = apiAnswers.filter((a) => a.channel === 'mfa:create').map((a) => a.body);
    assert.ok(created.some((body) => body.includes(seeds.get('carol-phone')!)));
    for (const body of created)
      assert.ok(!body.includes('otpauth://'), 'no URI, no SVG: only the PNG and the key');
  });

  test('a code prompt that arrives mid-setup waits for the setup instead of throwing it away', async () => {
    await language('en');
    await page.getByTestId(`mfa-setup-${NAME}`).click();
    await createDevice('carol-interrupted');
    // As if an AWS CLI call needed a code for this profile now.
    const opened = await fetch(`${host.url}/test/prompt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: NAME, reason: 'cli' }),
    });
    assert.equal(opened.status, 200);
    await page.getByTestId('mfa-cli-waiting').waitFor();
    assert.equal(await page.getByTestId('mfa-qr').count(), 1, 'the QR code is still there');
    await shot('mfa-30-cli-waiting-en-light');
    await page.getByTestId('mfa-abandon').click();
    await page.getByTestId('mfa-confirm-abandon').click();
    await page.getByTestId('otp-input').waitFor();
    assert.ok(!(await unassignedSerials()).includes(serialOf('carol-interrupted')));
    await page.getByTestId('otp-cancel').click();
    await page.getByTestId(`profile-row-${NAME}`).waitFor();
  });

  test('quitting in the middle of a setup deletes the unfinished device', async () => {
    await page.getByTestId(`mfa-setup-${NAME}`).click();
    await createDevice('carol-quit');
    assert.ok((await unassignedSerials()).includes(serialOf('carol-quit')));
    await host.stop();
    assert.ok(!(await unassignedSerials()).includes(serialOf('carol-quit')), 'no orphan after quitting');
  });
});
