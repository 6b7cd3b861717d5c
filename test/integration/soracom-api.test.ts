/**
 * The SORACOM building blocks of src/core/soracom against the SORACOM API emulator (spec-validated), and
 * soracom-cli's own handling of a ~/.soracom profile file of ours (test/support/soracom/soracom-cli.ts).
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MfaTrayError } from '../../src/core/errors';
import { SoracomApiClient, type SoracomApiCredentials } from '../../src/core/soracom/api-client';
import { soracomLogin, soracomLogout, type SoracomSession } from '../../src/core/soracom/auth';
import {
  createAwsCredentialSet,
  deleteCredentialSet,
  listCredentialSets,
} from '../../src/core/soracom/credentials';
import {
  funnelCredentialsId,
  getGroup,
  listGroups,
  setFunnelCredentials,
} from '../../src/core/soracom/groups';
import {
  enableSoracomMfa,
  getSoracomMfaStatus,
  mfaTargetOf,
  verifySoracomMfa,
} from '../../src/core/soracom/mfa';
import { writeSoracomProfileFile } from '../../src/core/soracom/profile-file';
import { SoracomEmulator } from '../support/soracom/server';
import {
  cliEndpoint,
  loadCliProfile,
  soracomCliAuthenticate,
  SoracomCliError,
} from '../support/soracom/soracom-cli';
import { newSeed } from '../support/soracom/totp';

/** The emulator's clock: starts 5 s into a TOTP window and moves only when a test says so. */
const clock = { t: Date.UTC(2026, 0, 5, 9, 0, 5), now: () => clock.t };
let emu: SoracomEmulator;
let client: SoracomApiClient;
const temps: string[] = [];

before(async () => {
  emu = await SoracomEmulator.start({ clock });
  client = new SoracomApiClient({ endpoint: emu.endpoint, connectTimeoutMs: 5000, timeoutMs: 10_000 });
});

after(async () => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  await emu?.stop();
});

beforeEach(() => {
  // A new window for every test, so no code is "reused" across tests by accident.
  clock.t += 90_000;
  emu.clearLog();
  assert.deepEqual(emu.specViolations, [], 'the emulator never sent an answer that breaks the spec');
});

let counter = 0;
function uniqueEmail(): string {
  return `user${++counter}-${process.pid}@example.com`;
}

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

async function rejectsWith(
  promise: Promise<unknown>,
  kind: string,
  check?: (e: MfaTrayError) => void,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof MfaTrayError, `expected MfaTrayError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    check?.(error);
    return true;
  });
}

function rootWithMfa() {
  const seed = newSeed();
  const email = uniqueEmail();
  const operator = emu.addOperator({ email, password: 'root-pass', mfaSeed: seed });
  return { seed, email, operator, secret: { kind: 'root' as const, email, password: 'root-pass' } };
}

test('root login with an MFA code: API key, token, operator id; expiry = issue time + timeout', async () => {
  const { seed, operator, secret } = rootWithMfa();
  const issued = Date.now();
  const session = await soracomLogin(client, secret, {
    mfaCode: emu.codeFor(seed),
    tokenTimeoutSeconds: 3600,
  });
  assert.equal(session.operatorId, operator.operatorId);
  assert.equal(session.userName, undefined);
  assert.match(session.apiKey, /^api-/);
  assert.ok(session.token.length > 20);
  assert.ok(session.issuedAt >= issued && session.issuedAt <= Date.now());
  assert.equal(session.expiresAt, session.issuedAt + 3600 * 1000);
  const [entry] = emu.requests;
  assert.equal(entry.path, '/auth');
  assert.equal(entry.status, 200);
  assert.deepEqual(Object.keys(entry.body as object).sort(), [
    'email',
    'mfaOTPCode',
    'password',
    'tokenTimeoutSeconds',
  ]);
});

test('a missing code is AUM0063 → soracom-code-required; a wrong code or password → soracom-auth-failed (401)', async () => {
  const { seed, secret } = rootWithMfa();
  await rejectsWith(soracomLogin(client, secret), 'soracom-code-required', (e) => {
    assert.equal(e.details.soracomCode, 'AUM0063');
    assert.equal(e.details.httpStatus, 401);
  });
  const right = emu.codeFor(seed);
  const wrong = right === '000000' ? '111111' : '000000';
  await rejectsWith(soracomLogin(client, secret, { mfaCode: wrong }), 'soracom-auth-failed', (e) => {
    assert.equal(e.details.httpStatus, 401);
    assert.equal(e.details.soracomCode, 'AUM0064');
    assert.match(e.message, /Invalid MFA OTP code\. \(AUM0064\)$/);
  });
  await rejectsWith(
    soracomLogin(client, { ...secret, password: 'nope' }, { mfaCode: right }),
    'soracom-auth-failed',
    (e) => assert.equal(e.details.soracomCode, 'AUM0001'),
  );
  assert.deepEqual(
    emu.requests.map((r) => [r.status, r.code, r.note]),
    [
      [401, 'AUM0063', 'mfa-code-missing'],
      [401, 'AUM0064', 'mfa-code-wrong'],
      [401, 'AUM0001', 'password-wrong'],
    ],
  );
});

test('a code is accepted once: the same code again within its window is refused', async () => {
  const { seed, secret } = rootWithMfa();
  const code = emu.codeFor(seed);
  await soracomLogin(client, secret, { mfaCode: code });
  await rejectsWith(soracomLogin(client, secret, { mfaCode: code }), 'soracom-auth-failed');
  assert.equal(emu.requests[1].note, 'mfa-code-reused');
  // The next window's code (accepted as +1) still works.
  await soracomLogin(client, secret, { mfaCode: emu.codeFor(seed, 1) });
});

test("X-Soracom-Lang: ja gives SORACOM's message in Japanese", async () => {
  const { secret } = rootWithMfa();
  const ja = new SoracomApiClient({ endpoint: emu.endpoint, lang: 'ja' });
  await rejectsWith(soracomLogin(ja, secret), 'soracom-code-required');
  await rejectsWith(soracomLogin(ja, { ...secret, password: 'x' }), 'soracom-auth-failed', (e) =>
    assert.match(e.message, /パスワード/),
  );
  assert.deepEqual(
    emu.requests.map((r) => r.lang),
    ['ja', 'ja'],
  );
});

test('SAM user login sends userName and gets it back; AuthKey login needs no code', async () => {
  const { operator } = rootWithMfa();
  const seed = newSeed();
  emu.addSamUser({
    operatorId: operator.operatorId,
    userName: 'ops-bot',
    password: 'sam-pass',
    mfaSeed: seed,
  });
  const sam = await soracomLogin(
    client,
    { kind: 'sam', operatorId: operator.operatorId, userName: 'ops-bot', password: 'sam-pass' },
    { mfaCode: emu.codeFor(seed) },
  );
  assert.equal(sam.userName, 'ops-bot');
  assert.equal(sam.operatorId, operator.operatorId);
  const key = emu.addAuthKey({ operatorId: operator.operatorId });
  const viaKey = await soracomLogin(client, {
    kind: 'authkey',
    authKeyId: key.authKeyId,
    authKey: key.authKey,
  });
  assert.equal(viaKey.operatorId, operator.operatorId);
  assert.deepEqual(Object.keys(emu.requests[0].body as object).sort(), [
    'mfaOTPCode',
    'operatorId',
    'password',
    'tokenTimeoutSeconds',
    'userName',
  ]);
  await rejectsWith(
    soracomLogin(client, { kind: 'authkey', authKeyId: key.authKeyId, authKey: 'wrong' }),
    'soracom-auth-failed',
  );
});

test('the token expires after tokenTimeoutSeconds on the emulator clock: the next call is no-session', async () => {
  const { seed, operator, secret } = rootWithMfa();
  const session = await soracomLogin(client, secret, {
    mfaCode: emu.codeFor(seed),
    tokenTimeoutSeconds: 180,
  });
  const target = mfaTargetOf(session);
  assert.equal(await getSoracomMfaStatus(client, session, target), 'ACTIVE');
  clock.t += 179_000;
  assert.equal(await getSoracomMfaStatus(client, session, target), 'ACTIVE');
  clock.t += 1_000;
  await rejectsWith(getSoracomMfaStatus(client, session, target), 'no-session', (e) => {
    assert.equal(e.details.httpStatus, 401);
    assert.equal(e.details.soracomCode, 'AUM0051');
  });
  assert.equal(target.operatorId, operator.operatorId);
});

test('logout revokes the token; logging out an expired token is not an error', async () => {
  const { seed, secret } = rootWithMfa();
  const session = await soracomLogin(client, secret, { mfaCode: emu.codeFor(seed) });
  assert.deepEqual(await soracomLogout(client, session), { alreadyExpired: false });
  await rejectsWith(listGroups(client, session), 'no-session');
  assert.deepEqual(await soracomLogout(client, session), { alreadyExpired: true });
});

test("root MFA: enable → totpUri (parsed) → verify with the phone's code → backup codes → ACTIVE", async () => {
  const email = uniqueEmail();
  const operator = emu.addOperator({ email, password: 'pw' });
  const session = await soracomLogin(client, { kind: 'root', email, password: 'pw' });
  const target = mfaTargetOf(session);
  assert.equal(await getSoracomMfaStatus(client, session, target), 'INACTIVE');
  const enabled = await enableSoracomMfa(client, session, target);
  assert.equal(enabled.issuer, 'SORACOM');
  assert.equal(enabled.account, email);
  assert.equal(enabled.period, 30);
  assert.equal(enabled.digits, 6);
  const phone = emu.scanTotpUri(operator.operatorId);
  assert.equal(enabled.secret, phone.seed);
  assert.equal(enabled.totpUri, phone.uri);
  assert.equal(await getSoracomMfaStatus(client, session, target), 'UNCONFIRMED');
  const wrong = emu.codeFor(phone.seed) === '123456' ? '654321' : '123456';
  await rejectsWith(verifySoracomMfa(client, session, target, wrong), 'soracom-api', (e) =>
    assert.equal(e.details.soracomCode, 'AUM0064'),
  );
  const { backupCodes } = await verifySoracomMfa(client, session, target, emu.codeFor(phone.seed));
  assert.equal(backupCodes.length, 10);
  assert.ok(backupCodes.every((c) => /^\d{8}$/.test(c)));
  assert.equal(await getSoracomMfaStatus(client, session, target), 'ACTIVE');
  // From now on /auth wants a code.
  await rejectsWith(soracomLogin(client, { kind: 'root', email, password: 'pw' }), 'soracom-code-required');
  await soracomLogin(
    client,
    { kind: 'root', email, password: 'pw' },
    { mfaCode: emu.codeFor(phone.seed, 1) },
  );
});

test('SAM MFA: the user enables their own; verify answers 204 (no backup codes); status ACTIVE', async () => {
  const operator = emu.addOperator({ email: uniqueEmail(), password: 'pw' });
  emu.addSamUser({ operatorId: operator.operatorId, userName: 'alice', password: 'sam-pw' });
  const secret = {
    kind: 'sam' as const,
    operatorId: operator.operatorId,
    userName: 'alice',
    password: 'sam-pw',
  };
  const session = await soracomLogin(client, secret);
  const target = mfaTargetOf(session);
  assert.deepEqual(target, { kind: 'sam', operatorId: operator.operatorId, userName: 'alice' });
  const enabled = await enableSoracomMfa(client, session, target);
  assert.equal(enabled.account, `alice@${operator.operatorId}`);
  const { seed } = emu.scanTotpUri(operator.operatorId, 'alice');
  assert.deepEqual(await verifySoracomMfa(client, session, target, emu.codeFor(seed)), { backupCodes: [] });
  const verify = emu.requests.find((r) => r.operationId === 'verifyUserMFA');
  assert.equal(verify?.status, 204);
  assert.equal(await getSoracomMfaStatus(client, session, target), 'ACTIVE');
  // A SAM user cannot touch the root account's MFA.
  await rejectsWith(
    getSoracomMfaStatus(client, session, { kind: 'root', operatorId: operator.operatorId }),
    'soracom-api',
    (e) => assert.equal(e.details.httpStatus, 403),
  );
});

async function rootSession(): Promise<{ session: SoracomSession; operatorId: string }> {
  const email = uniqueEmail();
  const operator = emu.addOperator({ email, password: 'pw' });
  return {
    session: await soracomLogin(client, { kind: 'root', email, password: 'pw' }),
    operatorId: operator.operatorId,
  };
}

async function raw(
  method: string,
  apiPath: string,
  body?: unknown,
  auth?: SoracomApiCredentials,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emu.endpoint}/v1${apiPath}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(auth ? { 'X-Soracom-API-Key': auth.apiKey, 'X-Soracom-Token': auth.token } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

test('the emulator checks requests against the spec: bodies that break it are refused with 400', async () => {
  const { session } = await rootSession();
  emu.clearLog();
  const badType = await raw('POST', '/auth', { email: 42, password: 'pw' });
  assert.equal(badType.status, 400);
  assert.equal((badType.body as { code: string }).code, 'COM0001');
  assert.match((badType.body as { message: string }).message, /\/requestBody\/email must be string/);
  const tooLong = await raw('POST', '/auth', { email: 'a@b.c', password: 'pw', tokenTimeoutSeconds: 172801 });
  assert.match((tooLong.body as { message: string }).message, /must be <= 172800/);
  const noValue = await raw(
    'PUT',
    '/groups/g1/configuration/SoracomFunnel',
    [{ key: 'credentialsId' }],
    session,
  );
  assert.equal(noValue.status, 400);
  assert.match((noValue.body as { message: string }).message, /must have required property 'value'/);
  const badNamespace = await raw('PUT', '/groups/g1/configuration/Nope', [{ key: 'a', value: 1 }], session);
  assert.match(
    (badNamespace.body as { message: string }).message,
    /namespace must be equal to one of the allowed values/,
  );
  const notJson = await raw('POST', '/auth', '{not json');
  assert.equal(notJson.status, 400);
  assert.deepEqual(
    emu.requests.map((r) => r.note),
    Array(5).fill('request-violates-spec'),
  );
});

test('the emulator checks its own answers: one that breaks the response schema is not sent', async () => {
  const { session, operatorId } = await rootSession();
  const group = emu.addGroup({ operatorId, groupId: 'broken-group', name: 'broken' });
  (group as unknown as { createdTime: string }).createdTime = 'yesterday';
  await rejectsWith(getGroup(client, session, 'broken-group'), 'server', (e) => {
    assert.equal(e.details.soracomCode, 'EMU0001');
    assert.equal(e.details.httpStatus, 500);
  });
  assert.equal(emu.specViolations.length, 1);
  assert.match(emu.specViolations[0], /GET \/groups\/broken-group → 200: \/createdTime must be integer/);
  emu.specViolations.length = 0;
  emu.state.groups.delete('broken-group');
});

test("authenticated operations need both X-Soracom-API-Key and X-Soracom-Token (the spec's security)", async () => {
  const { session } = await rootSession();
  const none = await raw('GET', '/groups');
  assert.deepEqual([none.status, (none.body as { code: string }).code], [401, 'AUM0050']);
  const forged = await raw('GET', '/groups', undefined, { apiKey: session.apiKey, token: 'forged' });
  assert.deepEqual([forged.status, (forged.body as { code: string }).code], [401, 'AUM0051']);
  const ok = await raw('GET', '/groups', undefined, session);
  assert.equal(ok.status, 200);
});

test('groups: listGroups follows x-soracom-next-key across 3 pages', async () => {
  const { session, operatorId } = await rootSession();
  const ids = ['g-a', 'g-b', 'g-c', 'g-d', 'g-e', 'g-f', 'g-g'].map((id) => `${operatorId}-${id}`);
  for (const [i, groupId] of ids.entries())
    emu.addGroup({ operatorId, groupId, name: `group ${i}`, funnelCredentialsId: 'funnel-old' });
  emu.clearLog();
  const groups = await listGroups(client, session, { pageSize: 3 });
  assert.deepEqual(
    groups.map((g) => g.groupId),
    ids,
  );
  assert.deepEqual(
    emu.requests.map((r) => r.path),
    [
      '/groups?limit=3',
      `/groups?limit=3&last_evaluated_key=${ids[2]}`,
      `/groups?limit=3&last_evaluated_key=${ids[5]}`,
    ],
  );
  assert.equal(funnelCredentialsId(groups[0]), 'funnel-old');
});

test('Funnel: create a credential set (secret never shown back), point a group at it; an injected failure leaves it', async () => {
  const { session, operatorId } = await rootSession();
  emu.addCredentialSet({
    operatorId,
    credentialsId: 'funnel-old',
    accessKeyId: 'AKIAOLD0000000000000',
    secretAccessKey: 'old-secret',
  });
  const created = await createAwsCredentialSet(client, session, {
    credentialsId: 'funnel-260105',
    description: 'rotated by mfa-tray',
    accessKeyId: 'AKIANEW0000000000000',
    secretAccessKey: 'new-secret',
  });
  assert.deepEqual(created.credentials, { accessKeyId: 'AKIANEW0000000000000' });
  const sets = await listCredentialSets(client, session);
  assert.deepEqual(
    sets.map((s) => s.credentialsId),
    ['funnel-260105', 'funnel-old'],
  );
  assert.ok(!JSON.stringify(sets).includes('secret'));
  await rejectsWith(
    createAwsCredentialSet(client, session, {
      credentialsId: 'funnel-260105',
      accessKeyId: 'AKIAX',
      secretAccessKey: 's',
    }),
    'soracom-api',
    (e) => assert.equal(e.details.soracomCode, 'CRD0001'),
  );

  const ok = emu.addGroup({ operatorId, groupId: `${operatorId}-ok`, funnelCredentialsId: 'funnel-old' });
  const failing = emu.addGroup({
    operatorId,
    groupId: `${operatorId}-fail`,
    funnelCredentialsId: 'funnel-old',
  });
  emu.failGroupUpdate(failing.groupId, { times: 1 });
  const updated = await setFunnelCredentials(client, session, ok.groupId, 'funnel-260105');
  assert.equal(funnelCredentialsId(updated), 'funnel-260105');
  assert.equal(updated.configuration?.SoracomFunnel?.enabled, true, 'other Funnel keys are kept');
  await rejectsWith(setFunnelCredentials(client, session, failing.groupId, 'funnel-260105'), 'server', (e) =>
    assert.equal(e.details.httpStatus, 500),
  );
  assert.equal(funnelCredentialsId(await getGroup(client, session, failing.groupId)), 'funnel-old');
  assert.equal(
    funnelCredentialsId(await setFunnelCredentials(client, session, failing.groupId, 'funnel-260105')),
    'funnel-260105',
  );

  await deleteCredentialSet(client, session, 'funnel-old');
  await rejectsWith(deleteCredentialSet(client, session, 'funnel-old'), 'soracom-api', (e) =>
    assert.equal(e.details.httpStatus, 404),
  );
});

test('timeouts and unreachable endpoints are typed errors naming the endpoint', async () => {
  const silent = http.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  const silentEndpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  try {
    const slow = new SoracomApiClient({ endpoint: silentEndpoint, connectTimeoutMs: 200, timeoutMs: 5000 });
    const started = Date.now();
    await rejectsWith(slow.request({ method: 'GET', path: '/groups' }), 'timeout', (e) => {
      assert.equal(e.details.endpoint, silentEndpoint);
      assert.match(
        e.message,
        new RegExp(`SORACOM \\(${silentEndpoint.replace(/[.]/g, '\\.')}\\) did not answer`),
      );
    });
    assert.ok(Date.now() - started < 3000);
  } finally {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
  const closedEndpoint = silentEndpoint; // the port is closed now
  const gone = new SoracomApiClient({ endpoint: closedEndpoint });
  await rejectsWith(gone.request({ method: 'GET', path: '/groups' }), 'network', (e) =>
    assert.match(e.message, /Cannot reach SORACOM at http:\/\/127\.0\.0\.1:\d+\./),
  );
});

/** A stand-in for `mfa-tray soracom profile-command NAME`: checks its argv, prints what the test gave it. */
const FAKE_PROVIDER = `
const expected = ['soracom', 'profile-command', process.env.EXPECT_NAME];
if (JSON.stringify(process.argv.slice(2)) !== JSON.stringify(expected)) {
  process.stderr.write('unexpected argv ' + JSON.stringify(process.argv.slice(2)) + '\\n');
  process.exit(3);
}
let stdin = '';
try { stdin = require('fs').readFileSync(0, 'utf8'); } catch {}
if (stdin !== '') process.exit(4);
if (process.env.FAIL_WITH) process.exit(Number(process.env.FAIL_WITH));
process.stdout.write(process.env.PROVIDER_OUTPUT);
`;

test('soracom-cli reads our ~/.soracom file, runs its profileCommand without a shell and authenticates', async () => {
  const seed = newSeed();
  const operator = emu.addOperator({ email: uniqueEmail(), password: 'pw' });
  emu.addSamUser({ operatorId: operator.operatorId, userName: 'bot', password: 'sam-pw', mfaSeed: seed });
  const home = tempDir('mfa-tray-soracom-home-');
  // A path with a space and a quote: the quoting of profileCommand must survive go-shellwords.
  const scriptDir = path.join(tempDir('mfa-tray-soracom-bin-'), "it's here");
  fs.mkdirSync(scriptDir);
  const script = path.join(scriptDir, 'provider.js');
  fs.writeFileSync(script, FAKE_PROVIDER);
  const name = 'work sam';
  const written = await writeSoracomProfileFile({
    soracomProfile: 'work',
    mfaTrayProfile: name,
    command: [process.execPath, script],
    coverageType: 'g',
    homeDir: home,
    env: {},
  });
  assert.equal(written.path, path.join(home, '.soracom', 'work.json'));
  assert.equal(fs.statSync(written.path).mode & 0o777, 0o600);

  const env: NodeJS.ProcessEnv = {
    HOME: home,
    PATH: process.env.PATH,
    SORACOM_ENDPOINT: emu.endpoint,
    EXPECT_NAME: name,
    PROVIDER_OUTPUT: JSON.stringify({
      Username: 'bot',
      password: 'sam-pw',
      OPERATORID: operator.operatorId,
      mfaOTPCode: emu.codeFor(seed),
      unknownField: 'dropped',
      coverageType: 'jp',
    }),
  };
  const result = await soracomCliAuthenticate({ profile: 'work', env });
  assert.equal(result.endpoint, emu.endpoint);
  assert.deepEqual(result.command?.argv, [process.execPath, script, 'soracom', 'profile-command', name]);
  assert.deepEqual(Object.keys(result.authRequest).sort(), [
    'mfaOTPCode',
    'operatorId',
    'password',
    'userName',
  ]);
  assert.equal(result.auth.operatorId, operator.operatorId);
  const authCall = emu.requests.at(-1);
  assert.equal(authCall?.status, 200);
  assert.equal((authCall?.body as { userName: string }).userName, 'bot');

  // Without SORACOM_ENDPOINT the file's coverageType decides (the command's "coverageType" is ignored).
  // Resolved only: nothing here may leave the machine.
  const noEndpoint = { ...env };
  delete noEndpoint.SORACOM_ENDPOINT;
  assert.equal(cliEndpoint(loadCliProfile('work', noEndpoint, home), noEndpoint), 'https://g.api.soracom.io');

  // A command that fails is an error, and so is a file that others may read.
  await assert.rejects(
    soracomCliAuthenticate({ profile: 'work', env: { ...env, FAIL_WITH: '2' } }),
    (e: unknown) =>
      e instanceof SoracomCliError && e.stage === 'profile-command' && e.message === 'exit status 2',
  );
  fs.chmodSync(written.path, 0o640);
  await assert.rejects(
    soracomCliAuthenticate({ profile: 'work', env }),
    (e: unknown) => e instanceof SoracomCliError && e.stage === 'profile-file' && /too open/.test(e.message),
  );
});

test('soracom-cli with an endpoint in our file and no SORACOM_ENDPOINT reaches that endpoint', async () => {
  const operator = emu.addOperator({ email: uniqueEmail(), password: 'pw' });
  const key = emu.addAuthKey({ operatorId: operator.operatorId });
  const profileDir = path.join(tempDir('mfa-tray-soracom-dir-'), 'profiles');
  const script = path.join(tempDir('mfa-tray-soracom-bin-'), 'provider.js');
  fs.writeFileSync(script, FAKE_PROVIDER);
  await writeSoracomProfileFile({
    soracomProfile: 'default',
    mfaTrayProfile: 'keyed',
    command: [process.execPath, script],
    coverageType: 'jp',
    endpoint: emu.endpoint,
    env: { SORACOM_PROFILE_DIR: profileDir },
  });
  assert.equal(fs.statSync(profileDir).mode & 0o777, 0o700);
  const result = await soracomCliAuthenticate({
    env: {
      SORACOM_PROFILE_DIR: profileDir,
      PATH: process.env.PATH,
      EXPECT_NAME: 'keyed',
      PROVIDER_OUTPUT: JSON.stringify({ authKeyId: key.authKeyId, authKey: key.authKey }),
    },
  });
  assert.equal(result.endpoint, emu.endpoint);
  assert.equal(result.auth.operatorId, operator.operatorId);
});
