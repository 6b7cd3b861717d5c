// "Rotate key" in the popup, end to end: the built renderer in Chromium, served by the dev host over the real
// core (throwaway gnome-keyring, temp AWS files) and moto behind the validating layer, which delays the new
// key (so the proof retries) and answers GetAccessKeyLastUsed from data the test sets. In order: rotate a
// profile without a session (one code), watch the steps, see the key's age, then — with the host's clock a
// week and a day later — Finish refuses while the old key was used after its deactivation, then deletes it.
// The new secret never reaches the page.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import type { Browser, Page } from 'playwright-core';
import { isBaseKeys, readJsonSecret, secretAccounts } from '../../src/core/keychain/secret-store';
import {
  adminIamClient,
  createUser,
  startAwsTestEnv,
  type AwsTestEnv,
  type TestUser,
} from '../support/aws-test-env';
import { CodeBook } from '../support/mfa-codes';
import {
  englishSentences,
  openPopupPage,
  requireBuiltRenderer,
  sandboxEnv,
  screenshotPath,
  startDevHost,
  type DevHost,
} from './dev-host';

const NAME = 'alice';
const DAY_MS = 86_400_000;

let aws: AwsTestEnv;
let user: TestUser;
let codes: CodeBook;
let dir: string;
let host: DevHost;
let browser: Browser;
let page: Page;
const apiBodies: string[] = [];
const events: { event: string; payload: unknown }[] = [];
let newKeyId = '';
let newSecret = '';
/** When the user's first key was made (the layer's propagation delay counts for it too). */
let firstKeyAt = 0;
let bob: TestUser;

async function shot(name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.screenshot({ path: screenshotPath(name) });
  if (/-ja(-|$)/.test(name)) {
    assert.deepEqual(await englishSentences(page), [], `no English sentence in the Japanese popup (${name})`);
  }
}

async function poll(condition: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline)
      assert.fail(`timed out waiting for ${what}: ${(await page.locator('body').innerText()).slice(0, 800)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function keysOf(userName: string): Promise<Record<string, string>> {
  const iam = adminIamClient(aws);
  try {
    const out = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
    return Object.fromEntries((out.AccessKeyMetadata ?? []).map((k) => [k.AccessKeyId!, k.Status!]));
  } finally {
    iam.destroy();
  }
}

async function openRotation(): Promise<void> {
  await page.getByTestId(`more-${NAME}`).click();
  await page.getByTestId(`rotate-${NAME}`).click();
  await page.getByTestId('rotation-view').waitFor();
}

async function text(testId: string): Promise<string> {
  return (await page.getByTestId(testId).innerText()).trim();
}

describe('Rotate key in the popup', () => {
  before(async () => {
    requireBuiltRenderer();
    aws = await startAwsTestEnv();
    user = await createUser(aws, NAME);
    firstKeyAt = Date.now();
    bob = await createUser(aws, 'bob');
    codes = new CodeBook(user.seed!);
    // createUser enabled the device with the codes of the windows just before now.
    const step = Math.floor(Date.now() / 30_000);
    for (const past of [step - 3, step - 2, step - 1]) codes.markCode(codes.codeAt(past));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-e2e-rotation-'));
    host = await startDevHost({
      env: { ...sandboxEnv(dir, aws.endpoint), MFA_TRAY_TEST_PROOF_TIMEOUT_MS: '20000' },
      bridge: false,
      onEvent: (event, payload) => events.push({ event, payload }),
    });
    const added = await host.controller.handlers['profiles:add']({
      name: NAME,
      accessKeyId: user.accessKeyId,
      secretAccessKey: user.secretAccessKey,
      mfaSerial: user.serialNumber!,
    });
    assert.ok(added.ok);
    const addedBob = await host.controller.handlers['profiles:add']({
      name: 'bob',
      accessKeyId: bob.accessKeyId,
      secretAccessKey: bob.secretAccessKey,
      mfaSerial: bob.serialNumber!,
    });
    assert.ok(addedBob.ok);
    ({ browser, page } = await openPopupPage(host.url, {
      onApiAnswer: (_channel, body) => apiBodies.push(body),
    }));
    await page.getByTestId(`profile-row-${NAME}`).waitFor();
  });

  after(async () => {
    aws.layer.keys.propagationDelaySeconds = 0;
    await browser?.close();
    await host?.stop();
    await aws?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a login records the base key's age (ListAccessKeys with the new session); the row shows it", async () => {
    assert.equal(await page.getByTestId('key-age-bob').count(), 0);
    const bobCodes = new CodeBook(bob.seed!);
    const step = Math.floor(Date.now() / 30_000);
    for (const past of [step - 3, step - 2, step - 1]) bobCodes.markCode(bobCodes.codeAt(past));
    const login = await host.controller.handlers['session:login']({
      name: 'bob',
      code: await bobCodes.one(),
    });
    assert.ok(login.ok);
    await poll(async () => (await page.getByTestId('key-age-bob').count()) === 1, 'the key age after login');
    assert.equal(await text('key-age-bob'), 'key 0 d');
    const ages = await host.controller.handlers['rotation:key-ages']();
    assert.ok(ages.ok);
    assert.deepEqual(
      ages.value.map((a) => [a.name, a.ageDays]),
      [['bob', 0]],
    );
  });

  test('no session: one code, the steps as progress (the proof waits for the new key), old key deactivated', async () => {
    // The key's age is not known before a login or a rotation.
    assert.equal(await page.getByTestId(`key-age-${NAME}`).count(), 0);
    await openRotation();
    await page.getByTestId('rotation-code').waitFor();
    assert.equal(await page.getByTestId('rotation-start').isDisabled(), true, 'no start without the code');
    await page.getByTestId('rotation-code').fill(await codes.one());
    // The new key is refused for 3 s, as AWS may; the first key must be older than that itself.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstKeyAt + 3_500 - Date.now())));
    aws.layer.keys.propagationDelaySeconds = 3;
    await page.getByTestId('rotation-start').click();
    await poll(
      async () =>
        (await page.locator('[data-testid="rotation-step-prove"][data-state="active"]').count()) === 1,
      'the proof under way',
      20_000,
    );
    assert.equal(await page.getByTestId('rotation-step-store').getAttribute('data-state'), 'done');
    assert.equal(await page.getByTestId('rotation-step-deactivate').getAttribute('data-state'), 'pending');
    await shot('rotation-progress-en');
    await page.getByTestId('rotation-outcome').waitFor({ timeout: 30_000 });
    aws.layer.keys.propagationDelaySeconds = 0;
    assert.equal(await page.getByTestId('rotation-outcome').getAttribute('data-tone'), 'success');

    const stored = await readJsonSecret(host.core.secrets, secretAccounts.base(NAME), isBaseKeys);
    assert.ok(stored && stored.accessKeyId !== user.accessKeyId);
    newKeyId = stored.accessKeyId;
    newSecret = stored.secretAccessKey;
    const outcome = await text('rotation-outcome');
    assert.match(
      outcome,
      new RegExp(
        `The new key …${newKeyId.slice(-4)} works and is in use; the old key …${user.accessKeyId.slice(-4)} is deactivated\\.`,
      ),
    );
    assert.match(outcome, /The new key worked after [2-9]\d* attempt\(s\)\./, 'the proof retried');
    assert.match(outcome, /Sessions made with the old key stay valid until they expire \(/);
    assert.match(outcome, /Finish deletes the old key after /);
    for (const id of ['check', 'create', 'store', 'prove', 'deactivate']) {
      assert.equal(await page.getByTestId(`rotation-step-${id}`).getAttribute('data-state'), 'done', id);
    }
    // The rotation waits for Finish now.
    assert.match(
      await text('rotation-finish-state'),
      /^The old key …\w{4} was deactivated on .+\. Finish deletes it after .+\.$/,
    );
    assert.equal(await page.getByTestId('rotation-finish').count(), 0, 'no Finish before the grace period');
    await shot('rotation-done-en');

    assert.deepEqual(await keysOf(user.userName), { [user.accessKeyId]: 'Inactive', [newKeyId]: 'Active' });
    const points = events
      .filter((e) => e.event === 'rotation:progress')
      .map((e) => (e.payload as { point: string }).point);
    const expected = ['planned', 'creating', 'created', 'stored', 'proving', 'deactivating', 'deactivated'];
    assert.deepEqual(
      points.filter((p) => expected.includes(p)),
      expected,
      'every step reached the page, in order',
    );
    // The login of the rotation made the profile's session; the row shows the new key's age.
    await page.getByTestId('rotation-close').click();
    assert.equal(await page.getByTestId(`state-${NAME}`).getAttribute('data-state'), 'valid');
    await poll(async () => (await page.getByTestId(`key-age-${NAME}`).count()) === 1, 'the key age');
    assert.equal(await text(`key-age-${NAME}`), 'key 0 d');
  });

  test('in Japanese: the key age and the rotation waiting for Finish', async () => {
    assert.ok((await host.controller.handlers['settings:update']({ language: 'ja' })).ok);
    await page.reload();
    await page.getByTestId(`key-age-${NAME}`).waitFor();
    assert.equal(await text(`key-age-${NAME}`), 'キー 0 日');
    await shot('rotation-status-ja');
    await openRotation();
    await page.getByTestId('rotation-finish-state').waitFor();
    assert.match(await text('rotation-finish-state'), /^古いキー …\w{4} は .+ に無効化しました。/);
    await shot('rotation-awaiting-ja');
    assert.ok((await host.controller.handlers['settings:update']({ language: 'en' })).ok);
    await page.reload();
    await page.getByTestId(`profile-row-${NAME}`).waitFor();
  });

  test('after the grace period: Finish keeps the old key while it was used after its deactivation', async () => {
    host.setClockOffset(8 * DAY_MS);
    aws.layer.keys.setLastUsed(user.accessKeyId, {
      date: new Date(Date.now() + 3_600_000),
      serviceName: 's3',
      region: 'eu-west-1',
    });
    await openRotation();
    await page.getByTestId('rotation-finish').waitFor();
    assert.match(await text('rotation-finish-state'), /^The grace period is over: Finish checks/);
    // The session is over by the host's clock: one code for the finish.
    await page.getByTestId('rotation-code').fill(await codes.one());
    await page.getByTestId('rotation-finish').click();
    await page.getByTestId('rotation-outcome').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('rotation-outcome').getAttribute('data-tone'), 'warning');
    assert.match(
      await text('rotation-outcome'),
      new RegExp(
        `^The old key …${user.accessKeyId.slice(-4)} was used after its deactivation, on .+ in s3/eu-west-1\\. It was not deleted`,
      ),
    );
    await shot('rotation-old-key-used-en');
    assert.deepEqual(await keysOf(user.userName), { [user.accessKeyId]: 'Inactive', [newKeyId]: 'Active' });
    await page.getByTestId('rotation-close').click();
  });

  test('Finish deletes the old key once nothing used it; the row shows the key 8 days old; no secret on the page', async () => {
    aws.layer.keys.setLastUsed(user.accessKeyId, null);
    await openRotation();
    await page.getByTestId('rotation-finish').waitFor();
    if ((await page.getByTestId('rotation-code').count()) > 0) {
      await page.getByTestId('rotation-code').fill(await codes.one());
    }
    await page.getByTestId('rotation-finish').click();
    await page.getByTestId('rotation-outcome').waitFor({ timeout: 20_000 });
    assert.equal(
      await text('rotation-outcome'),
      `The old key …${user.accessKeyId.slice(-4)} is deleted. The rotation is complete.`,
    );
    assert.deepEqual(await keysOf(user.userName), { [newKeyId]: 'Active' });
    await shot('rotation-finished-en');
    await page.getByTestId('back').click();
    await poll(
      async () => (await text(`key-age-${NAME}`)) === 'key 8 d',
      'the key age a week and a day later',
    );

    // The new secret (and the old one) never reached the page: not in the DOM, not in an answer or event.
    const html = await page.content();
    for (const secret of [newSecret, user.secretAccessKey]) {
      assert.ok(!html.includes(secret), 'no secret in the DOM');
      assert.ok(!apiBodies.some((b) => b.includes(secret)), 'no secret in an API answer');
      assert.ok(!JSON.stringify(events).includes(secret), 'no secret in an event');
    }
  });
});
