/**
 * The role driver's decisions with typed fakes through its constructor (STS, clock, the source's session
 * and login); the real ProfileStore and AWS files in a temp dir, an in-memory secret store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AwsFilesStore } from '../../src/core/awsfiles';
import { AwsProfiles } from '../../src/core/aws-profiles';
import { isMfaTrayError, MfaTrayError } from '../../src/core/errors';
import type { SessionCredentials } from '../../src/core/keychain/secret-store';
import { ProfileStore, type Profile, type RoleProfile } from '../../src/core/profiles';
import { RoleDriver } from '../../src/core/roles/role-driver';
import type { AssumeRoleRequest, RoleSts } from '../../src/core/roles/role-sts';
import { classifyAssumeRoleError } from '../../src/core/roles/assume-role-errors';
import { underSources } from '../../src/core/roles/role-status';
import type { LoginResult } from '../../src/core/mfa-tray-core';
import { FakeClock } from '../support/fakes/fake-clock';
import { MemorySecretStore } from '../support/fakes/memory-secret-store';

const NOW = Date.parse('2026-11-26T10:00:00Z');
const ROLE_ARN = 'arn:aws:iam::123456789012:role/Dev';

function session(expiresAtMs: number, id = 'ASIASOURCE'): SessionCredentials {
  return {
    accessKeyId: id,
    secretAccessKey: 'secret',
    sessionToken: 'token',
    expiration: new Date(expiresAtMs).toISOString(),
  };
}

async function setup(options: { mfaSerial?: string | null; sourceValid?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-roles-'));
  const profiles = new ProfileStore(path.join(dir, 'home'));
  const awsProfiles = new AwsProfiles(
    new AwsFilesStore({
      credentialsPath: path.join(dir, 'credentials'),
      configPath: path.join(dir, 'config'),
    }),
  );
  const clock = new FakeClock(NOW);
  const secrets = new MemorySecretStore();
  const calls: { credentials: string; request: AssumeRoleRequest }[] = [];
  const logins: string[] = [];
  let sourceSession: SessionCredentials | undefined =
    options.sourceValid === false ? undefined : session(NOW + 3_600_000);
  const sts: RoleSts = {
    assumeRole: (credentials, request) => {
      calls.push({ credentials: credentials.accessKeyId, request });
      return Promise.resolve(
        session(clock.now() + request.durationSeconds * 1000, `ASIAROLE${calls.length}`),
      );
    },
  };
  const source: Profile = {
    kind: 'aws',
    name: 'work',
    region: 'eu-west-1',
    durationSeconds: 43200,
    target: 'work-mfa',
    delivery: 'file',
    ...(options.mfaSerial === null
      ? {}
      : { mfaSerial: options.mfaSerial ?? 'arn:aws:iam::123456789012:mfa/alice' }),
  };
  const role = (name: string, extra: Partial<RoleProfile> = {}): RoleProfile => ({
    kind: 'role',
    name,
    source: 'work',
    roleArn: ROLE_ARN,
    region: 'eu-west-1',
    durationSeconds: 3600,
    target: `${name}-mfa`,
    delivery: 'file',
    ...extra,
  });
  await profiles.update((d) => {
    d.profiles.push(source, role('dev'), role('ops'), role('long', { durationSeconds: 7200 }));
  });
  const driver = new RoleDriver({
    profiles,
    secrets,
    awsProfiles,
    clock,
    sts,
    sourceSession: (name, min = 0) =>
      Promise.resolve(
        name === 'work' && sourceSession && Date.parse(sourceSession.expiration) - clock.now() > min
          ? sourceSession
          : undefined,
      ),
    loginSource: (name, code) => {
      logins.push(`${name}:${code}`);
      sourceSession = session(clock.now() + 43_200_000, 'ASIANEWSOURCE');
      return Promise.resolve({ expiresAt: sourceSession.expiration, warnings: [] } as unknown as LoginResult);
    },
    baseKeys: () => Promise.resolve({ accessKeyId: 'AKIABASE', secretAccessKey: 'base-secret' }),
    credentialProcessLine: (name) => `mfa-tray credential-process ${name}`,
  });
  return {
    driver,
    profiles,
    secrets,
    calls,
    logins,
    clock,
    awsProfiles,
    role: (n: string) => profiles.getOfKind(n, 'role'),
  };
}

test('a valid source session: no code needed, the role is assumed from it and delivered', async () => {
  const t = await setup();
  assert.deepEqual(await t.driver.codeNeed(t.role('dev')), { code: false, via: 'source-session' });
  const result = await t.driver.refresh(t.role('dev'));
  assert.equal(t.calls.length, 1);
  assert.equal(t.calls[0].credentials, 'ASIASOURCE');
  assert.deepEqual(t.calls[0].request, {
    roleArn: ROLE_ARN,
    sessionName: 'mfa-tray-work',
    durationSeconds: 3600,
  });
  assert.equal(result.expiresAt, new Date(NOW + 3_600_000).toISOString());
  assert.equal(t.role('dev').sessionExpiresAt, result.expiresAt);
  assert.match((await t.secrets.get('dev/session')) ?? '', /ASIAROLE1/);
  assert.match(
    fs.readFileSync(t.awsProfiles.credentialsPath, 'utf8'),
    /\[dev-mfa\]\naws_access_key_id = ASIAROLE1/,
  );
});

test('concurrent refreshes of one role share one AssumeRole', async () => {
  const t = await setup();
  const [a, b] = await Promise.all([t.driver.refresh(t.role('dev')), t.driver.refresh(t.role('dev'))]);
  assert.equal(t.calls.length, 1);
  assert.equal(a.expiresAt, b.expiresAt);
});

test('no source session: refresh refuses with the reason; login with a code logs the source in once and renews the roles in use', async () => {
  const t = await setup({ sourceValid: false });
  const need = await t.driver.codeNeed(t.role('dev'));
  assert.deepEqual(need, {
    code: true,
    why: 'source-login',
    source: 'work',
    mfaSerial: 'arn:aws:iam::123456789012:mfa/alice',
  });
  await assert.rejects(
    t.driver.refresh(t.role('dev')),
    (e) => isMfaTrayError(e, 'no-session') && e.details.reason === 'role-source-login',
  );
  // "ops" was in use and has expired; "long" needs its own code; "dev" is the one logged in.
  await t.profiles.updateOfKind(
    'ops',
    'role',
    (p) => (p.sessionExpiresAt = new Date(NOW - 1000).toISOString()),
  );
  await t.profiles.updateOfKind(
    'long',
    'role',
    (p) => (p.sessionExpiresAt = new Date(NOW - 1000).toISOString()),
  );
  await t.driver.login(t.role('dev'), '123456');
  assert.deepEqual(t.logins, ['work:123456']);
  assert.deepEqual(
    t.calls.map((c) => [c.request.durationSeconds, c.credentials]),
    [
      [3600, 'ASIANEWSOURCE'],
      [3600, 'ASIANEWSOURCE'],
    ],
  );
  assert.ok(t.role('ops').sessionExpiresAt! > new Date(NOW).toISOString());
  assert.equal(t.role('long').sessionExpiresAt, new Date(NOW - 1000).toISOString());
});

test('over 1 hour: a code is needed even with a valid source session, and the role is assumed with MFA from the base keys', async () => {
  const t = await setup();
  assert.deepEqual(await t.driver.codeNeed(t.role('long')), {
    code: true,
    why: 'chaining-cap',
    source: 'work',
    mfaSerial: 'arn:aws:iam::123456789012:mfa/alice',
    durationSeconds: 7200,
  });
  await assert.rejects(
    t.driver.refresh(t.role('long')),
    (e) => isMfaTrayError(e) && e.details.reason === 'role-chaining-cap',
  );
  await t.driver.login(t.role('long'), '654321');
  assert.deepEqual(t.logins, []);
  assert.equal(t.calls[0].credentials, 'AKIABASE');
  assert.equal(t.calls[0].request.serialNumber, 'arn:aws:iam::123456789012:mfa/alice');
  assert.equal(t.calls[0].request.tokenCode, '654321');
  assert.equal(t.calls[0].request.durationSeconds, 7200);
});

test('a source without MFA device: assumed with its base keys, no code', async () => {
  const t = await setup({ mfaSerial: null });
  assert.deepEqual(await t.driver.codeNeed(t.role('long')), { code: false, via: 'base-keys' });
  await t.driver.refresh(t.role('dev'));
  assert.equal(t.calls[0].credentials, 'AKIABASE');
  assert.equal(t.calls[0].request.serialNumber, undefined);
});

test('logoutRolesOf drops every role session of the source; remove takes the role away', async () => {
  const t = await setup();
  await t.driver.refresh(t.role('dev'));
  await t.driver.refresh(t.role('ops'));
  assert.deepEqual(await t.driver.logoutRolesOf('work'), ['dev', 'ops', 'long']);
  assert.equal(t.role('dev').sessionExpiresAt, undefined);
  assert.equal(await t.secrets.get('dev/session'), null);
  assert.doesNotMatch(fs.readFileSync(t.awsProfiles.credentialsPath, 'utf8'), /dev-mfa|ops-mfa/);
  await t.driver.remove(t.role('dev'));
  assert.deepEqual(
    t.profiles.load().profiles.map((p) => p.name),
    ['work', 'ops', 'long'],
  );
});

test('AssumeRole refusals get a reason from the request they answer', () => {
  const denied = Object.assign(
    new Error(
      `User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
    ),
    { name: 'AccessDenied' },
  );
  const request = { roleArn: ROLE_ARN, sessionName: 's', durationSeconds: 3600 };
  const reason = (e: MfaTrayError) => [e.kind, e.details.reason];
  assert.deepEqual(reason(classifyAssumeRoleError(denied, { request, sessionHasMfa: false })), [
    'access-denied',
    'role-mfa-required',
  ]);
  assert.deepEqual(reason(classifyAssumeRoleError(denied, { request, sessionHasMfa: true })), [
    'access-denied',
    'role-not-trusted',
  ]);
  assert.deepEqual(
    reason(
      classifyAssumeRoleError(denied, { request: { ...request, externalId: 'x1' }, sessionHasMfa: true }),
    ),
    ['access-denied', 'role-external-id'],
  );
  assert.deepEqual(
    reason(
      classifyAssumeRoleError(denied, {
        request: { ...request, serialNumber: 'arn:aws:iam::123456789012:mfa/a', tokenCode: '123456' },
      }),
    ),
    ['access-denied', 'role-not-trusted'],
  );
  const max = Object.assign(
    new Error('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
    { name: 'ValidationError' },
  );
  assert.deepEqual(reason(classifyAssumeRoleError(max, { request })), ['invalid-input', 'role-max-duration']);
});

test('status rows: roles under their source; orphans last', () => {
  const rows = [
    { name: 'a' },
    { name: 'r1', role: { source: 'b', roleArn: ROLE_ARN } },
    { name: 'b' },
    { name: 'r2', role: { source: 'a', roleArn: ROLE_ARN } },
    { name: 'orphan', role: { source: 'gone', roleArn: ROLE_ARN } },
  ];
  assert.deepEqual(
    underSources(rows).map(({ row, depth }) => `${depth}:${row.name}`),
    ['0:a', '1:r2', '0:b', '1:r1', '0:orphan'],
  );
});
