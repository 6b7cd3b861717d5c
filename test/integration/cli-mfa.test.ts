/**
 * `mfa-tray mfa …` end to end: the built CLI in a sandbox HOME with the real keychain, moto behind the
 * layer that checks the two codes like AWS, zbar reading the QR code as a phone would, and the AWS CLI
 * using the session of the new device. The guided terminal flows run in-process with a scripted terminal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { mfaCommand } from '../../src/cli/mfa-commands';
import { MfaTrayError } from '../../src/core/errors';
import type { MfaDeviceList } from '../../src/core/mfa-devices';
import { openCore } from '../../src/core/open';
import { parseOtpauthUri } from '../../src/core/otpauth';
import {
  createUser,
  totpCode,
  waitForFreshWindow,
  type TestUser,
  unassignedMfaSerials,
} from '../support/aws-test-env';
import { useAwsSuite } from '../support/aws-suite';
import { Sandbox, uniqueName } from '../support/cli-sandbox';
import { CodeBook } from '../support/mfa-codes';
import { FakeTerminal } from '../support/fakes/fake-terminal';
import { decodeQrFile } from '../support/qr-decode';

const { aws, sandbox } = useAwsSuite();

/** A sandbox with a profile "p" for a fresh IAM user that has no MFA device. */
async function sandboxWithProfile(prefix: string): Promise<{ s: Sandbox; user: TestUser }> {
  const s = sandbox();
  const user = await createUser(aws, uniqueName(prefix), { withMfa: false });
  s.secrets.add(user.secretAccessKey);
  const add = await s.cli(['profile', 'add', 'p', '--access-key-id', user.accessKeyId], {
    input: user.secretAccessKey,
  });
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, /MFA device \(none yet\)/);
  assert.match(add.stdout, /mfa-tray mfa create DEVICE_NAME --profile p`/);
  return { s, user };
}

function serialFrom(stdout: string): string {
  const match = /Created virtual MFA device (\S+) for IAM user/.exec(stdout);
  assert.ok(match, `no serial in: ${stdout}`);
  return match[1];
}

function assertNoSecret(text: string, secrets: Iterable<string>, what: string): void {
  for (const secret of secrets) assert.ok(!text.includes(secret), `${what} contains a secret`);
}

test('non-TTY: create --qr file.png (zbar reads it), list --json shows an orphan, enable with codes, login, AWS CLI', async () => {
  const { s, user } = await sandboxWithProfile('cli');
  const qrFile = path.join(s.home, 'phone.png');
  const create = await s.cli(['mfa', 'create', 'phone-cli', '--profile', 'p', '--qr', qrFile]);
  assert.equal(create.code, 0, create.stderr);
  const serial = serialFrom(create.stdout);
  assert.equal(serial, `arn:aws:iam::${user.accountId}:mfa/phone-cli`);
  assert.match(create.stdout, /delete it after scanning/);
  assert.match(create.stdout, /stays unassigned .* until you enable it/);
  assert.ok(
    create.stdout.includes(`mfa-tray mfa enable ${serial} --profile p --code1 123456 --code2 654321`),
  );
  assert.equal(fs.statSync(qrFile).mode & 0o777, 0o600, 'the QR file is readable only by its owner');

  const uri = await decodeQrFile(qrFile);
  const parts = parseOtpauthUri(uri);
  assert.equal(parts.issuer, 'Amazon Web Services');
  assert.equal(parts.account, `phone-cli@${user.accountId}`);
  const seed = parts.secret;
  assert.equal(seed, aws.layer.seedOf(serial), 'the QR code carries the seed AWS issued');
  s.secrets.add(seed);
  assertNoSecret(create.stdout + create.stderr, s.secrets, 'create output');
  fs.rmSync(qrFile);

  const orphaned = await s.cli(['mfa', 'list', '--profile', 'p', '--json']);
  assert.equal(orphaned.code, 0, orphaned.stderr);
  const before = JSON.parse(orphaned.stdout) as MfaDeviceList;
  assert.deepEqual(before.assigned, []);
  assert.equal(before.userName, user.userName);
  assert.ok(before.orphans?.some((o) => o.serialNumber === serial && !o.setupInProgress));

  const book = new CodeBook(seed);
  const wrong = await s.cli([
    'mfa',
    'enable',
    serial,
    '--profile',
    'p',
    '--code1',
    book.wrong(),
    '--code2',
    '000000',
  ]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /^mfa-tray: AWS did not accept the two codes\..*consecutive/);
  assert.equal(wrong.stderr.trim().split('\n').length, 1, 'one line on stderr');

  const [code1, code2] = await book.pair();
  const enable = await s.cli(['mfa', 'enable', serial, '--profile', 'p', '--code1', code1, '--code2', code2]);
  assert.equal(enable.code, 0, enable.stderr);
  assert.match(enable.stdout, /Enabled .* for IAM user .*; profile "p" logs in with it from now on\./);
  assert.match(enable.stdout, /Next: mfa-tray login p/);

  const profiles = JSON.parse((await s.cli(['profile', 'list', '--json'])).stdout) as { mfaSerial: string }[];
  assert.equal(profiles[0]?.mfaSerial, serial);
  const after = JSON.parse(
    (await s.cli(['mfa', 'list', '--profile', 'p', '--json'])).stdout,
  ) as MfaDeviceList;
  assert.equal(after.assigned.length, 1);
  assert.equal(after.assigned[0].serialNumber, serial);
  assert.equal(after.assigned[0].isLoginDevice, true);
  assert.ok(after.assigned[0].enableDate && Date.parse(after.assigned[0].enableDate) > Date.now() - 300_000);
  assert.ok(!after.orphans?.some((o) => o.serialNumber === serial));
  const human = await s.cli(['mfa', 'list', '--profile', 'p']);
  assert.match(human.stdout, /1 of at most 8 MFA devices/);
  assert.match(human.stdout, /enabled \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}\["p" logs in with it\]/);

  const login = await s.cli(['login', 'p', '--code', await book.one()]);
  assert.equal(login.code, 0, login.stderr);
  const identity = await s.aws(['sts', 'get-caller-identity', '--profile', 'p-mfa', '--output', 'json']);
  assert.equal(identity.code, 0, identity.stderr);
  assert.equal((JSON.parse(identity.stdout) as { Arn: string }).Arn, user.arn);

  const [r1, r2] = await book.pair();
  const resync = await s.cli(['mfa', 'resync', serial, '--profile', 'p', '--code1', r1, '--code2', r2]);
  assert.equal(resync.code, 0, resync.stderr);
  assert.match(resync.stdout, /Resynchronised/);

  assert.deepEqual(s.filesContaining([seed]), [], 'the seed is in no file');
  assert.equal(s.filesContaining(s.secrets).length, 0);
});

test('non-TTY remove: --yes for a device, --yes twice for the login device; then login explains', async () => {
  const { s } = await sandboxWithProfile('rm');
  const create = await s.cli(['mfa', 'create', 'rm-phone', '--profile', 'p', '--show-secret']);
  assert.equal(create.code, 0, create.stderr);
  const serial = serialFrom(create.stdout);
  const seed = aws.layer.seedOf(serial)!;
  assert.ok(
    create.stdout.includes(`Secret key: ${seed.match(/.{1,4}/g)!.join(' ')}`),
    '--show-secret shows it',
  );
  assert.match(create.stdout, /otpauth URI: otpauth:\/\/totp\/Amazon%20Web%20Services:rm-phone@/);
  const book = new CodeBook(seed);
  const [c1, c2] = await book.pair();
  assert.equal(
    (await s.cli(['mfa', 'enable', serial, '--profile', 'p', '--code1', c1, '--code2', c2])).code,
    0,
  );

  const noYes = await s.cli(['mfa', 'remove', serial, '--profile', 'p']);
  assert.equal(noYes.code, 1);
  assert.match(noYes.stderr, /no longer accept codes/);
  assert.match(
    noYes.stderr,
    /Not removed: .* is the device "p" logs in with\. To remove it from a script, pass --yes twice\./,
  );
  const once = await s.cli(['mfa', 'remove', serial, '--profile', 'p', '--yes']);
  assert.equal(once.code, 1);
  assert.match(once.stderr, /pass --yes twice/);

  const twice = await s.cli(['mfa', 'remove', serial, '--profile', 'p', '--yes', '--yes']);
  assert.equal(twice.code, 0, twice.stderr);
  assert.match(twice.stdout, /Removed .*: deactivated and deleted\./);
  assert.match(twice.stdout, /"p" has no MFA device now/);
  const list = JSON.parse((await s.cli(['mfa', 'list', '--profile', 'p', '--json'])).stdout) as MfaDeviceList;
  assert.deepEqual(list.assigned, []);
  assert.equal(list.loginDevice, null);
  assert.ok(!list.orphans?.some((o) => o.serialNumber === serial));

  const login = await s.cli(['login', 'p', '--code', await book.one()]);
  assert.equal(login.code, 1);
  assert.match(
    login.stderr,
    /has no MFA device yet\. Set one up with `mfa-tray mfa create DEVICE_NAME --profile p`/,
  );
});

test('device names where ARNs are: enable and remove by name, in the account of the profile’s keys', async () => {
  const { s, user } = await sandboxWithProfile('byname');
  const qrFile = path.join(s.home, 'named.png');
  const create = await s.cli(['mfa', 'create', 'named-phone', '--profile', 'p', '--qr', qrFile]);
  assert.equal(create.code, 0, create.stderr);
  fs.rmSync(qrFile);
  const serial = serialFrom(create.stdout);
  const book = new CodeBook(aws.layer.seedOf(serial)!);

  // The profile has no device yet: the account comes from STS (GetCallerIdentity).
  const [c1, c2] = await book.pair();
  const enable = await s.cli([
    'mfa',
    'enable',
    'named-phone',
    '--profile',
    'p',
    '--code1',
    c1,
    '--code2',
    c2,
  ]);
  assert.equal(enable.code, 0, enable.stderr);
  assert.ok(enable.stdout.includes(`Enabled ${serial} for IAM user ${user.userName};`), enable.stdout);

  // Now it logs in with that device: the account comes from its ARN.
  const removed = await s.cli(['mfa', 'remove', 'named-phone', '--profile', 'p', '--yes', '--yes']);
  assert.equal(removed.code, 0, removed.stderr);
  assert.ok(removed.stdout.includes(`Removed ${serial}: deactivated and deleted.`), removed.stdout);

  const unknown = await s.cli(['mfa', 'remove', 'no-such-phone', '--profile', 'p', '--yes']);
  assert.equal(unknown.code, 1);
  assert.ok(
    unknown.stderr.includes(`arn:aws:iam::${user.accountId}:mfa/no-such-phone is neither`),
    unknown.stderr,
  );
});

test('create: svg and terminal QR codes; an unassigned device is removed without confirmation; usage errors', async () => {
  const { s } = await sandboxWithProfile('qr');
  const svgFile = path.join(s.home, 'code.svg');
  const svg = await s.cli(['mfa', 'create', 'svg-phone', '--profile', 'p', '--qr', svgFile]);
  assert.equal(svg.code, 0, svg.stderr);
  assert.match(fs.readFileSync(svgFile, 'utf8'), /^<svg /);
  assert.equal(fs.statSync(svgFile).mode & 0o777, 0o600);
  const svgSerial = serialFrom(svg.stdout);

  const terminal = await s.cli(['mfa', 'create', 'tty-phone', '--profile', 'p', '--qr', '-']);
  assert.equal(terminal.code, 0, terminal.stderr);
  assert.match(terminal.stdout, /▄/, 'a half-block QR code on stdout');
  const ttySerial = serialFrom(terminal.stdout);
  assert.ok(!terminal.stdout.includes(aws.layer.seedOf(ttySerial)!), 'the seed is not printed as text');

  for (const serial of [svgSerial, ttySerial]) {
    const removed = await s.cli(['mfa', 'remove', serial, '--profile', 'p']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /Deleted the unassigned device/);
  }
  const left = await unassignedMfaSerials(aws);
  assert.ok(!left.includes(svgSerial) && !left.includes(ttySerial), 'no orphans left');

  const requests = aws.layer.requests.length;
  const noQr = await s.cli(['mfa', 'create', 'lost', '--profile', 'p']);
  assert.equal(noQr.code, 2);
  assert.match(noQr.stderr, /Not on a terminal: pass --qr/);
  const badExt = await s.cli(['mfa', 'create', 'x', '--profile', 'p', '--qr', 'code.jpg']);
  assert.equal(badExt.code, 2);
  assert.match(badExt.stderr, /\.png or \.svg/);
  assert.equal((await s.cli(['mfa', 'create', 'x', '--qr', '-'])).code, 2, '--profile is required');
  assert.equal((await s.cli(['mfa', 'enable', 'arn:aws:iam::123456789012:mfa/x', '--profile', 'p'])).code, 2);
  assert.equal(aws.layer.requests.length, requests, 'usage errors create nothing');

  const bad = await s.cli(['mfa', 'create', 'my phone', '--profile', 'p', '--qr', '-']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /not a valid MFA device name/);
  const help = await s.cli(['mfa', 'help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /mfa-tray mfa create DEVICE_NAME --profile NAME/);
});

test('--built-in-authenticator: warned, enabled without typing, seed in the keychain only; login; off', async () => {
  const { s } = await sandboxWithProfile('builtin');
  const create = await s.cli([
    'mfa',
    'create',
    'this-computer',
    '--profile',
    'p',
    '--built-in-authenticator',
  ]);
  assert.equal(create.code, 0, create.stderr);
  assert.match(create.stderr, /Warning: .*both factors then live on this computer/);
  assert.match(create.stdout, /Enabled .* profile "p" logs in with it/);
  assert.match(create.stdout, /built-in authenticator is on/);
  const serial = serialFrom(create.stdout);
  const seed = aws.layer.seedOf(serial)!;
  assert.deepEqual(s.filesContaining([seed]), [], 'the seed is in the keychain, not in a file');

  const status = await s.cli(['mfa', 'authenticator', 'status', '--profile', 'p']);
  assert.match(status.stdout, /is on for "p"/);
  const login = await s.cli(['mfa', 'authenticator', 'login', '--profile', 'p']);
  assert.equal(login.code, 0, login.stderr);
  assert.match(login.stdout, /Logged in "p"/);
  const identity = await s.aws(['sts', 'get-caller-identity', '--profile', 'p-mfa']);
  assert.equal(identity.code, 0, identity.stderr);

  const off = await s.cli(['mfa', 'authenticator', 'off', '--profile', 'p']);
  assert.equal(off.code, 0);
  assert.match(off.stdout, /is off .* secret is deleted/);
  const again = await s.cli(['mfa', 'authenticator', 'login', '--profile', 'p']);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /built-in authenticator is off/);

  // A device created earlier can be enabled with its key (given on stdin) and the built-in authenticator.
  const second = await s.cli(['mfa', 'create', 'second', '--profile', 'p', '--qr', '-']);
  const secondSerial = serialFrom(second.stdout);
  const secondSeed = aws.layer.seedOf(secondSerial)!;
  const enable = await s.cli(['mfa', 'enable', secondSerial, '--profile', 'p', '--built-in-authenticator'], {
    input: secondSeed.toLowerCase().replace(/(.{4})/g, '$1 ') + '\n',
  });
  assert.equal(enable.code, 0, enable.stderr);
  assert.match(enable.stderr, /Warning: .*both factors/);
  assert.match(enable.stdout, new RegExp(`logged in with ${serial.replace(/[/]/g, '\\/')} until now`));
  const status2 = await s.cli(['mfa', 'authenticator', 'status', '--profile', 'p']);
  assert.ok(status2.stdout.includes(`is on for "p" (device ${secondSerial})`));
  assert.deepEqual(s.filesContaining([secondSeed]), []);
});

// ---- guided terminal flows (in-process, scripted terminal) -----------------------------------------------

class UsageError extends Error {}

/** An interactive terminal whose user answers with `answer` and scans the QR code this run shows. */
class ScriptedTerminal extends FakeTerminal {
  constructor(answer: (question: string, t: ScriptedTerminal) => string) {
    super({ interactive: true, stdoutIsTty: true, answer: (q, t) => answer(q, t as ScriptedTerminal) });
  }

  /** The seed of the device this run created (the user scanned it). */
  seed(): string {
    return aws.layer.seedOf(serialFrom(this.stdout))!;
  }
}

async function inProcess(prefix: string) {
  const { s, user } = await sandboxWithProfile(prefix);
  const ctx = { openCore: () => Promise.resolve(openCore(s.env, { cliCommand: ['mfa-tray'] })), UsageError };
  return { s, user, ctx };
}

test('guided create on a terminal: QR, "can\'t scan?" key, countdown to the second code, enabled', async () => {
  const { ctx, user } = await inProcess('guided');
  await waitForFreshWindow(8);
  const t = new ScriptedTerminal((question, term) => {
    if (question.startsWith('First code') && term.questions.length === 1) return 's';
    return totpCode(term.seed(), term.now());
  });
  assert.equal(await mfaCommand(['create', 'guided-phone', '--profile', 'p'], ctx, t), 0, t.stderr);
  assert.match(t.stdout, /▄/, 'the QR code is printed on the terminal');
  assert.match(t.stderr, /Scan the QR code with your authenticator app/);
  assert.ok(
    t.stderr.includes(
      `Key: ${t
        .seed()
        .match(/.{1,4}/g)!
        .join(' ')}`,
    ),
    'the key, when asked for',
  );
  assert.match(t.stderr, /Next code in \d+ s… /);
  assert.ok(t.offsetMs > 0 && t.offsetMs <= 30_000, 'waited for the next window');
  assert.deepEqual(
    t.questions.map((q) => q.replace(/ \(.*\)?: $/, '')),
    ['First code', 'First code', 'Second code'],
  );
  assert.match(t.stdout, new RegExp(`Enabled .* for IAM user ${user.userName}; profile "p" logs in with it`));
});

test('guided create: a code from another app entry is caught here; Ctrl-C deletes the unfinished device', async () => {
  const { ctx } = await inProcess('abandon');
  const t = new ScriptedTerminal((_question, term) => {
    if (term.questions.length === 1)
      return '000000' === totpCode(term.seed(), term.now()) ? '000001' : '000000';
    throw new Error('cancelled');
  });
  await assert.rejects(mfaCommand(['create', 'abandon-phone', '--profile', 'p'], ctx, t), /cancelled/);
  assert.match(t.stderr, /does not belong to the device just created/);
  const serial = serialFrom(t.stdout);
  assert.match(t.stderr, /Deleted the unfinished MFA device .*nothing is left behind/);
  assert.ok(!(await unassignedMfaSerials(aws)).includes(serial), 'no orphan');
  const core = await ctx.openCore();
  assert.equal(core.profileStatus('p').mfaSerial, null);
});

test('guided enable (device from an earlier command): AWS refuses two codes, the user retries, enabled', async () => {
  const { s, ctx } = await inProcess('retry');
  const create = await s.cli(['mfa', 'create', 'retry-phone', '--profile', 'p', '--qr', '-']);
  const serial = serialFrom(create.stdout);
  const seed = aws.layer.seedOf(serial)!;
  await waitForFreshWindow(10);
  const step = Math.floor(Date.now() / 30_000);
  let attempt = 0;
  const t = new ScriptedTerminal((question) => {
    if (question.startsWith('First code')) {
      attempt++;
      return totpCode(seed, step * 30_000);
    }
    // First attempt: the second code is not the one right after the first (AWS checks that); then right.
    return totpCode(seed, (step + (attempt === 1 ? 2 : 1)) * 30_000);
  });
  assert.equal(await mfaCommand(['enable', serial, '--profile', 'p'], ctx, t), 0, t.stderr);
  assert.match(t.stderr, /AWS did not accept the two codes\..*Let us try again with two new codes\./s);
  assert.equal(attempt, 2);
  assert.match(t.stdout, /logs in with it from now on/);
  const core = await ctx.openCore();
  assert.equal(core.profileStatus('p').mfaSerial, serial);
});

test('guided remove asks once for another device and twice for the login device', async () => {
  const { ctx } = await inProcess('confirm');
  const t = new ScriptedTerminal((_q, term) => totpCode(term.seed(), term.now()));
  await waitForFreshWindow(8);
  assert.equal(await mfaCommand(['create', 'confirm-phone', '--profile', 'p'], ctx, t), 0, t.stderr);
  const serial = serialFrom(t.stdout);

  const declined = new ScriptedTerminal(() => 'n');
  assert.equal(await mfaCommand(['remove', serial, '--profile', 'p'], ctx, declined), 1);
  assert.match(declined.stderr, /Nothing removed/);

  const wrongName = new ScriptedTerminal((q) => (q.startsWith('Remove') ? 'y' : 'not-p'));
  assert.equal(await mfaCommand(['remove', serial, '--profile', 'p'], ctx, wrongName), 1);
  assert.equal(wrongName.questions.length, 2);
  assert.match(wrongName.questions[1], /It is the device "p" logs in with\. Type the profile name \(p\)/);

  const confirmed = new ScriptedTerminal((q) => (q.startsWith('Remove') ? 'yes' : 'p'));
  assert.equal(await mfaCommand(['remove', serial, '--profile', 'p'], ctx, confirmed), 0, confirmed.stderr);
  assert.match(confirmed.stdout, /deactivated and deleted/);
  const core = await ctx.openCore();
  assert.equal(core.profileStatus('p').mfaSerial, null);
  await assert.rejects(
    mfaCommand(['remove', serial, '--profile', 'p'], ctx, new ScriptedTerminal(() => 'y')),
    (e: unknown) => e instanceof MfaTrayError && e.kind === 'mfa-device-not-found',
  );
});
