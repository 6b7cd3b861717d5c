/**
 * The tray's SORACOM channels (AppController handlers, as the popup calls them) against the real core and
 * keychain (scripts/with-keyring.sh) and the spec-validated SORACOM emulator, on a fake clock: add, an
 * AuthKey login without a code, MFA set-up with the QR data URL, and the silent refresh before expiry
 * with the built-in authenticator (no "expiring" notification).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore, soracomAccountsOf } from '../../src/core/open';
import type { StateChange } from '../../src/core/scheduler';
import type { MfaTrayCore } from '../../src/core/mfa-tray-core';
import { AppController } from '../../src/main/app-controller';
import type { ProfileDto, Result } from '../../src/shared/ipc-contract';
import { FakeClock } from '../support/fakes/fake-clock';
import { decodeQrDataUrl } from '../support/qr-decode';
import { SoracomEmulator } from '../support/soracom/server';
import { newSeed } from '../support/soracom/totp';

const HOUR = 3600;
let dir: string;
let emu: SoracomEmulator;
let clock: FakeClock;
let core: MfaTrayCore;
let controller: AppController;
let lastProfiles: ProfileDto[] | undefined;
const stateChanges: StateChange[][] = [];

function value<T>(result: Result<T>): T {
  if (!result.ok) assert.fail(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

async function eventually(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-soracom-tray-'));
  clock = new FakeClock(Date.now());
  emu = await SoracomEmulator.start({ clock });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MFA_TRAY_HOME: path.join(dir, 'home'),
    SORACOM_PROFILE_DIR: path.join(dir, 'soracom'),
    SORACOM_ENDPOINT: emu.endpoint,
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'aws', 'credentials'),
    AWS_CONFIG_FILE: path.join(dir, 'aws', 'config'),
  };
  core = openCore(env, { clock, cliCommand: ['/usr/bin/mfa-tray'] });
  controller = new AppController({
    core,
    clock,
    emit: (event, payload) => {
      if (event === 'profiles:changed') lastProfiles = payload as ProfileDto[];
    },
    loginItem: { get: () => false, set: () => Promise.resolve() },
    version: '0.0.0',
    platform: 'linux',
    hideWindow: () => undefined,
    bridge: false,
    watchProfiles: false,
  });
  controller.onStateChange((changes) => stateChanges.push(changes));
  await controller.start();
});

after(async () => {
  await controller?.stop();
  for (const p of core?.profiles.load().profiles ?? []) await controller.handlers['profiles:remove'](p.name);
  await emu?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('soracom:add validates the shape; the answer never carries the secret', async () => {
  const h = controller.handlers;
  const extra = await h['soracom:add']({
    name: 'x',
    email: 'a@example.com',
    secret: 'pw',
    token: 'no',
  } as never);
  assert.equal(extra.ok, false);
  const short = await h['soracom:add']({
    name: 'x',
    email: 'a@example.com',
    secret: 'pw-1',
    tokenTimeoutSeconds: 60,
  });
  assert.ok(!short.ok && short.error.kind === 'invalid-input');
  const two = await h['soracom:add']({
    name: 'x',
    email: 'a@example.com',
    authKeyId: 'keyId-x',
    secret: 'pw',
  });
  assert.ok(!two.ok && two.error.kind === 'invalid-input', 'exactly one way to sign in');
});

test('an AuthKey account logs in without a code (soracom:login)', async () => {
  const key = emu.addAuthKey({
    operatorId: emu.addOperator({ email: 'k@example.com', password: 'p-1' }).operatorId,
  });
  const added = value(
    await controller.handlers['soracom:add']({
      name: 'keyed',
      authKeyId: key.authKeyId,
      secret: key.authKey,
    }),
  );
  assert.ok(!JSON.stringify(added).includes(key.authKey));
  assert.equal(added.profile.soracom?.authMode, 'authkey');
  const login = value(await controller.handlers['soracom:login']('keyed'));
  assert.equal(login.profile.state, 'valid');
  assert.ok(!JSON.stringify(login).includes(key.authKey));
});

test('MFA set-up over IPC: the QR data URL is the totpUri; verify returns the backup codes once', async () => {
  const op = emu.addOperator({ email: 'mfa@example.com', password: 'pw-mfa-1' });
  const h = controller.handlers;
  value(await h['soracom:add']({ name: 'rooted', email: 'mfa@example.com', secret: 'pw-mfa-1' }));
  // No MFA yet: a login without a code works (the popup's "Log in" then shows the prompt; any code is ignored).
  value(await h['session:login']({ name: 'rooted', code: '000000' }));
  assert.equal(value(await h['soracom:mfa-status']('rooted')), 'INACTIVE');
  const setup = value(await h['soracom:mfa-enable']('rooted'));
  const uri = await decodeQrDataUrl(setup.qrPngDataUrl);
  assert.equal(uri, emu.scanTotpUri(op.operatorId).uri);
  assert.equal(new URL(uri).searchParams.get('secret'), setup.seedBase32);
  const wrong = await h['soracom:mfa-verify']({ name: 'rooted', code: 'abc' });
  assert.ok(!wrong.ok && wrong.error.kind === 'invalid-input');
  const verified = value(
    await h['soracom:mfa-verify']({ name: 'rooted', code: emu.codeFor(setup.seedBase32) }),
  );
  assert.equal(verified.status, 'ACTIVE');
  assert.deepEqual(verified.backupCodes, emu.state.operators.get(op.operatorId)!.backupCodes);
  assert.equal(value(await h['soracom:mfa-status']('rooted')), 'ACTIVE');
});

test('built-in authenticator: an expiring SORACOM token is refreshed silently, no notification', async () => {
  const seed = newSeed();
  emu.addOperator({ email: 'auto@example.com', password: 'pw-auto-1', mfaSeed: seed });
  const h = controller.handlers;
  value(
    await h['soracom:add']({
      name: 'auto',
      email: 'auto@example.com',
      secret: 'pw-auto-1',
      tokenTimeoutSeconds: HOUR,
    }),
  );
  await soracomAccountsOf(core).setBuiltInAuthenticator('auto', seed);
  // The profile changed outside the handlers (as the CLI's `soracom mfa enable --keep-seed` would): re-read.
  await controller.stop();
  await controller.start();
  const login = value(await h['session:login-built-in']('auto'));
  assert.equal(login.profile.state, 'valid');
  const first = login.expiresAt;

  const before = stateChanges.length;
  clock.advance((HOUR - 10 * 60 + 1) * 1000);
  const auto = () => lastProfiles?.find((p) => p.name === 'auto');
  await eventually(
    () => auto()?.state === 'valid' && auto()?.expiresAt !== first,
    'the silent refresh of the SORACOM token',
  );
  const reported = stateChanges
    .slice(before)
    .flat()
    .filter((c) => c.name === 'auto');
  assert.ok(!reported.some((c) => c.to === 'expiring'), 'no "expiring" reached the notifier');
  assert.equal(emu.requests.filter((r) => r.path === '/auth' && r.status === 200).length >= 2, true);
  assert.deepEqual(emu.specViolations, []);
});
