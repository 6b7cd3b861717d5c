/**
 * `mfa-tray rotate` end to end: the real CLI, the real keychain (throwaway gnome-keyring), moto behind the
 * validating layer (which refuses deleted/inactive keys, can delay a new key and answers GetAccessKeyLastUsed
 * from data the test controls), and the AWS CLI using what we delivered. Each run that is killed with
 * SIGKILL after a step is run again: the rotation is then completed or rolled back, and the keychain always
 * holds a key AWS accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateAccessKeyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { adminIamClient, createUser, type TestUser, accessKeysOf } from '../support/aws-test-env';
import { useAwsSuite } from '../support/aws-suite';
import { allCommandLines, cliArgv, type Sandbox, uniqueName, type RunResult } from '../support/cli-sandbox';
import { CodeBook } from '../support/mfa-codes';
import {
  isBaseKeys,
  openOsKeychain,
  readJsonSecret,
  secretAccounts,
  type BaseKeys,
} from '../../src/core/keychain';
import { previousBaseAccount } from '../../src/core/rotation/key-rotation';
import type { AccessKeyRotationRecord } from '../../src/core/rotation/rotation-store';

const { aws, sandbox } = useAwsSuite();
const DAY_MS = 86_400_000;

interface Setup {
  s: Sandbox;
  user: TestUser;
  codes: CodeBook;
}

/** A user with an MFA device, a profile "work" holding its key, and a cached MFA session (made with that key). */
async function setup(prefix = 'rot'): Promise<Setup> {
  const s = sandbox();
  const user = await createUser(aws, uniqueName(prefix));
  s.secrets.add(user.secretAccessKey);
  const codes = CodeBook.forNewUser(user);
  const add = await s.cli(['profile', 'add', 'work', '--access-key-id', user.accessKeyId], {
    input: user.secretAccessKey,
  });
  assert.equal(add.code, 0, add.stderr);
  const login = await s.cli(['login', 'work', '--code', await codes.one()]);
  assert.equal(login.code, 0, login.stderr);
  return { s, user, codes };
}

async function keychainBase(s: Sandbox): Promise<BaseKeys | undefined> {
  const keys = await readJsonSecret(openOsKeychain(s.env), secretAccounts.base('work'), isBaseKeys);
  return keys && { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
}

async function keychainPrevious(s: Sandbox): Promise<string | null> {
  return openOsKeychain(s.env).get(previousBaseAccount('work'));
}

function records(s: Sandbox): AccessKeyRotationRecord[] {
  const file = path.join(s.env.MFA_TRAY_HOME!, 'rotations.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { rotations: AccessKeyRotationRecord[] }).rotations;
}

/** GetCallerIdentity signed with the pair (what any AWS call with the keychain's key would meet). */
async function works(keys: BaseKeys): Promise<string | undefined> {
  const sts = new STSClient({
    region: aws.region,
    endpoint: aws.endpoint,
    credentials: { ...keys },
    maxAttempts: 1,
  });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
  } catch {
    return undefined;
  } finally {
    sts.destroy();
  }
}

function assertClean(s: Sandbox, secret: string, results: RunResult[]): void {
  assert.deepEqual(s.filesContaining([secret]), [], 'the new secret is in no file');
  for (const r of results) {
    assert.ok(!(r.stdout + r.stderr).includes(secret), 'the new secret is in no output');
  }
}

/** Runs the CLI until it pauses at `point` (test hook), then kills it with SIGKILL. */
async function runAndKillAt(s: Sandbox, args: string[], point: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const marker = path.join(s.home, `paused-${point}`);
  const child = spawn(process.execPath, [...cliArgv, ...args], {
    env: { ...s.env, ...extraEnv, MFA_TRAY_TEST_PAUSE_AT: point, MFA_TRAY_TEST_PAUSE_MARKER: marker },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const deadline = Date.now() + 40_000;
  while (!fs.existsSync(marker)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      assert.fail(`the run did not pause at ${point} (exit ${child.exitCode}): ${output}`);
    }
    await sleep(50);
  }
  const argv = allCommandLines();
  child.kill('SIGKILL');
  await exited;
  return { output, argv };
}

test('rotate end to end: new key in the keychain and proven despite a propagation delay, old key inactive, finish after the grace period', async () => {
  const { s, user, codes } = await setup();
  aws.layer.keys.propagationDelaySeconds = 4;
  const requestsBefore = aws.layer.requests.length;
  let rotate: RunResult;
  try {
    rotate = await s.cli(['rotate', 'work']);
  } finally {
    aws.layer.keys.propagationDelaySeconds = 0;
  }
  assert.equal(rotate.code, 0, rotate.stderr);
  const base = (await keychainBase(s))!;
  assert.notEqual(base.accessKeyId, user.accessKeyId);
  assert.match(
    rotate.stdout,
    new RegExp(
      `^Rotated the access key of "work": the new key ${base.accessKeyId} is in the keychain and AWS accepts it; the old key ${user.accessKeyId} is deactivated, not deleted yet\\.\\n` +
        `Run \`mfa-tray rotate work --finish\` after .+ \\(grace period 7 days\\): it deletes the old key if nothing used it since\\.\\n` +
        'Sessions made with the old key stay valid until they expire \\(the current one: .+\\)\\.\\n$',
    ),
  );
  assert.match(rotate.stderr, /Checking that AWS accepts the new key/);
  // The layer refused the new key while it "propagated"; the rotation waited for it.
  const proofs = aws.layer.requests
    .slice(requestsBefore)
    .filter((r) => r.action === 'GetCallerIdentity' && r.accessKeyId === base.accessKeyId);
  assert.ok(proofs.length >= 2, `retried the proof (${proofs.length} attempts)`);
  assert.equal(proofs[0]?.errorCode, 'InvalidClientTokenId');
  assert.equal(proofs[proofs.length - 1]?.status, 200);

  assert.deepEqual(
    (await accessKeysOf(aws, user.userName)).sort((a, b) => a.id.localeCompare(b.id)),
    [
      { id: user.accessKeyId, status: 'Inactive' },
      { id: base.accessKeyId, status: 'Active' },
    ].sort((a, b) => a.id.localeCompare(b.id)),
  );
  assert.equal(await keychainPrevious(s), null, 'the old pair is gone from the keychain');
  assert.equal(
    await works({ accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey }),
    undefined,
  );

  // The session made with the old key still works; a new login uses the new key.
  const oldSession = await s.aws(['sts', 'get-caller-identity', '--profile', 'work-mfa', '--output', 'json']);
  assert.equal(oldSession.code, 0, oldSession.stderr);
  const login = await s.cli(['login', 'work', '--code', await codes.one()]);
  assert.equal(login.code, 0, login.stderr);
  const identity = await s.aws(['sts', 'get-caller-identity', '--profile', 'work-mfa', '--output', 'json']);
  assert.equal(identity.code, 0, identity.stderr);
  assert.equal((JSON.parse(identity.stdout) as { Arn: string }).Arn, user.arn);
  const sessionKey = (
    await s.aws(['configure', 'get', 'aws_access_key_id', '--profile', 'work-mfa'])
  ).stdout.trim();
  assert.equal(aws.layer.sessionFor(sessionKey)?.baseAccessKeyId, base.accessKeyId);

  const list = JSON.parse((await s.cli(['profile', 'list', '--json'])).stdout) as {
    accessKeyIdSuffix: string;
  }[];
  assert.equal(list[0]?.accessKeyIdSuffix, base.accessKeyId.slice(-4));
  const status = JSON.parse((await s.cli(['status', '--json'])).stdout) as { keyAgeDays: number | null }[];
  assert.equal(status[0]?.keyAgeDays, 0);
  const rotStatus = await s.cli(['rotate', 'work', '--status', '--json']);
  const st = JSON.parse(rotStatus.stdout) as { keyAgeDays: number; rotation: AccessKeyRotationRecord };
  assert.equal(st.rotation.step, 'deactivated');
  assert.equal(st.rotation.oldKeyId, user.accessKeyId);
  assert.equal(st.rotation.newKeyId, base.accessKeyId);

  // A second rotation waits for this one to be finished.
  const again = await s.cli(['rotate', 'work']);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /waiting to be finished/);

  const early = await s.cli(['rotate', 'work', '--finish']);
  assert.equal(early.code, 1);
  assert.match(early.stderr, /^mfa-tray: Not yet: the grace period of the old key \S+ ends .+--grace-days 0/);
  assert.equal((await accessKeysOf(aws, user.userName)).length, 2);

  // Eight days later (the CLI's clock, moved by the test hook) the old key is deleted.
  const later = { MFA_TRAY_TEST_CLOCK_OFFSET_MS: String(8 * DAY_MS) };
  const finish = await s.cli(['rotate', 'work', '--finish'], { env: later });
  assert.equal(finish.code, 0, finish.stderr);
  assert.equal(
    finish.stdout,
    `Deleted the old key ${user.accessKeyId} of "work"; the rotation is complete.\n`,
  );
  assert.deepEqual(await accessKeysOf(aws, user.userName), [{ id: base.accessKeyId, status: 'Active' }]);
  assert.equal(records(s)[0]?.step, 'finished');
  const status8 = JSON.parse((await s.cli(['status', '--json'], { env: later })).stdout) as {
    keyAgeDays: number;
  }[];
  assert.equal(status8[0]?.keyAgeDays, 8);

  assertClean(s, base.secretAccessKey, [rotate, login, rotStatus, again, early, finish]);
});

test('rollback: a new key AWS never accepts is deleted and the old pair stays in the keychain', async () => {
  const { s, user } = await setup();
  aws.layer.keys.propagationDelaySeconds = 3600;
  let rotate: RunResult;
  try {
    rotate = await s.cli(['rotate', 'work'], { env: { MFA_TRAY_TEST_PROOF_TIMEOUT_MS: '3000' } });
  } finally {
    aws.layer.keys.propagationDelaySeconds = 0;
  }
  assert.equal(rotate.code, 1, rotate.stderr);
  const record = records(s)[0];
  assert.equal(record.step, 'rolled-back');
  assert.equal(
    rotate.stdout,
    `Rolled back the rotation of "work": AWS did not accept the new key in time (InvalidClientTokenId). ` +
      `Deleted the new key ${record.newKeyId}. The old key ${user.accessKeyId} stays active and in the keychain.\n`,
  );
  assert.ok(aws.layer.keys.wasDeleted(record.newKeyId!));
  assert.deepEqual(await accessKeysOf(aws, user.userName), [{ id: user.accessKeyId, status: 'Active' }]);
  assert.deepEqual(await keychainBase(s), {
    accessKeyId: user.accessKeyId,
    secretAccessKey: user.secretAccessKey,
  });
  assert.equal(await keychainPrevious(s), null);
  const list = JSON.parse((await s.cli(['profile', 'list', '--json'])).stdout) as {
    accessKeyIdSuffix: string;
  }[];
  assert.equal(list[0]?.accessKeyIdSuffix, user.accessKeyId.slice(-4));
  // The deleted key is refused like AWS refuses it.
  assert.equal(await works({ accessKeyId: record.newKeyId!, secretAccessKey: 'x'.repeat(40) }), undefined);

  // Nothing is left half done: the next rotation works.
  const retry = await s.cli(['rotate', 'work']);
  assert.equal(retry.code, 0, retry.stderr);
});

test('a second key: refused when it is in use, removed only when confirmed (--yes) when unused', async () => {
  const { s, user } = await setup();
  const iam = adminIamClient(aws);
  let secondId: string;
  try {
    secondId = (await iam.send(new CreateAccessKeyCommand({ UserName: user.userName }))).AccessKey!
      .AccessKeyId!;
  } finally {
    iam.destroy();
  }
  aws.layer.keys.setLastUsed(secondId, { date: new Date(), serviceName: 's3', region: 'eu-west-1' });
  const inUse = await s.cli(['rotate', 'work', '--yes']);
  assert.equal(inUse.code, 1);
  assert.match(
    inUse.stderr,
    new RegExp(
      `already has a second access key, ${secondId} \\(active, created .+, last used .+ \\(s3\\)\\)\\..+It is active and has been used, so mfa-tray leaves it alone\\.`,
    ),
  );
  assert.equal((await accessKeysOf(aws, user.userName)).length, 2);

  aws.layer.keys.setLastUsed(secondId, null);
  const unconfirmed = await s.cli(['rotate', 'work']);
  assert.equal(unconfirmed.code, 1);
  assert.match(
    unconfirmed.stderr,
    new RegExp(`second access key, ${secondId} \\(active, created .+, never used\\)`),
  );
  assert.match(
    unconfirmed.stderr,
    /mfa-tray: Not rotated: \S+ was left alone\. To delete it from a script, run `mfa-tray rotate work --yes`\./,
  );
  assert.equal((await accessKeysOf(aws, user.userName)).length, 2);
  assert.deepEqual(records(s), [], 'no rotation was started before the confirmation');

  const confirmed = await s.cli(['rotate', 'work', '--yes']);
  assert.equal(confirmed.code, 0, confirmed.stderr);
  assert.match(
    confirmed.stdout,
    new RegExp(`^Deleted the unused key ${secondId}\\.\\nRotated the access key`),
  );
  const keys = await accessKeysOf(aws, user.userName);
  assert.equal(keys.length, 2);
  assert.ok(!keys.some((k) => k.id === secondId));
  assert.deepEqual(
    keys.find((k) => k.id === user.accessKeyId),
    { id: user.accessKeyId, status: 'Inactive' },
  );
});

test('finish refuses to delete an old key that was used after its deactivation', async () => {
  const { s, user } = await setup();
  const rotate = await s.cli(['rotate', 'work', '--grace-days', '3']);
  assert.equal(rotate.code, 0, rotate.stderr);
  assert.match(rotate.stdout, /grace period 3 days/);
  aws.layer.keys.setLastUsed(user.accessKeyId, {
    date: new Date(aws.layer.serverNow().getTime() + 3_600_000),
    serviceName: 's3',
    region: 'eu-west-1',
  });
  const finish = await s.cli(['rotate', 'work', '--finish', '--grace-days', '0']);
  assert.equal(finish.code, 1);
  assert.match(
    finish.stderr,
    new RegExp(
      `^mfa-tray: Not deleted: the old key ${user.accessKeyId} was used .+ \\(s3, eu-west-1\\), after its deactivation started .+\\. Something still has the old key`,
    ),
  );
  assert.deepEqual(
    (await accessKeysOf(aws, user.userName)).find((k) => k.id === user.accessKeyId),
    { id: user.accessKeyId, status: 'Inactive' },
  );
  const record = records(s)[0];
  assert.equal(record.step, 'deactivated');
  assert.equal(record.lastUseSeen?.serviceName, 's3');
});

// ---- kill -9 after each step, then run again ----------------------------------------------------------------

interface KillCase {
  point: string;
  /** Make the new key never work (so the run rolls back). */
  rollback?: boolean;
  /** Kill during `--finish` (after a completed rotation). */
  duringFinish?: boolean;
  expect: 'deactivated' | 'rolled-back' | 'finished';
}

const KILL_CASES: KillCase[] = [
  { point: 'planned', expect: 'deactivated' },
  { point: 'creating', expect: 'rolled-back' },
  { point: 'created', expect: 'rolled-back' },
  { point: 'stored', expect: 'deactivated' },
  { point: 'proving', expect: 'deactivated' },
  { point: 'deactivating', expect: 'deactivated' },
  { point: 'deactivated', expect: 'finished' },
  { point: 'rolling-back', rollback: true, expect: 'rolled-back' },
  { point: 'new-key-deleted', rollback: true, expect: 'rolled-back' },
  { point: 'deleting-old', duringFinish: true, expect: 'finished' },
];

for (const c of KILL_CASES) {
  test(`kill -9 at "${c.point}", run again: ${c.expect}, and the keychain always holds a key AWS accepts`, async () => {
    const { s, user } = await setup('kill');
    const env = c.rollback ? { MFA_TRAY_TEST_PROOF_TIMEOUT_MS: '1500' } : {};
    if (c.rollback) aws.layer.keys.propagationDelaySeconds = 3600;
    try {
      if (c.duringFinish) {
        const rotate = await s.cli(['rotate', 'work']);
        assert.equal(rotate.code, 0, rotate.stderr);
      }
      const args = c.duringFinish ? ['rotate', 'work', '--finish', '--grace-days', '0'] : ['rotate', 'work'];
      const killed = await runAndKillAt(s, args, c.point, env);

      // While it was paused, nothing secret was in anyone's argv.
      const during = await keychainBase(s);
      for (const line of killed.argv) assert.ok(!line.includes(during!.secretAccessKey), 'a secret in argv');

      // Run again (rotate recovers; a rotation already waiting for finish is finished).
      const again =
        c.expect === 'finished'
          ? await s.cli(['rotate', 'work', '--finish', '--grace-days', '0'], { env })
          : await s.cli(['rotate', 'work'], { env });
      const record = records(s)[0];
      assert.equal(record.step, c.expect, again.stdout + again.stderr);
      if (c.expect === 'rolled-back') {
        assert.equal(again.code, 1, again.stderr);
        assert.match(again.stdout, /^Rolled back the rotation of "work"/);
      } else {
        assert.equal(again.code, 0, again.stderr);
      }
      if (c.expect === 'deactivated') {
        // The step the killed run had recorded (a kill right after the keychain write finds "creating").
        const recorded = c.point === 'stored' ? 'creating' : c.point;
        assert.match(
          again.stdout,
          new RegExp(
            `^Completed the rotation of "work" that was interrupted \\(at "${recorded}"\\)\\.\\nRotated the access key`,
          ),
        );
      }

      // The invariant: the keychain's key is one AWS has and accepts; the old pair is not left behind.
      const base = (await keychainBase(s))!;
      const keys = await accessKeysOf(aws, user.userName);
      assert.deepEqual(keys.find((k) => k.id === base.accessKeyId)?.status, 'Active', JSON.stringify(keys));
      if (!c.rollback) assert.equal(await works(base), user.arn);
      assert.equal(await keychainPrevious(s), null);
      if (c.expect === 'rolled-back') {
        assert.deepEqual(base, { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey });
        assert.deepEqual(
          keys,
          [{ id: user.accessKeyId, status: 'Active' }],
          'the unusable new key is deleted',
        );
      } else {
        assert.notEqual(base.accessKeyId, user.accessKeyId);
        assert.deepEqual(
          keys.map((k) => k.id).sort(),
          (c.expect === 'finished' ? [base.accessKeyId] : [base.accessKeyId, user.accessKeyId]).sort(),
        );
        assertClean(s, base.secretAccessKey, [again]);
        assert.ok(!killed.output.includes(base.secretAccessKey));
      }
    } finally {
      aws.layer.keys.propagationDelaySeconds = 0;
    }
  });
}
