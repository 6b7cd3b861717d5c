/**
 * SoracomAccounts.handOutCode: SORACOM takes each code once, so the codes handed to soracom-cli and used
 * for logins are never the same twice — the next window's code (+1) when the current one is spent, else a
 * wait for the next window. Profiles on disk (a temp MFA_TRAY_HOME), secrets in memory, a fake clock.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSync } from 'otplib';
import { MfaTrayError } from '../../src/core/errors';
import { ProfileStore } from '../../src/core/profiles';
import { SoracomAccounts } from '../../src/core/soracom/soracom-accounts';
import { FakeClock } from '../support/fakes/fake-clock';
import { MemorySecretStore } from '../support/fakes/memory-secret-store';

const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** 5 s into a window. */
const T0 = Date.UTC(2026, 10, 26, 12, 0, 5);
const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function code(atMs: number): string {
  return generateSync({ secret: SEED, epoch: Math.floor(atMs / 1000) });
}

async function setup() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-soracom-accounts-'));
  dirs.push(home);
  const clock = new FakeClock(T0);
  const slept: number[] = [];
  const accounts = new SoracomAccounts({
    profiles: new ProfileStore(path.join(home, 'mfa-tray')),
    secrets: new MemorySecretStore(),
    clock,
    env: { SORACOM_PROFILE_DIR: path.join(home, '.soracom') },
    cliCommand: ['/usr/bin/mfa-tray'],
    sleep: (ms) => {
      slept.push(ms);
      clock.jump(ms);
      return Promise.resolve();
    },
  });
  await accounts.add({ name: 'sora', email: 'a@example.com', secret: 'pw-123456' });
  return { accounts, clock, slept };
}

test('the built-in authenticator hands out the current code, then the next window’s, then waits', async () => {
  const { accounts, slept } = await setup();
  await accounts.setBuiltInAuthenticator('sora', SEED);
  assert.equal(await accounts.handOutCode('sora', { from: 'authenticator' }), code(T0));
  assert.equal(await accounts.handOutCode('sora', { from: 'authenticator' }), code(T0 + 30_000));
  assert.deepEqual(slept, []);
  assert.equal(await accounts.handOutCode('sora', { from: 'authenticator' }), code(T0 + 60_000));
  assert.deepEqual(slept, [25_200], 'waited for the next window (25 s + a margin)');
});

test('a fetched code already handed out is fetched again after the window, or refused', async () => {
  const { accounts, clock, slept } = await setup();
  const fetch = {
    from: 'fetch' as const,
    get: () => Promise.resolve(code(clock.now())),
    retryAfterWindow: true,
  };
  const first = await accounts.handOutCode('sora', fetch);
  const second = await accounts.handOutCode('sora', fetch);
  assert.equal(first, code(T0));
  assert.equal(second, code(T0 + 25_200));
  assert.notEqual(first, second);
  assert.deepEqual(slept, [25_200]);
  await assert.rejects(
    accounts.handOutCode('sora', { ...fetch, retryAfterWindow: false }),
    (e: unknown) =>
      e instanceof MfaTrayError && e.kind === 'code-reused' && e.details.secondsUntilNextCode === 30,
  );
});

test('login refuses a code that was handed out, before SORACOM sees it; the profile keeps hashes only', async () => {
  const { accounts } = await setup();
  await accounts.setBuiltInAuthenticator('sora', SEED);
  const handed = await accounts.handOutCode('sora', { from: 'authenticator' });
  await assert.rejects(
    accounts.login(accounts.profile('sora'), handed),
    (e: unknown) => e instanceof MfaTrayError && e.kind === 'code-reused',
  );
  const text = fs.readFileSync(accounts.profiles.file, 'utf8');
  assert.ok(!text.includes(handed));
  assert.ok(!text.includes('pw-123456'));
  assert.equal(accounts.profile('sora').recentCodes?.length, 1);
});

test('status: the SORACOM row of the status list', async () => {
  const { accounts } = await setup();
  const row = accounts.statusOf('sora');
  assert.deepEqual(row, {
    name: 'sora',
    kind: 'soracom',
    state: 'none',
    expiresAt: null,
    target: 'sora',
    delivery: 'process',
    region: 'jp',
    durationSeconds: 86400,
    mfaSerial: null,
    accountId: null,
    accessKeyIdSuffix: null,
    soracom: { authMode: 'root', email: 'a@example.com', operatorId: null, userName: null, coverage: 'jp' },
  });
});
