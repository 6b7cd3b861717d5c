/**
 * `mfa-tray funnel …` end to end: the real CLI and keychain (throwaway gnome-keyring), moto behind the
 * MFA-validating layer for IAM (the operator's MFA session makes every IAM call), and the spec-validated
 * SORACOM emulator with SIM groups on several pages (MFA_TRAY_TEST_SORACOM_PAGE_SIZE=2), some using the
 * prefix's credential set, one another set, one no Funnel at all.
 *
 * Design checked here: the old key stays ACTIVE after the switch (groups not moved yet, or moved back by
 * a rollback, keep publishing; its GetAccessKeyLastUsed after the switch tells `finish` whether anything
 * still uses it); `finish` deletes the old key and the old set after the grace period only.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createUser, type TestUser, accessKeysOf } from '../support/aws-test-env';
import { useAwsSuite } from '../support/aws-suite';
import { allCommandLines, cliArgv, uniqueName, type RunResult, type Sandbox } from '../support/cli-sandbox';
import { CodeBook } from '../support/mfa-codes';
import { SoracomEmulator } from '../support/soracom/server';
import { openOsKeychain, secretAccounts } from '../../src/core/keychain';
import { ProfileStore, type SoracomProfile } from '../../src/core/profiles';
import { SoracomApiClient } from '../../src/core/soracom/api-client';
import { soracomLogin } from '../../src/core/soracom/auth';
import type { FunnelRotationRecord } from '../../src/core/funnel/funnel-record';

const { aws, sandbox } = useAwsSuite();
let emu: SoracomEmulator;
const DAY_MS = 86_400_000;
const OLD_SET = 'fun-220815';
const FUNNEL_GROUPS = ['g1', 'g4', 'g5'];

before(async () => {
  emu = await SoracomEmulator.start();
});

after(async () => {
  await emu?.stop();
});

interface Setup {
  s: Sandbox;
  pub: TestUser;
  operatorId: string;
  args: string[];
}

/**
 * An operator "work" (IAM user with MFA, logged in), the IAM user Funnel publishes as (one key, in SORACOM
 * set fun-220815), and a logged-in SORACOM profile "sora" whose groups are g1 g4 g5 (fun-220815), g2
 * (other-1), g3 (no Funnel).
 */
async function setup(): Promise<Setup> {
  const s = sandbox({ MFA_TRAY_TEST_SORACOM_PAGE_SIZE: '2' });
  const operator = await createUser(aws, uniqueName('fop'));
  const codes = CodeBook.forNewUser(operator);
  const add = await s.cli(['profile', 'add', 'work', '--access-key-id', operator.accessKeyId], {
    input: operator.secretAccessKey,
  });
  assert.equal(add.code, 0, add.stderr);
  const login = await s.cli(['login', 'work', '--code', await codes.one()]);
  assert.equal(login.code, 0, login.stderr);

  const pub = await createUser(aws, uniqueName('funnel-pub'), { withMfa: false });
  const email = `${uniqueName('op')}@example.com`;
  const password = 'Corr3ct-horse-battery';
  const { operatorId } = emu.addOperator({ email, password });
  emu.addCredentialSet({
    operatorId,
    credentialsId: OLD_SET,
    accessKeyId: pub.accessKeyId,
    secretAccessKey: pub.secretAccessKey,
  });
  emu.addCredentialSet({
    operatorId,
    credentialsId: 'other-1',
    accessKeyId: 'AKIAOTHER',
    secretAccessKey: 'x'.repeat(40),
  });
  emu.addGroup({ operatorId, groupId: 'g1', name: 'tokyo', funnelCredentialsId: OLD_SET });
  emu.addGroup({ operatorId, groupId: 'g2', name: 'other', funnelCredentialsId: 'other-1' });
  emu.addGroup({ operatorId, groupId: 'g3', name: 'plain' });
  emu.addGroup({ operatorId, groupId: 'g4', name: 'osaka', funnelCredentialsId: OLD_SET });
  emu.addGroup({ operatorId, groupId: 'g5', funnelCredentialsId: OLD_SET });

  const profile: SoracomProfile = {
    name: 'sora',
    kind: 'soracom',
    authMode: 'root',
    email,
    coverage: 'jp',
    endpoint: emu.endpoint,
    tokenTimeoutSeconds: 86400,
    soracomProfile: 'sora',
  };
  await new ProfileStore(s.env.MFA_TRAY_HOME!).update((d) => void d.profiles.push(profile));
  // The session as the SORACOM profile kind stores it after `mfa-tray login sora`.
  const session = await soracomLogin(new SoracomApiClient({ endpoint: emu.endpoint }), {
    kind: 'root',
    email,
    password,
  });
  await openOsKeychain(s.env).set(
    secretAccounts.session('sora'),
    JSON.stringify({
      apiKey: session.apiKey,
      token: session.token,
      operatorId: session.operatorId,
      expiresAt: new Date(session.expiresAt).toISOString(),
    }),
  );
  const args = [
    'funnel',
    'rotate',
    '--aws-profile',
    'work',
    '--iam-user',
    pub.userName,
    '--soracom',
    'sora',
    '--prefix',
    'fun',
  ];
  return { s, pub, operatorId, args };
}

async function keysOf(userName: string): Promise<{ id: string; status: string }[]> {
  return (await accessKeysOf(aws, userName)).sort((a, b) => a.id.localeCompare(b.id));
}

function sorted(keys: { id: string; status: string }[]) {
  return [...keys].sort((a, b) => a.id.localeCompare(b.id));
}

/** groupId → the credential set its Funnel uses (or null). */
function pointers(operatorId: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const g of emu.groupsOf(operatorId)) {
    const funnel = (g.configuration as Record<string, Record<string, unknown>>).SoracomFunnel;
    out[g.groupId as string] = (funnel?.credentialsId as string | undefined) ?? null;
  }
  return out;
}

function setIds(operatorId: string): string[] {
  return emu
    .credentialSetsOf(operatorId)
    .map((c) => c.credentialsId as string)
    .sort();
}

function records(s: Sandbox): FunnelRotationRecord[] {
  const file = path.join(s.env.MFA_TRAY_HOME!, 'rotations.json');
  if (!fs.existsSync(file)) return [];
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { rotations: FunnelRotationRecord[] }).rotations;
}

function expectedPointers(to: string): Record<string, string | null> {
  return { g1: to, g2: 'other-1', g3: null, g4: to, g5: to };
}

/** The new secret as SORACOM holds it (the only place it may be). */
function newSecret(operatorId: string, setId: string): string {
  const set = emu.state.credentialSet(operatorId, setId);
  assert.ok(set, `set ${setId} exists`);
  return set.credentials.secretAccessKey as string;
}

function assertSecretNowhere(
  s: Sandbox,
  secret: string,
  results: RunResult[],
  argv: string[] = allCommandLines(),
) {
  assert.deepEqual(s.filesContaining([secret]), [], 'the new secret is in no file');
  for (const r of results)
    assert.ok(!(r.stdout + r.stderr).includes(secret), 'the new secret is in no output');
  assert.ok(!argv.some((line) => line.includes(secret)), 'the new secret is in no argv');
}

/** The state after a completed rotation: every prefix group on the new set, which holds the new key. */
async function assertSwitched(x: Setup): Promise<FunnelRotationRecord> {
  const [record] = records(x.s);
  assert.ok(record);
  assert.equal(record.step, 'switched');
  assert.match(record.newSetId, /^fun-\d{6}(-\d+)?$/);
  assert.deepEqual(pointers(x.operatorId), expectedPointers(record.newSetId));
  assert.deepEqual(setIds(x.operatorId), [OLD_SET, record.newSetId, 'other-1'].sort());
  const set = emu.credentialSetsOf(x.operatorId).find((c) => c.credentialsId === record.newSetId)!;
  assert.equal((set.credentials as { accessKeyId: string }).accessKeyId, record.newKeyId);
  assert.deepEqual(
    await keysOf(x.pub.userName),
    sorted([
      { id: x.pub.accessKeyId, status: 'Active' },
      { id: record.newKeyId!, status: 'Active' },
    ]),
    'the old key and exactly one new key, both active (no orphan key left behind)',
  );
  assert.deepEqual(
    record.groups.map((g) => [g.groupId, g.from, g.state]),
    FUNNEL_GROUPS.map((g) => [g, OLD_SET, 'moved']),
  );
  return record;
}

async function assertRolledBack(x: Setup): Promise<void> {
  const [record] = records(x.s);
  assert.equal(record?.step, 'rolled-back');
  assert.deepEqual(pointers(x.operatorId), expectedPointers(OLD_SET));
  assert.deepEqual(setIds(x.operatorId), [OLD_SET, 'other-1']);
  assert.deepEqual(await keysOf(x.pub.userName), [{ id: x.pub.accessKeyId, status: 'Active' }]);
}

/** Runs the CLI until it pauses at `point` (test hook), then kills it with SIGKILL. */
async function runAndKillAt(s: Sandbox, args: string[], point: string) {
  const marker = path.join(s.home, `paused-${point}`);
  const child = spawn(process.execPath, [...cliArgv, ...args], {
    env: { ...s.env, MFA_TRAY_TEST_PAUSE_AT: point, MFA_TRAY_TEST_PAUSE_MARKER: marker },
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

test('funnel rotate: dry-run changes nothing; rotate moves the prefix groups (paged) to a new set; finish after the grace period deletes the old key and set', async () => {
  const x = await setup();
  const { s, pub, operatorId } = x;
  const before = { p: pointers(operatorId), sets: setIds(operatorId), keys: await keysOf(pub.userName) };

  const dry = await s.cli([...x.args, '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  const yymmdd = new Date().toISOString().slice(2, 10).replace(/-/g, '');
  const newSetId = `fun-${yymmdd}`;
  assert.equal(
    dry.stdout,
    `Plan: a new access key for IAM user ${pub.userName}, registered in SORACOM ("sora") as credential set ${newSetId};\n` +
      '3 groups move to it:\n' +
      `  tokyo (g1): ${OLD_SET} → ${newSetId}\n` +
      `  osaka (g4): ${OLD_SET} → ${newSetId}\n` +
      `  g5: ${OLD_SET} → ${newSetId}\n` +
      '1 other Funnel group(s) do not use "fun…" and stay as they are.\n' +
      `Old set ${OLD_SET} holds key ${pub.accessKeyId}: both stay until \`mfa-tray funnel finish\`.\n` +
      'Dry run: nothing was changed.\n',
  );
  assert.deepEqual(
    { p: pointers(operatorId), sets: setIds(operatorId), keys: await keysOf(pub.userName) },
    before,
    'dry-run changed nothing',
  );
  assert.deepEqual(records(s), []);
  // The groups came in pages of two.
  const pages = emu.requests
    .filter((r) => r.method === 'GET' && r.path.startsWith('/groups?'))
    .map((r) => r.path)
    .slice(-3);
  assert.deepEqual(pages, [
    '/groups?limit=2',
    '/groups?limit=2&last_evaluated_key=g2',
    '/groups?limit=2&last_evaluated_key=g4',
  ]);

  // Without --yes and without a terminal: nothing happens.
  const unconfirmed = await s.cli(x.args);
  assert.equal(unconfirmed.code, 1);
  assert.match(unconfirmed.stderr, /Rotate now\? Nothing was changed\..*funnel rotate … --yes/);
  assert.deepEqual(records(s), []);

  const rotate = await s.cli([...x.args, '--yes']);
  assert.equal(rotate.code, 0, rotate.stderr);
  const record = await assertSwitched(x);
  assert.equal(record.newSetId, newSetId);
  assert.match(
    rotate.stdout,
    new RegExp(
      `Rotated the Funnel key of ${pub.userName}: new key ${record.newKeyId} in SORACOM credential set ${newSetId}; 3 groups now use it\\.\\n` +
        `  tokyo \\(g1\\) → ${newSetId} \\(moved\\)\\n  osaka \\(g4\\) → ${newSetId} \\(moved\\)\\n  g5 → ${newSetId} \\(moved\\)\\n` +
        `The old set ${OLD_SET} \\(key ${pub.accessKeyId}\\) stays active for now\\. Run \`mfa-tray funnel finish\` after .+: it deletes them if nothing used them since\\.\\n$`,
    ),
  );
  assert.equal(record.oldSets[0]?.accessKeyId, pub.accessKeyId);
  assertSecretNowhere(s, newSecret(operatorId, newSetId), [dry, rotate]);

  const status = await s.cli(['funnel', 'status', '--json']);
  assert.equal(status.code, 0, status.stderr);
  const [entry] = (
    JSON.parse(status.stdout) as {
      rotations: (FunnelRotationRecord & { left: string; finishDueAt: string })[];
    }
  ).rotations;
  assert.equal(entry?.left, 'finish');
  assert.equal(entry?.newKeyId, record.newKeyId);
  assert.equal(Date.parse(entry.finishDueAt) - Date.parse(record.switchedAt!), 7 * DAY_MS);

  // A second rotation waits for this one to be finished.
  const again = await s.cli([...x.args, '--yes']);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /waiting to be finished/);

  const early = await s.cli(['funnel', 'finish', '--yes']);
  assert.equal(early.code, 1);
  assert.match(early.stdout, /^sora\/fun → fun-\d{6}: not yet; the grace period ends /);

  const later = { MFA_TRAY_TEST_CLOCK_OFFSET_MS: String(8 * DAY_MS) };
  const finish = await s.cli(['funnel', 'finish', '--yes'], { env: later });
  assert.equal(finish.code, 0, finish.stderr);
  assert.equal(
    finish.stdout,
    `sora/fun → ${newSetId}: deleted the old key ${pub.accessKeyId} and credential set ${OLD_SET}; the rotation is complete.\n`,
  );
  assert.deepEqual(await keysOf(pub.userName), [{ id: record.newKeyId!, status: 'Active' }]);
  assert.deepEqual(setIds(operatorId), [newSetId, 'other-1']);
  assert.deepEqual(pointers(operatorId), expectedPointers(newSetId));
  assert.equal(records(s)[0]?.step, 'finished');
  const none = await s.cli(['funnel', 'finish', '--yes'], { env: later });
  assert.equal(none.stdout, 'No Funnel rotation is waiting to be finished.\n');
  assert.deepEqual(emu.specViolations, []);
});

test('funnel rotate: a group update fails → the run says exactly which group points where; --resume completes', async () => {
  const x = await setup();
  emu.failGroupUpdate('g4', { times: 1 });
  const rotate = await x.s.cli([...x.args, '--yes']);
  assert.equal(rotate.code, 1, rotate.stdout);
  const [record] = records(x.s);
  const n = record.newSetId;
  assert.equal(
    rotate.stdout.slice(rotate.stdout.indexOf('The Funnel rotation stopped')),
    'The Funnel rotation stopped half-way: 1 group update(s) failed (COM0500). The groups point here:\n' +
      `  tokyo (g1) → ${n} (moved)\n` +
      `  osaka (g4) → ${OLD_SET} (the update failed: COM0500)\n` +
      `  g5 → ${n} (moved)\n` +
      'Both keys work, so every group can still publish. Run `mfa-tray funnel rotate --resume` to move the rest, or `mfa-tray funnel rotate --rollback` to undo.\n',
  );
  assert.deepEqual(pointers(x.operatorId), { ...expectedPointers(n), g4: OLD_SET });
  assert.equal(record.step, 'moving');
  assert.equal(record.owner, undefined, 'the record is free for --resume');

  const status = await x.s.cli(['funnel', 'status']);
  assert.match(status.stdout, /left: `mfa-tray funnel rotate --resume` \(or --rollback\)/);
  const plainAgain = await x.s.cli([...x.args, '--yes']);
  assert.equal(plainAgain.code, 1);
  assert.match(plainAgain.stderr, /stopped at "moving".*--resume/);

  const resume = await x.s.cli(['funnel', 'rotate', '--resume']);
  assert.equal(resume.code, 0, resume.stderr);
  assert.match(resume.stdout, /^Completed the Funnel rotation that stopped at "moving"\.\n/);
  await assertSwitched(x);
  assertSecretNowhere(x.s, newSecret(x.operatorId, n), [rotate, status, resume]);
});

test('funnel rotate --rollback after a partial failure: groups back on the old set, new set and new key deleted', async () => {
  const x = await setup();
  emu.failGroupUpdate('g5');
  try {
    const rotate = await x.s.cli([...x.args, '--yes']);
    assert.equal(rotate.code, 1, rotate.stdout);
  } finally {
    emu.clearGroupFailures();
  }
  const [record] = records(x.s);
  assert.deepEqual(pointers(x.operatorId), { ...expectedPointers(record.newSetId), g5: OLD_SET });
  const secret = newSecret(x.operatorId, record.newSetId);

  const refused = await x.s.cli(['funnel', 'rotate', '--rollback']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /Nothing was changed/);

  const rollback = await x.s.cli(['funnel', 'rotate', '--rollback', '--yes']);
  assert.equal(rollback.code, 0, rollback.stderr);
  assert.equal(
    rollback.stdout,
    `Rolled back the Funnel rotation of ${x.pub.userName}: the groups use their old set again.\n` +
      `  tokyo (g1) → ${OLD_SET} (moved back)\n  osaka (g4) → ${OLD_SET} (moved back)\n  g5 → ${OLD_SET} (moved back)\n` +
      `Deleted the new credential set ${record.newSetId} and the new key ${record.newKeyId}.\n`,
  );
  await assertRolledBack(x);
  assertSecretNowhere(x.s, secret, [rollback]);
});

test('funnel finish refuses while the old key is used after the switch, or a group points at the old set', async () => {
  const x = await setup();
  const rotate = await x.s.cli([...x.args, '--yes']);
  assert.equal(rotate.code, 0, rotate.stderr);
  const record = await assertSwitched(x);
  const later = { MFA_TRAY_TEST_CLOCK_OFFSET_MS: String(8 * DAY_MS) };

  // Whole seconds, as AWS answers LastUsedDate.
  const usedAt = new Date(Math.floor((Date.parse(record.switchedAt!) + 3 * DAY_MS) / 1000) * 1000);
  aws.layer.keys.setLastUsed(x.pub.accessKeyId, {
    date: usedAt,
    serviceName: 'kinesis',
    region: 'ap-northeast-1',
  });
  const used = await x.s.cli(['funnel', 'finish', '--yes'], { env: later });
  assert.equal(used.code, 1, used.stderr);
  assert.match(
    used.stdout,
    new RegExp(
      `^sora/fun → ${record.newSetId}: not deleted; the old key ${x.pub.accessKeyId} was used .+ \\(kinesis, ap-northeast-1\\), after the switch .+\\. Find what still has it, then run finish again\\.\\n$`,
    ),
  );
  assert.equal(records(x.s)[0]?.lastUseSeen?.date, usedAt.toISOString());
  assert.equal((await keysOf(x.pub.userName)).length, 2);
  assert.ok(setIds(x.operatorId).includes(OLD_SET));

  // Nothing used it after all (the use was before the switch), but someone pointed g4 back by hand.
  aws.layer.keys.setLastUsed(x.pub.accessKeyId, {
    date: new Date(Date.parse(record.switchedAt!) - 60_000),
    serviceName: 'kinesis',
    region: 'ap-northeast-1',
  });
  emu.state.groups.get('g4')!.configuration.SoracomFunnel.credentialsId = OLD_SET;
  const pointing = await x.s.cli(['funnel', 'finish', '--yes'], { env: later });
  assert.equal(pointing.code, 1);
  assert.equal(
    pointing.stdout,
    `sora/fun → ${record.newSetId}: not deleted; groups still use the old set: g4 → ${OLD_SET}.\n`,
  );
  emu.state.groups.get('g4')!.configuration.SoracomFunnel.credentialsId = record.newSetId;

  const finish = await x.s.cli(['funnel', 'finish', '--yes'], { env: later });
  assert.equal(finish.code, 0, finish.stderr);
  assert.deepEqual(await keysOf(x.pub.userName), [{ id: record.newKeyId!, status: 'Active' }]);
  assert.deepEqual(setIds(x.operatorId), [record.newSetId, 'other-1']);
});

// Killed with SIGKILL right after each step, then run again: completed, never lost (no orphan key, no
// group left behind, the new secret nowhere but SORACOM).
for (const point of [
  'planned',
  'creating-key',
  'key-created',
  'creating-set',
  'set-created',
  'moving',
  'moving-group',
  'group-moved',
]) {
  test(`funnel rotate killed at "${point}", then --resume: completed`, async () => {
    const x = await setup();
    const killed = await runAndKillAt(x.s, [...x.args, '--yes'], point);
    const resume = await x.s.cli(['funnel', 'rotate', '--resume']);
    assert.equal(resume.code, 0, resume.stderr + resume.stdout);
    assert.match(resume.stdout, new RegExp(`^Completed the Funnel rotation that stopped at "`));
    const record = await assertSwitched(x);
    assertSecretNowhere(x.s, newSecret(x.operatorId, record.newSetId), [resume], killed.argv);
    assert.ok(!killed.output.includes(newSecret(x.operatorId, record.newSetId)));
  });
}

for (const point of ['key-created', 'set-created', 'group-moved']) {
  test(`funnel rotate killed at "${point}", then --rollback: rolled back`, async () => {
    const x = await setup();
    await runAndKillAt(x.s, [...x.args, '--yes'], point);
    const rollback = await x.s.cli(['funnel', 'rotate', '--rollback', '--yes']);
    assert.equal(rollback.code, 0, rollback.stderr + rollback.stdout);
    await assertRolledBack(x);
  });
}

test('funnel rotate: no SORACOM session → says to log in; a taken PREFIX-YYMMDD → -2; a switched rotation can still be rolled back', async () => {
  const x = await setup();
  const keychain = openOsKeychain(x.s.env);
  const stored = (await keychain.get(secretAccounts.session('sora')))!;
  await keychain.delete(secretAccounts.session('sora'));
  const noSession = await x.s.cli([...x.args, '--dry-run']);
  assert.equal(noSession.code, 1);
  assert.equal(
    noSession.stderr,
    'mfa-tray: "sora" has no SORACOM session. Log in first: `mfa-tray login sora`.\n',
  );
  await keychain.set(secretAccounts.session('sora'), stored);

  const today = `fun-${new Date().toISOString().slice(2, 10).replace(/-/g, '')}`;
  emu.addCredentialSet({
    operatorId: x.operatorId,
    credentialsId: today,
    accessKeyId: 'AKIATAKEN',
    secretAccessKey: 'y'.repeat(40),
  });
  const rotate = await x.s.cli([...x.args, '--yes']);
  assert.equal(rotate.code, 0, rotate.stderr);
  const [record] = records(x.s);
  assert.equal(record?.newSetId, `${today}-2`);
  assert.deepEqual(pointers(x.operatorId), expectedPointers(`${today}-2`));

  const rollback = await x.s.cli(['funnel', 'rotate', '--rollback', '--yes']);
  assert.equal(rollback.code, 0, rollback.stderr);
  assert.deepEqual(pointers(x.operatorId), expectedPointers(OLD_SET));
  assert.deepEqual(
    setIds(x.operatorId),
    [OLD_SET, today, 'other-1'].sort(),
    'the taken set is not ours to delete',
  );
  assert.deepEqual(await keysOf(x.pub.userName), [{ id: x.pub.accessKeyId, status: 'Active' }]);
  assert.equal(records(x.s)[0]?.step, 'rolled-back');
});

test('funnel rotate: the SORACOM session dies mid-run → the run shows where each group points; --resume completes', async () => {
  const x = await setup();
  emu.failGroupUpdate('g4', { status: 401, times: 1 });
  const rotate = await x.s.cli([...x.args, '--yes']);
  assert.equal(rotate.code, 1, rotate.stdout);
  const [record] = records(x.s);
  const n = record.newSetId;
  assert.equal(
    rotate.stdout.slice(rotate.stdout.indexOf('The Funnel rotation stopped')),
    'The Funnel rotation stopped at "moving". The groups point here:\n' +
      `  tokyo (g1) → ${n} (moved)\n` +
      `  osaka (g4) → ${OLD_SET} or ${n} (interrupted during the update)\n` +
      `  g5 → ${OLD_SET} (not moved yet)\n`,
  );
  assert.match(
    rotate.stderr,
    /\nmfa-tray: The SORACOM session has expired or was revoked \(COM0500\)\. Run `mfa-tray funnel rotate --resume` to complete it, or `--rollback` to undo it\.\n$/,
  );
  const resume = await x.s.cli(['funnel', 'rotate', '--resume']);
  assert.equal(resume.code, 0, resume.stderr);
  await assertSwitched(x);
});

test('funnel rotate --rollback killed after moving a group back, then --resume: rolled back', async () => {
  const x = await setup();
  const rotate = await x.s.cli([...x.args, '--yes']);
  assert.equal(rotate.code, 0, rotate.stderr);
  await runAndKillAt(x.s, ['funnel', 'rotate', '--rollback', '--yes'], 'group-restored');
  const [record] = records(x.s);
  assert.equal(record.step, 'rolling-back');
  assert.deepEqual(
    record.groups.map((g) => g.state),
    ['restored', 'moved', 'moved'],
  );
  const resume = await x.s.cli(['funnel', 'rotate', '--resume']);
  assert.equal(resume.code, 0, resume.stderr);
  assert.match(resume.stdout, /^Rolled back the Funnel rotation of /);
  await assertRolledBack(x);
});
