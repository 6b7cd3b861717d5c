import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { generateSync } from 'otplib';
import { AwsFilesStore } from '../../src/core/awsfiles';
import { AwsProfiles } from '../../src/core/aws-profiles';
import { askApp } from '../../src/core/bridge/client';
import { ProfileStore } from '../../src/core/profiles';
import { MfaTrayCore } from '../../src/core/mfa-tray-core';
import type { StateChange } from '../../src/core/scheduler';
import { AppController } from '../../src/main/app-controller';
import { REQUEST_CHANNELS } from '../../src/main/channels';
import {
  type EventChannel,
  type EventChannels,
  type ProfileDto,
  type Result,
} from '../../src/shared/ipc-contract';
import { FakeClock } from '../support/fakes/fake-clock';
import { MemorySecretStore } from '../support/fakes/memory-secret-store';

const GOOD_CODE = '135790';
const ACCESS_KEY_ID = 'AKIAUNITTESTKEY00001';
const SECRET = 'unitTestSecretKey/0123456789abcdefghijKLMN';
const OTHER_ACCESS_KEY_ID = 'AKIAUNITTESTKEY00002';
const OTHER_SECRET = 'anotherSecretKey/0123456789abcdefghijKLMN';
const SESSION_SECRET = 'sessionSecretFromFakeSts/0123456789abcdef';
const SESSION_TOKEN = 'FwoGZXIvYXdzEFakeSessionTokenForUnitTests';
const SERIAL = 'arn:aws:iam::123456789012:mfa/unit-phone';
const HOUR = 3600_000;
/** The seed the fake IAM hands out for every virtual device it creates. */
const DEVICE_SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** EnableMFADevice refuses pairs starting with this code (as AWS refuses wrong codes). */
const REFUSED_CODE = '000000';

function iamReply(action: string, result = ''): string {
  return (
    `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/">` +
    (result ? `<${action}Result>${result}</${action}Result>` : '') +
    `<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** What an authenticator app shows for the device seed at `ms`, for the windows around it. */
function seedCodesAround(ms: number): string[] {
  const step = Math.floor(ms / 30_000);
  return [step - 1, step, step + 1].map((s) => generateSync({ secret: DEVICE_SEED, epoch: s * 30 }));
}

/**
 * Just enough STS and IAM (Query protocol, XML): GetSessionToken (GOOD_CODE, or a code of DEVICE_SEED), and
 * the MFA device calls, over a small state: the user's devices and the account's unassigned ones.
 */
async function startFakeAws(clock: FakeClock) {
  const signers: string[] = [];
  const actions: string[] = [];
  const assigned: string[] = [SERIAL];
  const unassigned = new Set<string>();
  const deleted: string[] = [];
  const state = { refuseLogins: false };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      signers.push(/Credential=([A-Z0-9]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '');
      const action = params.get('Action');
      actions.push(action ?? '');
      res.setHeader('Content-Type', 'text/xml');
      const iamError = (code: string, message: string) => {
        res.statusCode = code === 'NoSuchEntity' ? 404 : 403;
        res.end(
          `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code>` +
            `<Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
        );
      };
      const tokenCode = params.get('TokenCode') ?? '';
      const serial = params.get('SerialNumber') ?? '';
      if (action === 'CreateVirtualMFADevice') {
        const created = `arn:aws:iam::123456789012:mfa/${params.get('VirtualMFADeviceName')}`;
        unassigned.add(created);
        res.end(
          iamReply(
            action,
            `<VirtualMFADevice><SerialNumber>${created}</SerialNumber>` +
              `<Base32StringSeed>${Buffer.from(DEVICE_SEED, 'ascii').toString('base64')}</Base32StringSeed></VirtualMFADevice>`,
          ),
        );
      } else if (action === 'EnableMFADevice') {
        if (params.get('AuthenticationCode1') === REFUSED_CODE) {
          iamError('InvalidAuthenticationCode', 'Authentication code for device is not valid.');
        } else {
          unassigned.delete(serial);
          assigned.push(serial);
          res.end(iamReply(action));
        }
      } else if (action === 'DeleteVirtualMFADevice') {
        if (!unassigned.delete(serial)) iamError('NoSuchEntity', 'No such device.');
        else {
          deleted.push(serial);
          res.end(iamReply(action));
        }
      } else if (action === 'DeactivateMFADevice') {
        assigned.splice(assigned.indexOf(serial), 1);
        unassigned.add(serial);
        res.end(iamReply(action));
      } else if (action === 'ListVirtualMFADevices') {
        const members = [...unassigned].map((s) => `<member><SerialNumber>${s}</SerialNumber></member>`);
        res.end(
          iamReply(
            action,
            `<VirtualMFADevices>${members.join('')}</VirtualMFADevices><IsTruncated>false</IsTruncated>`,
          ),
        );
      } else if (action === 'GetCallerIdentity') {
        res.end(
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
            `<Arn>arn:aws:iam::123456789012:user/unit</Arn><UserId>AIDAUNITTEST</UserId><Account>123456789012</Account>` +
            `</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
      } else if (action === 'ListMFADevices') {
        const members = assigned.map(
          (s) =>
            `<member><UserName>unit</UserName><SerialNumber>${s}</SerialNumber><EnableDate>2026-01-01T00:00:00Z</EnableDate></member>`,
        );
        res.end(
          iamReply(action, `<MFADevices>${members.join('')}</MFADevices><IsTruncated>false</IsTruncated>`),
        );
      } else if (
        action === 'GetSessionToken' &&
        !state.refuseLogins &&
        (tokenCode === GOOD_CODE || seedCodesAround(clock.now()).includes(tokenCode))
      ) {
        const expiration = new Date(clock.now() + Number(params.get('DurationSeconds')) * 1000).toISOString();
        res.end(
          `<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetSessionTokenResult><Credentials>` +
            `<AccessKeyId>ASIAUNITTESTSESSION1</AccessKeyId><SecretAccessKey>${SESSION_SECRET}</SecretAccessKey>` +
            `<SessionToken>${SESSION_TOKEN}</SessionToken><Expiration>${expiration}</Expiration>` +
            `</Credentials></GetSessionTokenResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetSessionTokenResponse>`,
        );
      } else {
        res.statusCode = 403;
        res.end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>` +
            `<Message>MultiFactorAuthentication failed with invalid MFA one time pass code. </Message></Error><RequestId>r</RequestId></ErrorResponse>`,
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    signers,
    actions,
    assigned,
    unassigned,
    deleted,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Emitted = { [E in EventChannel]: { event: E; payload: EventChannels[E] } }[EventChannel];

async function setup(
  t: { after: (fn: () => Promise<void> | void) => void },
  options: { bridge?: boolean; watch?: boolean } = {},
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-controller-'));
  // The fake AWS dates its answers with the real clock: start the fake one there, so no skew is seen.
  const clock = new FakeClock(Date.now());
  const aws = await startFakeAws(clock);
  const secrets = new MemorySecretStore();
  const home = path.join(dir, 'home');
  const files = new AwsFilesStore({
    credentialsPath: path.join(dir, 'aws', 'credentials'),
    configPath: path.join(dir, 'aws', 'config'),
  });
  const core = new MfaTrayCore({
    profiles: new ProfileStore(home),
    secrets,
    awsProfiles: new AwsProfiles(files),
    clock,
    env: { AWS_ENDPOINT_URL: aws.endpoint, AWS_REGION: 'us-east-1' },
    cliCommand: ['mfa-tray'],
  });
  const emitted: Emitted[] = [];
  const stateChanges: { changes: StateChange[]; profiles: ProfileDto[] }[] = [];
  const unexpected: unknown[] = [];
  let loginItem = false;
  let hidden = 0;
  let quits = 0;
  let helps = 0;
  const controller = new AppController({
    core,
    clock,
    emit: (event, payload) => emitted.push({ event, payload } as Emitted),
    loginItem: {
      get: () => loginItem,
      set: (enabled) => {
        loginItem = enabled;
        return Promise.resolve();
      },
    },
    version: '1.2.3',
    platform: 'linux',
    hideWindow: () => (hidden += 1),
    quit: () => (quits += 1),
    openHelp: () => {
      helps += 1;
    },
    bridge: options.bridge ?? false,
    watchProfiles: options.watch ?? false,
    onUnexpectedError: (error) => unexpected.push(error),
  });
  controller.onStateChange((changes, profiles) => stateChanges.push({ changes, profiles }));
  await controller.start();
  t.after(async () => {
    await controller.stop();
    await aws.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const h = controller.handlers;
  const lastProfiles = () =>
    [...emitted]
      .reverse()
      .find((e): e is Extract<Emitted, { event: 'profiles:changed' }> => e.event === 'profiles:changed')
      ?.payload;
  return {
    dir,
    home,
    clock,
    aws,
    core,
    files,
    secrets,
    controller,
    h,
    emitted,
    stateChanges,
    unexpected,
    lastProfiles,
    loginItem: () => loginItem,
    hidden: () => hidden,
    quits: () => quits,
    helps: () => helps,
  };
}

function value<T>(result: Result<T>): T {
  if (!result.ok) assert.fail(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

function error<T>(result: Result<T>) {
  if (result.ok) assert.fail('expected an error');
  return result.error;
}

async function addDev(h: AppController['handlers'], extra: Record<string, unknown> = {}) {
  return value(
    await h['profiles:add']({ name: 'dev', accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, ...extra }),
  );
}

test('every channel of the contract has a handler', async (t) => {
  const { h } = await setup(t);
  assert.deepEqual(Object.keys(h).sort(), [...REQUEST_CHANNELS].sort());
});

test('add: the MFA device is detected, the profile shows up, no secret comes back', async (t) => {
  const { h, secrets, files, lastProfiles, aws, stateChanges } = await setup(t);
  const added = await addDev(h);
  assert.equal(added.profile.mfaSerial, SERIAL);
  assert.equal(added.profile.accessKeyIdSuffix, '0001');
  assert.equal(added.profile.state, 'none');
  assert.deepEqual([...new Set(aws.signers)], [ACCESS_KEY_ID]);
  assert.ok(!JSON.stringify(added).includes(SECRET));
  assert.ok(
    [...secrets.entries.values()].some((v) => v.includes(SECRET)),
    'the secret is in the keychain',
  );
  assert.deepEqual(
    lastProfiles()?.map((p) => p.name),
    ['dev'],
  );
  assert.deepEqual(stateChanges.at(-1)?.changes, [{ name: 'dev', from: undefined, to: 'none' }]);
  assert.match(fs.readFileSync(files.configPath, 'utf8'), /\[profile dev-mfa\]/);
  assert.deepEqual(
    error(await h['profiles:add']({ name: 'dev', accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET })).kind,
    'profile-exists',
  );
});

test('payloads are validated at the boundary; messages never repeat what was typed', async (t) => {
  const { h, unexpected } = await setup(t);
  const bad: unknown[][] = [
    [],
    ['not an object'],
    [{ name: 'dev', accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, admin: true }],
    [{ name: '../../etc', accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET }],
    [{ name: 'x'.repeat(65), accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET }],
    [{ name: 'dev', accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'short' }],
    [{ name: 'dev', accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET + '!' }],
    [{ name: 'dev', accessKeyId: SECRET, secretAccessKey: SECRET }],
    [{ name: 'dev', accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'A'.repeat(10_000) }],
    [{ name: 'dev', accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, durationSeconds: 1e9 }],
    [{ name: 'dev', accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, durationSeconds: '3600' }],
    [{ name: 'dev', accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, region: 'mars' }],
    [{ name: 'dev', accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, mfaSerial: 'arn:aws:iam::1:mfa/x' }],
    [{ name: 'dev', accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, delivery: 'email' }],
    [{ name: 'dev', accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET }, 'extra'],
  ];
  const callAdd = h['profiles:add'] as unknown as (...args: unknown[]) => Promise<Result<unknown>>;
  for (const args of bad) {
    const e = error(await callAdd(...args));
    assert.equal(e.kind, 'invalid-input', JSON.stringify(args).slice(0, 80));
    assert.ok(!e.message.includes(SECRET) && !(e.hint ?? '').includes(SECRET));
  }
  const callAny = (channel: string, ...args: unknown[]) =>
    (h as unknown as Record<string, (...a: unknown[]) => Promise<Result<unknown>>>)[channel](...args);
  assert.equal(error(await callAny('session:login', { name: 'dev', code: '12345' })).kind, 'invalid-input');
  assert.equal(error(await callAny('session:login', { name: 'dev', code: 123456 })).kind, 'invalid-input');
  assert.equal(error(await callAny('session:logout', 42)).kind, 'invalid-input');
  assert.equal(error(await callAny('settings:update', { leadTimeSeconds: 5 })).kind, 'invalid-input');
  assert.equal(error(await callAny('settings:update', { theme: 'dark' })).kind, 'invalid-input');
  assert.equal(error(await callAny('profiles:detect-serial', {})).kind, 'invalid-input');
  assert.equal(
    error(await callAny('profiles:import', { awsProfile: 'x', scrub: 'yes' })).kind,
    'invalid-input',
  );
  assert.equal(error(await callAny('app:info', 'unexpected')).kind, 'invalid-input');
  assert.deepEqual(unexpected, [], 'invalid input is not a bug');
});

test('an unexpected error becomes "internal" with a generic message and no raw text', async (t) => {
  const { h, secrets, unexpected } = await setup(t);
  await addDev(h);
  secrets.failNextGet = new Error(`keychain exploded while holding ${SECRET}`);
  const e = error(await h['profiles:detect-serial']({ name: 'dev' }));
  assert.equal(e.kind, 'internal');
  assert.ok(!JSON.stringify(e).includes(SECRET));
  assert.ok(!JSON.stringify(e).includes('exploded'));
  assert.equal(unexpected.length, 1, 'the shell hears about the bug');
});

test('login: a wrong code keeps the prompt, the right one logs in and delivers; states follow the clock', async (t) => {
  const { h, clock, files, emitted, stateChanges, lastProfiles } = await setup(t);
  await addDev(h, { durationSeconds: 3600 });
  value(await h['settings:update']({ leadTimeSeconds: 600 }));
  const prompt = value(await h['prompt:open']('dev'));
  assert.deepEqual(prompt, { name: 'dev', reason: 'user', mfaSerial: SERIAL, waiting: 0 });
  assert.ok(emitted.some((e) => e.event === 'prompt:show' && e.payload.name === 'dev'));
  assert.deepEqual(value(await h['app:info']()).prompt, prompt);

  const wrong = error(await h['session:login']({ name: 'dev', code: '000000' }));
  assert.equal(wrong.kind, 'wrong-code');
  assert.ok(typeof wrong.secondsUntilNextCode === 'number');
  assert.equal(value(await h['app:info']()).prompt?.name, 'dev', 'the prompt stays for another try');

  const login = value(await h['session:login']({ name: 'dev', code: '135 790' }));
  assert.equal(login.profile.state, 'valid');
  assert.ok(
    !JSON.stringify(login).includes(SESSION_SECRET) && !JSON.stringify(login).includes(SESSION_TOKEN),
  );
  assert.ok(emitted.some((e) => e.event === 'prompt:closed' && e.payload.name === 'dev'));
  assert.equal(value(await h['app:info']()).prompt, null);
  assert.match(fs.readFileSync(files.credentialsPath, 'utf8'), /\[dev-mfa\][\s\S]*aws_session_token/);
  assert.deepEqual(lastProfiles()?.[0]?.state, 'valid');
  assert.deepEqual(stateChanges.at(-1)?.changes, [{ name: 'dev', from: 'none', to: 'valid' }]);

  const reused = error(await h['session:login']({ name: 'dev', code: GOOD_CODE }));
  assert.equal(reused.kind, 'code-reused');

  clock.advance(HOUR - 10 * 60_000);
  assert.deepEqual(stateChanges.at(-1)?.changes, [{ name: 'dev', from: 'valid', to: 'expiring' }]);
  assert.equal(lastProfiles()?.[0]?.state, 'expiring');
  clock.advance(10 * 60_000);
  assert.deepEqual(stateChanges.at(-1)?.changes, [{ name: 'dev', from: 'expiring', to: 'expired' }]);
  assert.equal(lastProfiles()?.[0]?.state, 'expired');
});

test('resume after sleep recomputes once; logout clears the session', async (t) => {
  const { h, clock, core, stateChanges, controller, files } = await setup(t);
  await addDev(h, { durationSeconds: 3600 });
  value(await h['session:login']({ name: 'dev', code: GOOD_CODE }));
  const before = stateChanges.length;
  clock.jump(2 * HOUR);
  controller.resume();
  assert.equal(stateChanges.length, before + 1);
  assert.deepEqual(stateChanges.at(-1)?.changes, [{ name: 'dev', from: 'valid', to: 'expired' }]);
  value(await h['session:logout']('dev'));
  assert.equal(core.profileStatus('dev').state, 'none');
  assert.doesNotMatch(fs.readFileSync(files.credentialsPath, 'utf8'), /dev-mfa/);
});

test('prompt:cancel closes the prompt; remove cancels it and deletes everything', async (t) => {
  const { h, emitted, secrets, lastProfiles } = await setup(t);
  await addDev(h);
  value(await h['prompt:open']('dev'));
  value(await h['prompt:cancel']('dev'));
  assert.ok(emitted.some((e) => e.event === 'prompt:closed'));
  value(await h['prompt:open']('dev'));
  value(await h['profiles:remove']('dev'));
  assert.equal(value(await h['app:info']()).prompt, null);
  assert.deepEqual(lastProfiles(), []);
  assert.equal(secrets.entries.size, 0);
  assert.equal(error(await h['profiles:remove']('dev')).kind, 'profile-not-found');
  assert.equal(error(await h['prompt:open']('dev')).kind, 'profile-not-found');
});

test('update: target and delivery move the session; keys need their secret; the serial can go', async (t) => {
  const { h, files, secrets } = await setup(t);
  await addDev(h);
  value(await h['session:login']({ name: 'dev', code: GOOD_CODE }));
  const moved = value(
    await h['profiles:update']({ name: 'dev', target: 'work', region: 'eu-west-1', durationSeconds: 7200 }),
  );
  assert.equal(moved.profile.target, 'work');
  assert.equal(moved.profile.state, 'valid');
  let credentials = fs.readFileSync(files.credentialsPath, 'utf8');
  assert.match(credentials, /\[work\][\s\S]*aws_session_token/);
  assert.doesNotMatch(credentials, /dev-mfa/);
  assert.doesNotMatch(fs.readFileSync(files.configPath, 'utf8'), /dev-mfa/);

  value(await h['profiles:update']({ name: 'dev', delivery: 'process' }));
  credentials = fs.readFileSync(files.credentialsPath, 'utf8');
  assert.doesNotMatch(credentials, /\[work\]/, 'process delivery keeps no session in the credentials file');
  assert.match(
    fs.readFileSync(files.configPath, 'utf8'),
    /\[profile work\][\s\S]*credential_process = "mfa-tray" credential-process dev/,
  );
  value(await h['profiles:update']({ name: 'dev', delivery: 'file' }));
  assert.doesNotMatch(fs.readFileSync(files.configPath, 'utf8'), /credential_process/);
  assert.match(fs.readFileSync(files.credentialsPath, 'utf8'), /\[work\][\s\S]*aws_session_token/);

  assert.equal(
    error(await h['profiles:update']({ name: 'dev', accessKeyId: OTHER_ACCESS_KEY_ID })).kind,
    'invalid-input',
  );
  const rekeyed = value(
    await h['profiles:update']({
      name: 'dev',
      accessKeyId: OTHER_ACCESS_KEY_ID,
      secretAccessKey: OTHER_SECRET,
    }),
  );
  assert.equal(rekeyed.profile.accessKeyIdSuffix, '0002');
  assert.ok([...secrets.entries.values()].some((v) => v.includes(OTHER_SECRET)));
  assert.ok(!JSON.stringify(rekeyed).includes(OTHER_SECRET));

  const noDevice = value(await h['profiles:update']({ name: 'dev', mfaSerial: null }));
  assert.equal(noDevice.profile.mfaSerial, null);
  assert.equal(
    error(await h['profiles:update']({ name: 'ghost', region: 'us-east-1' })).kind,
    'profile-not-found',
  );
});

test('update refuses a target that belongs to someone else', async (t) => {
  const { h, files } = await setup(t);
  await addDev(h);
  value(
    await h['profiles:add']({
      name: 'prod',
      accessKeyId: OTHER_ACCESS_KEY_ID,
      secretAccessKey: OTHER_SECRET,
      mfaSerial: SERIAL,
    }),
  );
  assert.equal(
    error(await h['profiles:update']({ name: 'dev', target: 'prod-mfa' })).kind,
    'aws-file-conflict',
  );
  fs.appendFileSync(files.credentialsPath, '\n[personal]\naws_access_key_id = AKIAPERSONAL00000000\n');
  assert.equal(
    error(await h['profiles:update']({ name: 'dev', target: 'personal' })).kind,
    'aws-file-conflict',
  );
});

test('detect-serial: with typed keys (not stored) or with a stored profile’s keys', async (t) => {
  const { h, aws } = await setup(t);
  const typed = value(
    await h['profiles:detect-serial']({ accessKeyId: OTHER_ACCESS_KEY_ID, secretAccessKey: OTHER_SECRET }),
  );
  assert.deepEqual(typed, { serial: SERIAL, notes: [] });
  await addDev(h, { mfaSerial: SERIAL });
  value(await h['profiles:detect-serial']({ name: 'dev' }));
  assert.deepEqual([...new Set(aws.signers)], [OTHER_ACCESS_KEY_ID, ACCESS_KEY_ID]);
});

test('import: candidates from the credentials file, moved into the keychain and scrubbed', async (t) => {
  const { h, files, secrets } = await setup(t);
  fs.mkdirSync(path.dirname(files.credentialsPath), { recursive: true });
  fs.writeFileSync(
    files.credentialsPath,
    `[legacy]\naws_access_key_id = ${ACCESS_KEY_ID}\naws_secret_access_key = ${SECRET}\n`,
  );
  assert.deepEqual(value(await h['profiles:import-candidates']()), [
    { awsProfile: 'legacy', accessKeyIdSuffix: '0001' },
  ]);
  const imported = value(await h['profiles:import']({ awsProfile: 'legacy', scrub: true }));
  assert.equal(imported.profile.name, 'legacy');
  assert.ok(!JSON.stringify(imported).includes(SECRET));
  assert.doesNotMatch(
    fs.readFileSync(files.credentialsPath, 'utf8'),
    new RegExp(SECRET.replace(/[/+]/g, '\\$&')),
  );
  assert.ok([...secrets.entries.values()].some((v) => v.includes(SECRET)));
});

test('settings: stored ones through the core, start-at-login through the login item; lead time re-rates states', async (t) => {
  const { h, loginItem, lastProfiles } = await setup(t);
  assert.deepEqual(value(await h['settings:get']()), {
    leadTimeSeconds: 600,
    notifications: true,
    language: 'system',
    startAtLogin: false,
    keyAgeReminderDays: 90,
  });
  assert.equal(value(await h['settings:update']({ keyAgeReminderDays: 0 })).keyAgeReminderDays, 0);
  assert.equal(error(await h['settings:update']({ keyAgeReminderDays: 1.5 })).kind, 'invalid-input');
  assert.equal(value(await h['settings:get']()).keyAgeReminderDays, 0);
  await addDev(h, { durationSeconds: 1800 });
  value(await h['session:login']({ name: 'dev', code: GOOD_CODE }));
  assert.equal(lastProfiles()?.[0]?.state, 'valid');
  const updated = value(
    await h['settings:update']({ startAtLogin: true, language: 'ja', leadTimeSeconds: 3600 }),
  );
  assert.equal(updated.startAtLogin, true);
  assert.equal(updated.language, 'ja');
  assert.equal(loginItem(), true);
  assert.equal(lastProfiles()?.[0]?.state, 'expiring', 'a 30-min session is "expiring" with a 1-h lead time');
});

test('window:hide hides the window', async (t) => {
  const { h, hidden } = await setup(t);
  value(await h['window:hide']());
  assert.equal(hidden(), 1);
});

test('app:quit quits (after answering); app:help opens the help; both take no arguments', async (t) => {
  const { h, quits, helps } = await setup(t);
  assert.equal(value(await h['app:help']()), null);
  assert.equal(helps(), 1);
  assert.equal(value(await h['app:quit']()), null);
  assert.equal(quits(), 0, 'the answer goes out before the app quits');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(quits(), 1);
  const callQuit = h['app:quit'] as unknown as (...args: unknown[]) => Promise<Result<unknown>>;
  assert.equal(error(await callQuit('now')).kind, 'invalid-input');
  assert.equal(quits(), 1);
});

test('the bridge: a CLI call waits on the prompt and gets the session from the popup’s login', async (t) => {
  const { h, home, emitted } = await setup(t, { bridge: true });
  await addDev(h, { delivery: 'process' });
  const cli = askApp(home, { type: 'session', name: 'dev', reason: 'credential-process' });
  const deadline = Date.now() + 3000;
  while (!emitted.some((e) => e.event === 'prompt:show' && e.payload.waiting === 1)) {
    if (Date.now() > deadline) assert.fail('no prompt:show for the CLI call');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.deepEqual(value(await h['app:info']()).prompt, {
    name: 'dev',
    reason: 'cli',
    mfaSerial: SERIAL,
    waiting: 1,
  });
  value(await h['session:login']({ name: 'dev', code: GOOD_CODE }));
  const answer = await cli;
  assert.ok(answer?.ok && 'session' in answer);
  assert.equal(answer.session?.sessionToken, SESSION_TOKEN);
});

test('changes the CLI makes to profiles.json reach the renderer', async (t) => {
  const { home, clock, lastProfiles } = await setup(t, { watch: true });
  await new ProfileStore(home).update((data) => {
    data.profiles.push({
      kind: 'aws',
      name: 'fromcli',
      region: 'us-east-1',
      durationSeconds: 3600,
      target: 'fromcli-mfa',
      delivery: 'file',
    });
  });
  const deadline = Date.now() + 5000;
  while (lastProfiles()?.[0]?.name !== 'fromcli') {
    if (Date.now() > deadline) assert.fail('the change was not noticed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock.advance(200);
  }
});

// ---- virtual MFA devices and the built-in authenticator ---------------------------------------------------

const NEW_SERIAL = 'arn:aws:iam::123456789012:mfa/unit-new';

async function eventually(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A device created and enabled in the app, with the built-in authenticator if asked. */
async function setUpDevice(h: AppController['handlers'], builtInAuthenticator: boolean) {
  const setup = value(await h['mfa:create']({ name: 'dev', deviceName: 'unit-new' }));
  return value(
    await h['mfa:enable']({
      name: 'dev',
      serialNumber: setup.serialNumber,
      code1: '123456',
      code2: '654321',
      ...(builtInAuthenticator ? { builtInAuthenticator: true } : {}),
    }),
  );
}

test('mfa:create: the one answer with a seed (key and PNG QR only); abandon deletes what this app created', async (t) => {
  const { h, aws } = await setup(t);
  await addDev(h);
  const created = value(await h['mfa:create']({ name: 'dev', deviceName: 'unit-new' }));
  assert.equal(created.serialNumber, NEW_SERIAL);
  assert.equal(created.seedBase32, DEVICE_SEED);
  assert.match(created.qrPngDataUrl, /^data:image\/png;base64,/);
  assert.deepEqual(Object.keys(created).sort(), [
    'accountId',
    'deviceName',
    'pendingUntil',
    'qrPngDataUrl',
    'seedBase32',
    'serialNumber',
    'userName',
  ]);
  assert.ok(!JSON.stringify(created).includes('otpauth://'), 'no URI, no SVG');
  const list = value(await h['mfa:list']('dev'));
  assert.deepEqual(list.orphans, [
    { serialNumber: NEW_SERIAL, deviceName: 'unit-new', setupInProgress: true },
  ]);
  assert.deepEqual(list.builtInAuthenticator, {
    enabled: false,
    serialNumber: null,
    matchesLoginDevice: false,
  });
  assert.equal(list.limit, 8);

  // Only setups started here: anything else is deleted through mfa:remove and its confirmation.
  aws.unassigned.add('arn:aws:iam::123456789012:mfa/someone-else');
  const foreign = error(
    await h['mfa:abandon']({ name: 'dev', serialNumber: 'arn:aws:iam::123456789012:mfa/someone-else' }),
  );
  assert.equal(foreign.kind, 'invalid-input');
  assert.ok(aws.unassigned.has('arn:aws:iam::123456789012:mfa/someone-else'));

  const abandoned = value(await h['mfa:abandon']({ name: 'dev', serialNumber: NEW_SERIAL }));
  assert.equal(abandoned.deleted, true);
  assert.deepEqual(aws.deleted, [NEW_SERIAL]);
  assert.equal(
    error(await h['mfa:abandon']({ name: 'dev', serialNumber: NEW_SERIAL })).kind,
    'invalid-input',
  );
});

test('mfa:enable: refused codes are explained; then the profile logs in with the new device and says so', async (t) => {
  const { h, emitted, lastProfiles, secrets } = await setup(t);
  await addDev(h);
  const created = value(await h['mfa:create']({ name: 'dev', deviceName: 'unit-new' }));
  const refused = error(
    await h['mfa:enable']({
      name: 'dev',
      serialNumber: created.serialNumber,
      code1: REFUSED_CODE,
      code2: '111111',
    }),
  );
  assert.equal(refused.kind, 'invalid-auth-codes');
  assert.ok(typeof refused.secondsUntilNextCode === 'number');

  const before = emitted.length;
  const enabled = value(
    await h['mfa:enable']({
      name: 'dev',
      serialNumber: created.serialNumber,
      code1: '123456',
      code2: '654321',
    }),
  );
  assert.equal(enabled.profile.mfaSerial, NEW_SERIAL);
  assert.equal(enabled.previousSerial, SERIAL);
  assert.equal(enabled.builtInAuthenticator, false);
  assert.ok(
    emitted.slice(before).some((e) => e.event === 'profiles:changed'),
    'profiles:changed after enable',
  );
  assert.equal(lastProfiles()?.[0]?.mfaSerial, NEW_SERIAL);
  assert.equal(lastProfiles()?.[0]?.builtInAuthenticator, undefined);
  assert.ok(![...secrets.entries.keys()].some((k) => k.endsWith('/mfa-seed')), 'no seed kept without opt-in');
  assert.ok(!JSON.stringify(enabled).includes(DEVICE_SEED));
});

test('quitting in the middle of a setup deletes the unfinished device; an enabled one stays', async (t) => {
  const { h, aws, controller } = await setup(t);
  await addDev(h);
  await setUpDevice(h, false);
  value(await h['mfa:create']({ name: 'dev', deviceName: 'unit-left' }));
  await controller.stop();
  assert.deepEqual(aws.deleted, ['arn:aws:iam::123456789012:mfa/unit-left']);
  assert.ok(aws.assigned.includes(NEW_SERIAL));
});

test('mfa:remove: the login device needs the second confirmation; profiles:changed follows', async (t) => {
  const { h, lastProfiles } = await setup(t);
  await addDev(h);
  const plan = value(await h['mfa:describe-removal']({ name: 'dev', serialNumber: SERIAL }));
  assert.equal(plan.needsSecondConfirmation, true);
  assert.ok(plan.consequences.length > 0);
  assert.equal(
    error(await h['mfa:remove']({ name: 'dev', serialNumber: SERIAL })).kind,
    'confirmation-required',
  );
  const removed = value(await h['mfa:remove']({ name: 'dev', serialNumber: SERIAL, confirmedCurrent: true }));
  assert.equal(removed.deactivated, true);
  assert.equal(removed.profile.mfaSerial, null);
  assert.equal(lastProfiles()?.[0]?.mfaSerial, null);
});

test('built-in authenticator: login without typing; an expiring session is refreshed silently, no notification', async (t) => {
  const { h, clock, aws, secrets, lastProfiles, stateChanges, emitted } = await setup(t);
  await addDev(h, { durationSeconds: 3600 });
  const enabled = await setUpDevice(h, true);
  assert.equal(enabled.builtInAuthenticator, true);
  assert.ok(secrets.entries.has('dev/mfa-seed'), 'the seed is in the keychain (opt-in)');
  assert.equal(lastProfiles()?.[0]?.builtInAuthenticator, true);
  const listed = value(await h['mfa:list']('dev'));
  assert.deepEqual(listed.builtInAuthenticator, {
    enabled: true,
    serialNumber: NEW_SERIAL,
    matchesLoginDevice: true,
  });
  assert.ok(!JSON.stringify(listed).includes(DEVICE_SEED));

  const login = value(await h['session:login-built-in']('dev'));
  assert.equal(login.profile.state, 'valid');
  const firstExpiry = login.expiresAt;

  // A prompt is open when the session starts expiring: the silent refresh answers it too.
  value(await h['prompt:open']('dev'));
  const changesBefore = stateChanges.length;
  clock.advance(HOUR - 10 * 60_000 + 1000);
  await eventually(
    () => lastProfiles()?.[0]?.state === 'valid' && lastProfiles()?.[0]?.expiresAt !== firstExpiry,
    'the silent refresh',
  );
  const reported = stateChanges.slice(changesBefore).flatMap((s) => s.changes);
  assert.ok(!reported.some((c) => c.to === 'expiring'), 'no "expiring" reached the notifier');
  assert.deepEqual(reported.at(-1), { name: 'dev', from: 'expiring', to: 'valid' });
  assert.equal(value(await h['app:info']()).prompt, null, 'the open prompt was answered');
  assert.ok(emitted.some((e) => e.event === 'prompt:closed' && e.payload.name === 'dev'));
  assert.equal(aws.actions.filter((a) => a === 'GetSessionToken').length, 2);

  // When the silent refresh fails, the change goes the normal way: the notification.
  aws.state.refuseLogins = true;
  const failedBefore = stateChanges.length;
  clock.advance(HOUR - 10 * 60_000 + 1000);
  await eventually(
    () => stateChanges.slice(failedBefore).some((s) => s.changes.some((c) => c.to === 'expiring')),
    'the fallback to the notification',
  );
  assert.equal(lastProfiles()?.[0]?.state, 'expiring');
  aws.state.refuseLogins = false;

  // Off: the seed is deleted and logins need a code again.
  const off = value(await h['mfa:authenticator']({ name: 'dev', enabled: false }));
  assert.deepEqual(off, { enabled: false, serialNumber: null, matchesLoginDevice: false });
  assert.ok(!secrets.entries.has('dev/mfa-seed'));
  assert.equal(lastProfiles()?.[0]?.builtInAuthenticator, undefined);
  assert.equal(error(await h['session:login-built-in']('dev')).kind, 'no-mfa-device');
});

test('built-in authenticator: sessions no longer than the lead time are not refreshed in a loop', async (t) => {
  const { h, aws, stateChanges } = await setup(t);
  await addDev(h, { durationSeconds: 900 });
  await setUpDevice(h, true);
  value(await h['settings:update']({ leadTimeSeconds: 1800 }));
  const login = value(await h['session:login-built-in']('dev'));
  assert.equal(login.profile.state, 'expiring', 'a 15-min session with a 30-min lead time');
  // Give a refresh loop (were there one) the time to show.
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(aws.actions.filter((a) => a === 'GetSessionToken').length, 1);
  assert.ok(
    stateChanges.some((s) => s.changes.some((c) => c.name === 'dev' && c.to === 'expiring')),
    'the user hears about it instead',
  );
});

test('built-in authenticator: a CLI call that needs a session gets one through the bridge without a prompt', async (t) => {
  const { h, home, emitted } = await setup(t, { bridge: true });
  await addDev(h, { delivery: 'process' });
  await setUpDevice(h, true);
  const answer = await askApp(home, { type: 'session', name: 'dev', reason: 'credential-process' });
  assert.ok(answer?.ok && 'session' in answer);
  assert.equal(answer.session?.sessionToken, SESSION_TOKEN);
  assert.ok(!emitted.some((e) => e.event === 'prompt:show'), 'no prompt was shown');
});

test('on start, the tray finishes an operation a killed process left half done (as every CLI command does)', async (t) => {
  const { core, clock, home } = await setup(t);
  // A logout that a dead process started: its session is still in the record, the mark says "logout".
  await new ProfileStore(home).update((data) => {
    data.profiles.push({
      kind: 'aws',
      name: 'halfway',
      region: 'us-east-1',
      durationSeconds: 3600,
      target: 'halfway-mfa',
      delivery: 'file',
      sessionExpiresAt: new Date(clock.now() + 3_600_000).toISOString(),
      pending: { op: 'logout', pid: 2 ** 22 + 7, startedAt: new Date(clock.now() - 600_000).toISOString() },
    });
  });
  const unexpected: unknown[] = [];
  const restarted = new AppController({
    core,
    clock,
    emit: () => undefined,
    loginItem: { get: () => false, set: () => Promise.resolve() },
    version: '1.2.3',
    platform: 'linux',
    hideWindow: () => undefined,
    bridge: false,
    watchProfiles: false,
    onUnexpectedError: (error) => unexpected.push(error),
  });
  await restarted.start();
  t.after(() => restarted.stop());
  const profile = new ProfileStore(home).get('halfway');
  assert.equal(profile.pending, undefined, 'the mark is cleared');
  assert.equal(profile.sessionExpiresAt, undefined, 'the logout is finished');
  assert.deepEqual(unexpected, []);
});
