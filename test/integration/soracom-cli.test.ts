/**
 * `mfa-tray soracom …`, login / logout / status / profile list / remove for SORACOM profiles, and what
 * soracom-cli does with the ~/.soracom file we write (test/support/soracom/soracom-cli.ts): the built CLI
 * against the spec-validated SORACOM emulator and the real keychain (scripts/with-keyring.sh).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BridgeServer } from '../../src/core/bridge/server';
import { PromptCoordinator } from '../../src/core/prompts';
import { systemClock } from '../../src/core/clock';
import { parseTotpUri } from '../../src/core/soracom/mfa';
import type { ProfileDto } from '../../src/shared/ipc-contract';
import { FakePromptCore } from '../support/fakes/fake-prompt-core';
import { decodeQrFile } from '../support/qr-decode';
import { allCommandLines, cliArgv, Sandbox, type RunResult } from '../support/cli-sandbox';
import { SoracomEmulator } from '../support/soracom/server';
import { soracomCliAuthenticate, SoracomCliError } from '../support/soracom/soracom-cli';
import { codeAt, newSeed } from '../support/soracom/totp';

let emu: SoracomEmulator;
let s: Sandbox;
const stderrs: string[] = [];
const secrets = new Set<string>();
let authKey: { authKeyId: string; authKey: string };
const main = fs.realpathSync(cliArgv[0]);
const totpCommand = path.resolve(__dirname, '..', 'support', 'fakes', 'totp-command.js');

before(async () => {
  emu = await SoracomEmulator.start();
  s = new Sandbox('http://127.0.0.1:9', { SORACOM_ENDPOINT: emu.endpoint });
});

after(async () => {
  s?.cleanup();
  await emu?.stop();
});

async function cli(
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  const result = await s.cli(args, options);
  stderrs.push(result.stderr);
  return result;
}

async function ok(
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const result = await cli(args, options);
  assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

function soracomCli(profile: string, env: NodeJS.ProcessEnv = {}) {
  return soracomCliAuthenticate({ profile, env: { ...s.env, ...env } });
}

function profileFile(name: string): string {
  return path.join(s.home, '.soracom', `${name}.json`);
}

function expectedFile(name: string, extra: Record<string, string> = {}): string {
  const doc = {
    coverageType: 'jp',
    ...extra,
    profileCommand: `${process.execPath} ${main} soracom profile-command ${name}`,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

async function statusOf(name: string): Promise<Record<string, unknown>> {
  const rows = JSON.parse(await ok(['status', '--json'])) as Record<string, unknown>[];
  const row = rows.find((r) => r.name === name);
  assert.ok(row, `status --json lists ${name}`);
  return row;
}

/** Waits until at least `ms` remain in the current TOTP window, so two steps of a test share one window. */
async function roomInWindow(ms: number): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < ms) await new Promise((r) => setTimeout(r, left + 50));
}

test('add: root, SAM user and AuthKey profiles; the ~/.soracom files are 0600 with exactly our content', async () => {
  const root = emu.addOperator({ email: 'root@example.com', password: 'root-Pa55word!' });
  secrets.add('root-Pa55word!');
  const out = await ok(['soracom', 'add', 'rootacct', '--email', 'root@example.com'], {
    input: 'root-Pa55word!\n',
  });
  assert.match(out, /Added SORACOM profile "rootacct" \(root account root@example.com\)/);
  assert.equal(fs.readFileSync(profileFile('rootacct'), 'utf8'), expectedFile('rootacct'));
  assert.equal(fs.statSync(profileFile('rootacct')).mode & 0o777, 0o600);

  emu.addSamUser({ operatorId: root.operatorId, userName: 'ops', password: 'sam-Pa55word!' });
  secrets.add('sam-Pa55word!');
  await ok(
    [
      'soracom',
      'add',
      'samacct',
      '--operator-id',
      root.operatorId,
      '--user-name',
      'ops',
      '--coverage',
      'g',
      '--endpoint',
      'https://example.invalid',
      '--token-timeout',
      '3600',
      '--soracom-profile',
      'sam-p',
    ],
    { input: 'sam-Pa55word!' },
  );
  assert.equal(
    fs.readFileSync(profileFile('sam-p'), 'utf8'),
    JSON.stringify(
      {
        coverageType: 'g',
        endpoint: 'https://example.invalid',
        profileCommand: `${process.execPath} ${main} soracom profile-command samacct`,
      },
      null,
      2,
    ) + '\n',
  );
  assert.equal(fs.statSync(profileFile('sam-p')).mode & 0o777, 0o600);

  const key = emu.addAuthKey({ operatorId: root.operatorId });
  authKey = { authKeyId: key.authKeyId, authKey: key.authKey };
  secrets.add(key.authKey);
  await ok(['soracom', 'add', 'keyacct', '--auth-key-id', key.authKeyId], { input: key.authKey });
  assert.equal(fs.readFileSync(profileFile('keyacct'), 'utf8'), expectedFile('keyacct'));

  // A file we did not write is refused and left as it was; nothing is added.
  const foreign = '{"email":"me@example.com","password":"mine"}\n';
  fs.writeFileSync(profileFile('theirs'), foreign, { mode: 0o600 });
  const refused = await cli(['soracom', 'add', 'theirs', '--email', 'x@example.com'], {
    input: 'pw-x-123456',
  });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /theirs\.json already exists and was not written by mfa-tray/);
  assert.equal(fs.readFileSync(profileFile('theirs'), 'utf8'), foreign);
  const list = JSON.parse(await ok(['profile', 'list', '--json'])) as ProfileDto[];
  assert.deepEqual(
    list.map((p) => [p.name, p.kind, p.soracom?.authMode, p.target]),
    [
      ['rootacct', 'soracom', 'root', 'rootacct'],
      ['samacct', 'soracom', 'sam', 'sam-p'],
      ['keyacct', 'soracom', 'authkey', 'keyacct'],
    ],
  );
  const text = await ok(['profile', 'list']);
  assert.match(text, /samacct {2}\[SORACOM\]\n {2}SAM user OP\d{10}\/ops/);
});

test('root account: login, status, MFA set-up from the QR file, verify, backup codes once, logout', async () => {
  const loggedIn = await ok(['login', 'rootacct']);
  assert.match(
    loggedIn,
    /Logged in "rootacct" to SORACOM until .* soracom-cli: soracom … --profile rootacct/,
  );
  const auth = emu.requests.filter((r) => r.path === '/auth');
  assert.deepEqual(auth.at(-1)?.body, {
    email: 'root@example.com',
    password: 'root-Pa55word!',
    tokenTimeoutSeconds: 86400,
  });
  const row = await statusOf('rootacct');
  assert.equal(row.kind, 'soracom');
  assert.equal(row.state, 'valid');
  const left = Date.parse(row.expiresAt as string) - Date.now();
  assert.ok(left > 86_000_000 && left <= 86_400_000, `expires in about 24 h (${left} ms)`);

  // No MFA yet (that login needed no code): soracom-cli signs in with the password alone.
  const noMfa = await soracomCli('rootacct');
  assert.deepEqual(noMfa.authRequest, { email: 'root@example.com', password: 'root-Pa55word!' });
  assert.equal(noMfa.command?.stderr, '');
  secrets.add(noMfa.auth.token).add(noMfa.auth.apiKey);

  const qr = path.join(s.home, 'root-qr.png');
  const enabled = await ok(['soracom', 'mfa', 'enable', 'rootacct', '--qr', qr]);
  assert.match(enabled, /Wrote the QR code to .*root-qr\.png/);
  assert.match(
    enabled,
    /UNCONFIRMED\)\. Scan the QR code, then run: mfa-tray soracom mfa verify rootacct --code CODE/,
  );
  assert.equal(fs.statSync(qr).mode & 0o777, 0o600);
  const listed = JSON.parse(await ok(['profile', 'list', '--json'])) as ProfileDto[];
  // The operator id of a root account is known from its first login.
  const operatorId = listed.find((p) => p.name === 'rootacct')!.accountId!;
  assert.match(operatorId, /^OP\d{10}$/);
  assert.equal(emu.mfaStatus(operatorId), 'UNCONFIRMED');
  const seed = parseTotpUri(await decodeQrFile(qr)).secret;
  fs.rmSync(qr);
  secrets.add(seed);
  // A second enable refuses to overwrite an existing QR file (exclusive create).
  fs.writeFileSync(qr, 'x');
  const clash = await cli(['soracom', 'mfa', 'enable', 'rootacct', '--qr', qr]);
  assert.equal(clash.code, 1);
  assert.match(
    clash.stderr,
    /root-qr\.png already exists; mfa-tray writes the QR code \(it holds the MFA secret\) only to a new file/,
  );
  fs.rmSync(qr);

  await roomInWindow(8000);
  const verified = await ok(['soracom', 'mfa', 'verify', 'rootacct', '--code', codeAt(seed, Date.now())]);
  const backup = emu.state.operators.get(operatorId)!.backupCodes;
  assert.ok(backup.length > 0);
  assert.match(verified, /MFA for "rootacct" is ACTIVE\.\nBackup codes — shown only now/);
  for (const c of backup) assert.ok(verified.includes(`  ${c}\n`), 'every backup code is shown');
  assert.deepEqual(JSON.parse(await ok(['soracom', 'mfa', 'status', 'rootacct', '--json'])), {
    name: 'rootacct',
    status: 'ACTIVE',
    builtInAuthenticator: false,
  });
  // Shown once: the status does not show them again.
  assert.ok(!(await ok(['soracom', 'mfa', 'status', 'rootacct'])).includes(backup[0]));

  emu.clearLog();
  assert.match(await ok(['logout', 'rootacct']), /Logged out "rootacct"/);
  assert.deepEqual(
    emu.requests.map((r) => [r.method, r.path]),
    [['POST', '/auth/logout']],
  );
  assert.ok(emu.requests[0].status < 300, 'SORACOM ended the token');
  assert.equal((await statusOf('rootacct')).state, 'none');

  // Without a code SORACOM wants one now; the same code as the verify is refused before SORACOM sees it.
  const noCode = await cli(['login', 'rootacct']);
  assert.equal(noCode.code, 1);
  assert.match(noCode.stderr, /SORACOM wants an MFA code for this account \(AUM0063\)/);
  const reused = await cli(['login', 'rootacct', '--code', codeAt(seed, Date.now())]);
  assert.equal(reused.code, 1);
  assert.match(
    reused.stderr,
    /That code was already used; SORACOM accepts each code only once\. Wait for the next code \(in \d+ s\)/,
  );
  await ok(['login', 'rootacct', '--code', codeAt(seed, Date.now() + 30_000)]);
  assert.equal((await statusOf('rootacct')).state, 'valid');

  // With nothing to get a code from, profile-command says what to set up, in one line, and soracom-cli fails.
  const none = await cli(['soracom', 'profile-command', 'rootacct']);
  assert.equal(none.code, 1);
  assert.equal(none.stdout, '');
  assert.equal(
    none.stderr,
    'mfa-tray: No MFA code source for SORACOM profile "rootacct". Start the mfa-tray app, set a code command (mfa-tray profile remove + soracom add … --code-command), or turn on the built-in authenticator (mfa-tray soracom mfa enable rootacct --keep-seed).\n',
  );
  await assert.rejects(
    soracomCli('rootacct'),
    (e: unknown) => e instanceof SoracomCliError && e.stage === 'profile-command',
  );
});

test('SAM user with --keep-seed: the built-in authenticator confirms MFA and serves soracom-cli, twice in one window', async () => {
  // Its file names another endpoint; SORACOM_ENDPOINT wins, for mfa-tray as for soracom-cli.
  await ok(['login', 'samacct']);
  const qr = path.join(s.home, 'sam-qr.svg');
  const enabled = await cli(['soracom', 'mfa', 'enable', 'samacct', '--keep-seed', '--qr', qr]);
  assert.equal(enabled.code, 0, enabled.stderr);
  assert.match(
    enabled.stderr,
    /^Warning: The built-in authenticator keeps the MFA secret in this computer’s keychain/,
  );
  assert.match(
    enabled.stdout,
    /MFA for "samacct" is ACTIVE\.\nThe built-in authenticator is on for "samacct"/,
  );
  assert.ok(!enabled.stdout.includes('Backup codes'), 'SAM users get no backup codes');
  assert.match(fs.readFileSync(qr, 'utf8'), /^<svg/);
  fs.rmSync(qr);
  const list = JSON.parse(await ok(['profile', 'list', '--json'])) as ProfileDto[];
  const sam = list.find((p) => p.name === 'samacct')!;
  assert.equal(sam.builtInAuthenticator, true);
  secrets.add(emu.scanTotpUri(sam.soracom!.operatorId!, 'ops').seed);

  await roomInWindow(15_000);
  const first = await soracomCli('sam-p');
  const second = await soracomCli('sam-p');
  for (const run of [first, second]) {
    assert.deepEqual(Object.keys(run.authRequest).sort(), [
      'mfaOTPCode',
      'operatorId',
      'password',
      'userName',
    ]);
    assert.equal(run.authRequest.userName, 'ops');
    assert.equal(run.command?.stderr, '', 'profile-command writes nothing on stderr');
    assert.equal(run.auth.userName, 'ops');
    secrets.add(run.auth.token).add(run.auth.apiKey);
  }
  assert.notEqual(first.authRequest.mfaOTPCode, second.authRequest.mfaOTPCode, 'no code handed out twice');
});

test('a code command serves soracom-cli; an AuthKey needs no code', async () => {
  const seed = newSeed();
  secrets.add(seed);
  const op = emu.addOperator({ email: 'cmd@example.com', password: 'cmd-Pa55word!', mfaSeed: seed });
  secrets.add('cmd-Pa55word!');
  await ok(
    [
      'soracom',
      'add',
      'cmdacct',
      '--email',
      'cmd@example.com',
      '--code-command',
      `${process.execPath} ${totpCommand}`,
    ],
    { input: 'cmd-Pa55word!\n' },
  );
  await roomInWindow(8000);
  const run = await soracomCli('cmdacct', { TEST_TOTP_SEED: seed });
  assert.equal(run.authRequest.email, 'cmd@example.com');
  assert.equal(run.authRequest.mfaOTPCode, codeAt(seed, Date.now()));
  assert.equal(run.auth.operatorId, op.operatorId);
  secrets.add(run.auth.token);

  // Logging in through the same code command: that code was handed out, so it waits for the next one.
  const login = await cli(['login', 'cmdacct'], { env: { TEST_TOTP_SEED: seed } });
  assert.equal(login.code, 0, login.stderr);
  assert.match(login.stdout, /^Logged in "cmdacct" to SORACOM until /);
  const codes = emu.requests
    .filter((r) => r.path === '/auth')
    .map((r) => (r.body as Record<string, string>).mfaOTPCode);
  assert.equal(new Set(codes.slice(-2)).size, 2, 'the login got a code soracom-cli had not used');

  // X-Soracom-Lang follows the language setting ("system": the locale).
  await ok(['login', 'keyacct'], { env: { LANG: 'ja_JP.UTF-8' } });
  assert.equal(emu.requests.at(-1)?.lang, 'ja');
  // An AuthKey signs in without a code.
  assert.deepEqual(emu.requests.at(-1)?.body, { ...authKey, tokenTimeoutSeconds: 86400 });
  await ok(['login', 'keyacct']);
  assert.equal(emu.requests.at(-1)?.lang, 'en');
  const keyRun = await soracomCli('keyacct');
  assert.deepEqual(Object.keys(keyRun.authRequest).sort(), ['authKey', 'authKeyId']);
  assert.equal((await statusOf('keyacct')).state, 'valid');
});

test('through the running app: profile-command asks the bridge for the code; the prompt hands it back without a login', async () => {
  const seed = newSeed();
  secrets.add(seed);
  emu.addOperator({ email: 'app@example.com', password: 'app-Pa55word!', mfaSeed: seed });
  secrets.add('app-Pa55word!');
  await ok(['soracom', 'add', 'appacct', '--email', 'app@example.com'], { input: 'app-Pa55word!' });

  const core = new FakePromptCore({
    clock: systemClock,
    profile: (name) => ({ name }) as ProfileDto,
    unexpectedLogin: 'the app must not log in',
  });
  const prompts = new PromptCoordinator(core, systemClock);
  const shown: string[] = [];
  prompts.onShow((prompt) => {
    shown.push(`${prompt.name}:${prompt.reason}:${prompt.waiting}`);
    // The person reads the phone and types the code.
    void prompts.submit(prompt.name, codeAt(seed, Date.now()));
  });
  const server = new BridgeServer({
    home: s.env.MFA_TRAY_HOME!,
    core: { cachedSession: () => Promise.resolve(undefined), profileStatus: core.profileStatus },
    prompts,
    version: 'test',
  });
  await server.start();
  try {
    await roomInWindow(8000);
    const run = await soracomCli('appacct');
    assert.equal(run.authRequest.mfaOTPCode, codeAt(seed, Date.now()));
    assert.equal(run.command?.stderr, '');
    assert.deepEqual(shown, ['appacct:cli-code:1']);
    assert.equal(core.logins.length, 0);
    secrets.add(run.auth.token);
  } finally {
    await server.stop();
  }
});

test('profile remove: logs out, deletes our ~/.soracom file, leaves a file changed by hand', async () => {
  emu.clearLog();
  const removed = await ok(['profile', 'remove', 'rootacct', '--yes']);
  assert.match(removed, /Removed SORACOM profile "rootacct".*, and .*rootacct\.json is deleted\./);
  assert.ok(!fs.existsSync(profileFile('rootacct')));
  assert.ok(
    emu.requests.some((r) => r.path === '/auth/logout'),
    'the token was ended at SORACOM',
  );

  const changed = JSON.parse(fs.readFileSync(profileFile('sam-p'), 'utf8')) as Record<string, unknown>;
  changed.headers = { 'X-Mine': '1' };
  fs.writeFileSync(profileFile('sam-p'), JSON.stringify(changed));
  const kept = await ok(['profile', 'remove', 'samacct', '--yes']);
  assert.match(kept, /sam-p\.json was changed by someone else and is left alone\./);
  assert.ok(fs.existsSync(profileFile('sam-p')));
  assert.ok(fs.existsSync(profileFile('theirs')));
  const left = (JSON.parse(await ok(['profile', 'list', '--json'])) as ProfileDto[]).map((p) => p.name);
  assert.deepEqual(left, ['keyacct', 'cmdacct', 'appacct']);
});

test('no secret (password, auth key, token, API key, seed) in a file, argv or stderr', async () => {
  const running = soracomCli('keyacct');
  const seen: string[] = [];
  const timer = setInterval(() => seen.push(...allCommandLines()), 20);
  try {
    await running;
  } finally {
    clearInterval(timer);
  }
  assert.ok(
    seen.some((l) => l.includes('soracom profile-command keyacct')),
    'profile-command was running',
  );
  for (const token of emu.state.tokens.values()) secrets.add(token.token).add(token.apiKey);
  assert.ok(secrets.size >= 10);
  assert.deepEqual(s.filesContaining(secrets), []);
  assert.deepEqual(
    seen.filter((l) => [...secrets].some((x) => l.includes(x))),
    [],
  );
  assert.deepEqual(
    stderrs.filter((e) => [...secrets].some((x) => e.includes(x))),
    [],
  );
  assert.deepEqual(emu.specViolations, []);
});
