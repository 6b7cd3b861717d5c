/**
 * MfaDeviceService against moto behind the validating layer (which checks the two codes of
 * EnableMFADevice/ResyncMFADevice as AWS does), with the real keychain and real files in a temp HOME.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateVirtualMFADeviceCommand, EnableMFADeviceCommand } from '@aws-sdk/client-iam';
import { MfaTrayError } from '../../src/core/errors';
import { MfaDeviceService, MAX_MFA_DEVICES_PER_USER } from '../../src/core/mfa-devices';
import { openCore } from '../../src/core/open';
import { parseOtpauthUri } from '../../src/core/otpauth';
import { secretAccounts } from '../../src/core/keychain/secret-store';
import type { MfaTrayCore } from '../../src/core/mfa-tray-core';
import {
  adminIamClient,
  createUser,
  totpCode,
  waitForFreshWindow,
  TOTP_PERIOD_SECONDS,
  type TestUser,
  unassignedMfaSerials,
  userMfaSerials,
} from '../support/aws-test-env';
import { useAwsSuite } from '../support/aws-suite';
import { uniqueName } from '../support/cli-sandbox';
import { CodeBook } from '../support/mfa-codes';
import { decodeQrDataUrl } from '../support/qr-decode';

const { aws, onCleanup } = useAwsSuite();

interface Fixture {
  core: MfaTrayCore;
  service: MfaDeviceService;
  user: TestUser;
  home: string;
  profile: string;
}

/** A fresh IAM user without MFA, and an mfa-tray profile for its keys in a temp HOME. */
async function fixture(prefix: string): Promise<Fixture> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-mfa-'));
  onCleanup(() => fs.rmSync(home, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    MFA_TRAY_HOME: path.join(home, '.config', 'mfa-tray'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
    AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const core = openCore(env, { cliCommand: ['mfa-tray'] });
  const user = await createUser(aws, uniqueName(prefix), { withMfa: false });
  const profile = 'p';
  const added = await core.addProfile({
    name: profile,
    accessKeyId: user.accessKeyId,
    secretAccessKey: user.secretAccessKey,
  });
  assert.equal(added.profile.mfaSerial, null);
  assert.deepEqual(added.notes, [{ code: 'no-mfa-device', profile }]);
  return { core, service: new MfaDeviceService(core), user, home, profile };
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f));
}

function assertNoFileContains(dir: string, needle: string): void {
  for (const file of filesUnder(dir)) {
    if (fs.statSync(file).isFile()) {
      assert.ok(!fs.readFileSync(file, 'latin1').includes(needle), `${file} holds the seed`);
    }
  }
}

async function rejectsWith(promise: Promise<unknown>, kind: string, message?: RegExp): Promise<MfaTrayError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MfaTrayError, `expected an MfaTrayError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    if (message) assert.match(error.toOneLine(), message);
    return error;
  }
  assert.fail(`expected a ${kind} error`);
}

test('create renders a QR code that decodes to the AWS-style otpauth URI; enable; listed with its date; login works', async () => {
  const { core, service, user, home, profile } = await fixture('create');
  const deviceName = uniqueName('phone');
  const created = await service.create(profile, deviceName);

  assert.equal(created.serialNumber, `arn:aws:iam::${user.accountId}:mfa/${deviceName}`);
  assert.equal(created.userName, user.userName);
  assert.equal(created.seedBase32, aws.layer.seedOf(created.serialNumber), 'the seed is the one AWS issued');
  assert.equal(
    created.otpauthUri,
    `otpauth://totp/Amazon%20Web%20Services:${deviceName}@${user.accountId}?secret=${created.seedBase32}&issuer=Amazon%20Web%20Services`,
  );
  const decoded = await decodeQrDataUrl(created.qr.pngDataUrl);
  assert.equal(decoded, created.otpauthUri, 'a camera reads the URI from the PNG');
  const parts = parseOtpauthUri(decoded);
  assert.equal(parts.issuer, 'Amazon Web Services');
  assert.equal(parts.label, `Amazon Web Services:${deviceName}@${user.accountId}`);
  assert.equal(parts.secret, created.seedBase32);
  assert.match(created.qr.svg, /^<svg[^>]*viewBox/);

  // Until enabled it is an unassigned device — listed as an orphan, marked as being set up here.
  const during = await service.list(profile);
  assert.deepEqual(during.assigned, []);
  assert.equal(during.limit, MAX_MFA_DEVICES_PER_USER);
  assert.deepEqual(
    during.orphans?.find((o) => o.serialNumber === created.serialNumber),
    { serialNumber: created.serialNumber, deviceName, setupInProgress: true },
  );
  assert.deepEqual(service.pendingSetups(), [{ profile, serialNumber: created.serialNumber, deviceName }]);

  const book = new CodeBook(created.seedBase32);
  const [code1, code2] = await book.pair();
  const enabled = await service.enable(profile, created.serialNumber, code1, code2);
  assert.equal(
    enabled.profile.mfaSerial,
    created.serialNumber,
    'the profile now logs in with the new device',
  );
  assert.equal(enabled.previousSerial, null);
  assert.equal(enabled.builtInAuthenticator, false);
  assert.deepEqual(service.pendingSetups(), [], 'the seed is forgotten once enabled');

  const listed = await service.list(profile);
  assert.equal(listed.assigned.length, 1);
  const [device] = listed.assigned;
  assert.equal(device.serialNumber, created.serialNumber);
  assert.equal(device.isLoginDevice, true);
  assert.equal(device.virtual, true);
  assert.ok(
    device.enableDate && Math.abs(Date.parse(device.enableDate) - Date.now()) < 120_000,
    'enable date',
  );
  assert.ok(!listed.orphans?.some((o) => o.serialNumber === created.serialNumber), 'no longer an orphan');

  const login = await core.login(profile, await book.one());
  assert.ok(Date.parse(login.expiresAt) > Date.now() + 3600_000);

  // The seed was shown, never stored.
  assert.equal(await core.secrets.get(secretAccounts.mfaSeed(profile)), null);
  assertNoFileContains(home, created.seedBase32);
});

test('wrong codes are refused in plain words and the device stays unassigned; abandoning deletes it', async () => {
  const { core, service, profile } = await fixture('wrong');
  const created = await service.create(profile, uniqueName('phone'));
  const book = new CodeBook(created.seedBase32);

  await waitForFreshWindow(5);
  const step = Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS);
  // Two real codes, but not consecutive: AWS refuses them like wrong ones.
  const error = await rejectsWith(
    service.enable(profile, created.serialNumber, book.codeAt(step - 1), book.codeAt(step + 1)),
    'invalid-auth-codes',
    /did not accept the two codes.*consecutive.*wait until it changes \(in \d+ s\)/,
  );
  assert.equal(error.details.awsCode, 'InvalidAuthenticationCode');
  await rejectsWith(
    service.enable(profile, created.serialNumber, book.wrong(), book.wrong()),
    'invalid-auth-codes',
    /same/,
  );
  const before = aws.layer.requests.length;
  await rejectsWith(
    service.enable(profile, created.serialNumber, '12345', '123456'),
    'invalid-input',
    /6 digits/,
  );
  assert.equal(aws.layer.requests.length, before, 'malformed codes never reach AWS');

  assert.ok((await unassignedMfaSerials(aws)).includes(created.serialNumber), 'still unassigned');
  assert.equal(core.profileStatus(profile).mfaSerial, null, 'the profile is unchanged');

  const abandoned = await service.abandon(profile, created.serialNumber);
  assert.equal(abandoned.deleted, true);
  assert.ok(!(await unassignedMfaSerials(aws)).includes(created.serialNumber), 'no orphan is left behind');
  assert.deepEqual(service.pendingSetups(), []);
  assert.equal(
    (await service.abandon(profile, created.serialNumber)).deleted,
    false,
    'abandoning twice is harmless',
  );

  await rejectsWith(core.login(profile, '123456'), 'no-mfa-device', /mfa-tray mfa create/);
});

test('abandon never deletes a device that is enabled', async () => {
  const { service, profile, user } = await fixture('keep');
  const created = await service.create(profile, uniqueName('phone'));
  const [c1, c2] = await new CodeBook(created.seedBase32).pair();
  await service.enable(profile, created.serialNumber, c1, c2);
  const result = await service.abandon(profile, created.serialNumber);
  assert.equal(result.deleted, false);
  assert.deepEqual(await userMfaSerials(aws, user.userName), [created.serialNumber]);
});

test('resync with two consecutive codes; refused with wrong ones', async () => {
  const { core, service, profile } = await fixture('resync');
  const created = await service.create(profile, uniqueName('phone'));
  const book = new CodeBook(created.seedBase32);
  const [c1, c2] = await book.pair();
  await service.enable(profile, created.serialNumber, c1, c2);

  await rejectsWith(service.resync(profile, undefined, book.wrong(), '000001'), 'invalid-auth-codes');
  const [r1, r2] = await book.pair();
  assert.deepEqual(await service.resync(profile, undefined, r1, r2), { serialNumber: created.serialNumber });
  assert.equal(
    aws.layer.requests.filter((r) => r.action === 'ResyncMFADevice' && r.status === 200).length >= 1,
    true,
  );
  // The codes resync used count as used: login wants a new one, and gets it.
  await core.login(profile, await book.one());
});

test('remove: the login device needs a second confirmation; then deactivated and deleted, and login explains', async () => {
  const { core, service, profile, user } = await fixture('remove');
  const created = await service.create(profile, uniqueName('phone'));
  const book = new CodeBook(created.seedBase32);
  const [c1, c2] = await book.pair();
  await service.enable(profile, created.serialNumber, c1, c2);

  const plan = await service.describeRemoval(profile, created.serialNumber);
  assert.equal(plan.status, 'assigned');
  assert.equal(plan.needsSecondConfirmation, true);
  assert.match(plan.consequences.join('\n'), /no longer accept codes/);
  assert.match(
    plan.consequences.join('\n'),
    /"p" logs in with this device: `mfa-tray login p`.*stop working/,
  );
  assert.match(plan.consequences.join('\n'), /only MFA device/);

  await rejectsWith(service.remove(profile, created.serialNumber), 'confirmation-required', /logs in with/);
  assert.deepEqual(await userMfaSerials(aws, user.userName), [created.serialNumber], 'nothing removed');

  const removed = await service.remove(profile, created.serialNumber, { confirmedCurrent: true });
  assert.equal(removed.deactivated, true);
  assert.equal(removed.deleted, true);
  assert.equal(removed.profile.mfaSerial, null);
  assert.deepEqual(removed.notes, [{ code: 'login-device-none', profile }]);
  assert.deepEqual(await userMfaSerials(aws, user.userName), []);
  assert.ok(
    !(await unassignedMfaSerials(aws)).includes(created.serialNumber),
    'deleted, not left as an orphan',
  );

  await rejectsWith(
    core.login(profile, await book.one()),
    'no-mfa-device',
    /has no MFA device yet.*mfa create/,
  );
  await rejectsWith(service.describeRemoval(profile, created.serialNumber), 'mfa-device-not-found');
});

test('remove: an orphan is simply deleted; another device of the user is removed without a second confirmation', async () => {
  const { service, profile, user } = await fixture('orphans');
  const orphan = await service.create(profile, uniqueName('orphan'));
  const login = await service.create(profile, uniqueName('phone'));
  const spare = await service.create(profile, uniqueName('spare'));
  const [s1, s2] = await new CodeBook(spare.seedBase32).pair();
  await service.enable(profile, spare.serialNumber, s1, s2);
  const [l1, l2] = await new CodeBook(login.seedBase32).pair();
  const enabled = await service.enable(profile, login.serialNumber, l1, l2);
  assert.equal(enabled.previousSerial, spare.serialNumber);
  assert.deepEqual(
    enabled.notes.map((n) => n.code),
    ['login-device-replaced'],
    'the note says which device the profile logs in with from now on',
  );

  const orphanPlan = await service.describeRemoval(profile, orphan.serialNumber);
  assert.equal(orphanPlan.status, 'unassigned');
  assert.equal(orphanPlan.needsSecondConfirmation, false);
  const orphanRemoved = await service.remove(profile, orphan.serialNumber);
  assert.deepEqual([orphanRemoved.deactivated, orphanRemoved.deleted], [false, true]);
  assert.ok(!(await unassignedMfaSerials(aws)).includes(orphan.serialNumber));

  const spareRemoved = await service.remove(profile, spare.serialNumber);
  assert.deepEqual([spareRemoved.deactivated, spareRemoved.deleted], [true, true]);
  assert.equal(spareRemoved.profile.mfaSerial, login.serialNumber, 'the login device is untouched');
  assert.deepEqual(await userMfaSerials(aws, user.userName), [login.serialNumber]);
});

test('the 8-device limit is explained before an orphan is created', async () => {
  const { service, profile, user } = await fixture('limit');
  const iam = adminIamClient(aws);
  try {
    await waitForFreshWindow(8);
    const step = Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS);
    for (let i = 0; i < MAX_MFA_DEVICES_PER_USER; i++) {
      const { VirtualMFADevice } = await iam.send(
        new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: uniqueName(`dev${i}`) }),
      );
      const seed = Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString('ascii');
      await iam.send(
        new EnableMFADeviceCommand({
          UserName: user.userName,
          SerialNumber: VirtualMFADevice!.SerialNumber,
          AuthenticationCode1: totpCode(seed, (step - 1) * 30_000),
          AuthenticationCode2: totpCode(seed, step * 30_000),
        }),
      );
    }
  } finally {
    iam.destroy();
  }
  const orphansBefore = (await unassignedMfaSerials(aws)).length;
  await rejectsWith(
    service.create(profile, uniqueName('ninth')),
    'mfa-device-limit',
    /already has 8 MFA devices, the most AWS allows.*mfa-tray mfa remove/,
  );
  assert.equal((await unassignedMfaSerials(aws)).length, orphansBefore, 'no device was created');
  assert.equal((await service.list(profile)).assigned.length, 8);
});

test('names and paths are validated; a taken name is explained; devices can live under a path', async () => {
  const { service, profile, user } = await fixture('names');
  await rejectsWith(service.create(profile, 'my phone'), 'invalid-input', /not a valid MFA device name/);
  await rejectsWith(
    service.create(profile, 'ok', { path: 'team' }),
    'invalid-input',
    /starts and ends with \//,
  );
  const name = uniqueName('dup');
  const first = await service.create(profile, name, { path: '/team/' });
  assert.equal(first.serialNumber, `arn:aws:iam::${user.accountId}:mfa/team/${name}`);
  await rejectsWith(
    service.create(profile, name, { path: '/team/' }),
    'entity-exists',
    /already exists.*left over from an unfinished setup.*mfa-tray mfa remove/,
  );
  assert.equal((await service.abandon(profile, first.serialNumber)).deleted, true);
});

test('built-in authenticator: opt-in keeps the seed in the keychain, logs in without typing, and can be turned off', async () => {
  const { core, service, profile, home } = await fixture('builtin');
  const created = await service.create(profile, uniqueName('here'));
  const enabled = await service.enableWithBuiltInAuthenticator(profile, created.serialNumber);
  assert.equal(enabled.builtInAuthenticator, true);
  assert.equal(enabled.profile.mfaSerial, created.serialNumber);
  assert.deepEqual(JSON.parse((await core.secrets.get(secretAccounts.mfaSeed(profile)))!), {
    serialNumber: created.serialNumber,
    seed: created.seedBase32,
  });
  assert.deepEqual(await service.builtInAuthenticator(profile), {
    enabled: true,
    serialNumber: created.serialNumber,
    matchesLoginDevice: true,
  });
  assert.equal((await service.list(profile)).assigned[0]?.builtInAuthenticator, true);
  assertNoFileContains(home, created.seedBase32);

  // enable consumed the current code: the built-in login waits for the next one by itself.
  const login = await service.loginWithBuiltInAuthenticator(profile);
  assert.ok(Date.parse(login.expiresAt) > Date.now());

  assert.equal(await service.disableBuiltInAuthenticator(profile), true);
  assert.equal(await core.secrets.get(secretAccounts.mfaSeed(profile)), null);
  assert.equal((await service.builtInAuthenticator(profile)).enabled, false);
  await rejectsWith(service.loginWithBuiltInAuthenticator(profile), 'no-mfa-device', /off/);

  // Turned on again with the seed, then removing the device deletes the seed too.
  await service.enableBuiltInAuthenticator(profile, created.seedBase32.toLowerCase());
  const removed = await service.remove(profile, created.serialNumber, { confirmedCurrent: true });
  assert.ok(removed.notes.some((n) => n.code === 'authenticator-secret-deleted'));
  assert.equal(await core.secrets.get(secretAccounts.mfaSeed(profile)), null);
});
