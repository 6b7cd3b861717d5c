/**
 * KeyRotation and RotationStore with typed fakes through the constructor (IAM, STS, clock, sleep, an
 * in-memory secret store): the order of the steps, what is written before each AWS call, the facts returned.
 * The real AWS/keychain path is covered end to end in test/integration/rotation.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MfaTrayError, isMfaTrayError } from '../../src/core/errors';
import { secretAccounts, type SessionCredentials } from '../../src/core/keychain/secret-store';
import { ProfileStore } from '../../src/core/profiles';
import { KeyRotation, previousBaseAccount } from '../../src/core/rotation/key-rotation';
import type { AccessKeyInfo, KeyIam } from '../../src/core/rotation/key-iam';
import { RotationStore } from '../../src/core/rotation/rotation-store';
import { FakeClock } from '../support/fakes/fake-clock';
import { MemorySecretStore } from '../support/fakes/memory-secret-store';

const ARN = 'arn:aws:iam::123456789012:user/alice';
const OLD = {
  accessKeyId: 'AKIAOLDOLDOLDOLD0001',
  secretAccessKey: 'old-secret-old-secret-old-secret-0000000',
};

/** IAM as a list of keys, logging every call; STS accepts a key once `acceptAfter` attempts were refused. */
class FakeAws {
  keys: (AccessKeyInfo & { secret: string; lastUsed: string | null })[] = [
    {
      ...OLD,
      status: 'Active',
      createDate: '2026-01-01T00:00:00.000Z',
      secret: OLD.secretAccessKey,
      lastUsed: null,
    },
  ];
  calls: string[] = [];
  refusalsLeft = 0;
  private n = 0;

  iam = (): KeyIam => ({
    listAccessKeys: () => {
      this.calls.push('ListAccessKeys');
      return Promise.resolve(
        this.keys.map(({ accessKeyId, status, createDate }) => ({ accessKeyId, status, createDate })),
      );
    },
    createAccessKey: () => {
      this.calls.push('CreateAccessKey');
      const key = {
        accessKeyId: `AKIANEWNEWNEWNEW000${++this.n}`,
        secretAccessKey: `new-secret-${this.n}`.padEnd(40, 'x'),
        createDate: '2026-11-26T12:00:01.000Z',
      };
      this.keys.push({ ...key, status: 'Active', secret: key.secretAccessKey, lastUsed: null });
      return Promise.resolve(key);
    },
    updateAccessKey: (_user, id, status) => {
      this.calls.push(`UpdateAccessKey ${id} ${status}`);
      this.keys.find((k) => k.accessKeyId === id)!.status = status;
      return Promise.resolve();
    },
    deleteAccessKey: (_user, id) => {
      this.calls.push(`DeleteAccessKey ${id}`);
      const before = this.keys.length;
      this.keys = this.keys.filter((k) => k.accessKeyId !== id);
      return Promise.resolve(before === this.keys.length ? 'not-found' : 'deleted');
    },
    getAccessKeyLastUsed: (id) => {
      this.calls.push(`GetAccessKeyLastUsed ${id}`);
      const k = this.keys.find((x) => x.accessKeyId === id);
      return Promise.resolve({
        date: k?.lastUsed ?? null,
        serviceName: k?.lastUsed ? 's3' : null,
        region: null,
      });
    },
  });

  sts = (credentials: { accessKeyId: string }) => {
    this.calls.push(`GetCallerIdentity ${credentials.accessKeyId}`);
    const known =
      credentials.accessKeyId.startsWith('ASIA') ||
      this.keys.some((k) => k.accessKeyId === credentials.accessKeyId);
    if (credentials.accessKeyId.startsWith('AKIANEW') && this.refusalsLeft > 0) {
      this.refusalsLeft--;
      return Promise.reject(
        new MfaTrayError('invalid-base-key', 'refused', { awsCode: 'InvalidClientTokenId' }),
      );
    }
    if (!known)
      return Promise.reject(
        new MfaTrayError('invalid-base-key', 'unknown', { awsCode: 'InvalidClientTokenId' }),
      );
    return Promise.resolve({ account: '123456789012', arn: ARN });
  };
}

async function harness(options: { session?: boolean; code?: string } = {}) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-rotation-'));
  const profiles = new ProfileStore(home);
  await profiles.update((d) =>
    d.profiles.push({
      kind: 'aws',
      name: 'work',
      region: 'eu-west-1',
      durationSeconds: 43200,
      target: 'work-mfa',
      delivery: 'file',
      mfaSerial: 'arn:aws:iam::123456789012:mfa/alice',
      accessKeyIdSuffix: OLD.accessKeyId.slice(-4),
    }),
  );
  const secrets = new MemorySecretStore();
  await secrets.set(secretAccounts.base('work'), JSON.stringify(OLD));
  const clock = new FakeClock(Date.parse('2026-11-26T12:00:00Z'));
  const session: SessionCredentials = {
    accessKeyId: 'ASIASESSION000000001',
    secretAccessKey: 's',
    sessionToken: 't',
    expiration: new Date(clock.now() + 3_600_000).toISOString(),
  };
  let loggedIn = options.session === true;
  const aws = new FakeAws();
  const slept: number[] = [];
  const codesAsked: string[] = [];
  const rotations = new RotationStore(home);
  const rotation = new KeyRotation({
    profiles,
    secrets,
    rotations,
    clock,
    sessions: {
      cachedSession: () => Promise.resolve(loggedIn ? session : undefined),
      login: (_name, code) => {
        codesAsked.push(code);
        loggedIn = true;
        return Promise.resolve();
      },
    },
    iam: () => aws.iam(),
    sts: (credentials) => aws.sts(credentials),
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    ...(options.code ? { codeProvider: () => Promise.resolve(options.code!) } : {}),
  });
  return { home, profiles, secrets, clock, aws, slept, codesAsked, rotations, rotation };
}

test('rotate: one code for the whole run, create → keychain → prove (retrying) → deactivate, in that order', async () => {
  const h = await harness({ code: '123456' });
  h.aws.refusalsLeft = 3;
  const result = await h.rotation.rotate('work');
  assert.equal(result.outcome, 'rotated');
  assert.deepEqual(h.codesAsked, ['123456']);
  const newId = 'AKIANEWNEWNEWNEW0001';
  assert.deepEqual(h.aws.calls, [
    'GetCallerIdentity ASIASESSION000000001',
    'ListAccessKeys',
    'CreateAccessKey',
    `GetCallerIdentity ${newId}`,
    `GetCallerIdentity ${newId}`,
    `GetCallerIdentity ${newId}`,
    `GetCallerIdentity ${newId}`,
    `UpdateAccessKey ${OLD.accessKeyId} Inactive`,
  ]);
  assert.deepEqual(h.slept, [1000, 1600, 2560]);
  if (result.outcome !== 'rotated') return;
  assert.equal(result.proofAttempts, 4);
  assert.equal(result.record.step, 'deactivated');
  assert.equal(result.finishDueAt, '2026-12-03T12:00:00.000Z');
  const stored = JSON.parse((await h.secrets.get(secretAccounts.base('work')))!) as { accessKeyId: string };
  assert.equal(stored.accessKeyId, newId);
  assert.equal(await h.secrets.get(previousBaseAccount('work')), null);
  assert.equal(h.profiles.get('work').accessKeyIdSuffix, '0001');
  assert.equal(h.rotation.status('work').keyAgeDays, 0);
});

test('rotate: the new key never works → the new key is deleted and the old pair is back', async () => {
  const h = await harness({ session: true });
  h.aws.refusalsLeft = 1000;
  const result = await h.rotation.rotate('work');
  assert.equal(result.outcome, 'rolled-back');
  if (result.outcome !== 'rolled-back') return;
  assert.equal(result.reason, 'new-key-not-working');
  assert.deepEqual(result.cause, { kind: 'invalid-base-key', awsCode: 'InvalidClientTokenId' });
  assert.deepEqual(result.deletedKeyIds, ['AKIANEWNEWNEWNEW0001']);
  // Backoff 1, 1.6, 2.56, 4.1, 6.55, 8, 8, 8, 8, 8 s: the next 8 s would pass the 60-s budget.
  assert.equal(h.slept.reduce((a, b) => a + b, 0) <= 60_000, true);
  assert.equal(h.slept.length, 10);
  assert.deepEqual(JSON.parse((await h.secrets.get(secretAccounts.base('work')))!), OLD);
  assert.equal(h.profiles.get('work').accessKeyIdSuffix, OLD.accessKeyId.slice(-4));
  assert.deepEqual(
    h.aws.keys.map((k) => [k.accessKeyId, k.status]),
    [[OLD.accessKeyId, 'Active']],
  );
});

test('a second key: a fact, never removed without confirmation; an active, used one is never removed', async () => {
  const h = await harness({ session: true });
  h.aws.keys.push({
    accessKeyId: 'AKIASECONDSECOND0002',
    status: 'Active',
    createDate: '2025-01-01T00:00:00.000Z',
    secret: 'x',
    lastUsed: null,
  });
  const ask = await h.rotation.rotate('work');
  assert.equal(ask.outcome, 'needs-confirmation');
  if (ask.outcome === 'needs-confirmation') {
    assert.deepEqual(ask.secondKey, {
      accessKeyId: 'AKIASECONDSECOND0002',
      status: 'Active',
      createDate: '2025-01-01T00:00:00.000Z',
      lastUsed: { date: null, serviceName: null, region: null },
    });
  }
  assert.ok(!h.aws.calls.some((c) => c.startsWith('DeleteAccessKey') || c === 'CreateAccessKey'));
  assert.equal(h.rotations.openAccessKeyRotation('work'), undefined);

  h.aws.keys[1].lastUsed = '2026-11-20T00:00:00.000Z';
  const inUse = await h.rotation.rotate('work', { removeUnusedKeyId: 'AKIASECONDSECOND0002' });
  assert.equal(inUse.outcome, 'second-key-in-use');
  assert.equal(h.aws.keys.length, 2);

  h.aws.keys[1].lastUsed = null;
  const done = await h.rotation.rotate('work', { removeUnusedKeyId: 'AKIASECONDSECOND0002' });
  assert.equal(done.outcome, 'rotated');
  assert.ok(
    h.aws.calls.indexOf('DeleteAccessKey AKIASECONDSECOND0002') < h.aws.calls.indexOf('CreateAccessKey'),
  );
});

test('finish: not before the grace period; refused when the old key was used after deactivation; else deleted', async () => {
  const h = await harness({ session: true });
  assert.equal((await h.rotation.rotate('work', { graceDays: 2 })).outcome, 'rotated');
  const early = await h.rotation.finish('work');
  assert.equal(early.outcome, 'not-due');
  if (early.outcome === 'not-due') assert.equal(early.finishDueAt, '2026-11-28T12:00:00.000Z');

  h.clock.jump(3 * 86_400_000);
  // Used an hour after deactivation started.
  h.aws.keys[0].lastUsed = '2026-11-26T13:00:00.000Z';
  const used = await h.rotation.finish('work');
  assert.equal(used.outcome, 'old-key-used');
  if (used.outcome === 'old-key-used') {
    assert.deepEqual(used.lastUse, { date: '2026-11-26T13:00:00.000Z', serviceName: 's3', region: null });
  }
  assert.equal(h.aws.keys.length, 2);

  // Our own last use right before deactivation (clocks differ a little) does not count.
  h.aws.keys[0].lastUsed = '2026-11-26T12:00:30.000Z';
  const done = await h.rotation.finish('work');
  assert.equal(done.outcome, 'finished');
  assert.deepEqual(
    h.aws.keys.map((k) => k.accessKeyId),
    ['AKIANEWNEWNEWNEW0001'],
  );
  assert.equal(h.rotation.status('work').rotation?.step, 'finished');
});

test('recovery: a run killed between CreateAccessKey and the keychain deletes the key it cannot use', async () => {
  const h = await harness({ session: true });
  const rotation = new KeyRotation({
    ...(h.rotation as unknown as { o: ConstructorParameters<typeof KeyRotation>[0] }).o,
    onProgress: (point) => {
      if (point === 'created') throw new Error('killed');
    },
  });
  await assert.rejects(rotation.rotate('work'), /killed/);
  assert.equal(h.rotations.openAccessKeyRotation('work')?.step, 'creating');
  assert.equal(h.aws.keys.length, 2);
  // The record's owner is this very process: a later run in it may take over, as after a kill.
  const again = await h.rotation.rotate('work');
  assert.equal(again.outcome, 'rolled-back');
  if (again.outcome === 'rolled-back') {
    assert.equal(again.reason, 'new-key-lost');
    assert.equal(again.resumedFrom, 'creating');
    assert.deepEqual(again.deletedKeyIds, ['AKIANEWNEWNEWNEW0001']);
  }
  assert.deepEqual(
    h.aws.keys.map((k) => k.accessKeyId),
    [OLD.accessKeyId],
  );
  assert.deepEqual(JSON.parse((await h.secrets.get(secretAccounts.base('work')))!), OLD);
});

test('rotations.json: a damaged file is reported and left alone; records of other kinds are kept', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-rotations-'));
  const store = new RotationStore(home);
  assert.deepEqual(store.load(), { version: 1, rotations: [], keyAges: {} });
  fs.writeFileSync(
    store.file,
    '{"version": 1, "rotations": [{"kind": "access-key", "id": "x", "step": "nope"}]}',
  );
  const damaged = fs.readFileSync(store.file, 'utf8');
  await assert.rejects(
    store.update(() => undefined),
    (e: unknown) => isMfaTrayError(e, 'metadata-damaged') && /rotation #1: invalid "profile"/.test(e.message),
  );
  assert.equal(fs.readFileSync(store.file, 'utf8'), damaged);

  const funnel = { kind: 'funnel', id: 'f1', oldKeyId: 'AKIAFUNNEL', groups: ['g1'] };
  fs.writeFileSync(store.file, JSON.stringify({ version: 1, rotations: [funnel] }));
  await store.update((d) => (d.keyAges.work = { accessKeyId: 'AKIAX', createdAt: '2026-01-01T00:00:00Z' }));
  assert.deepEqual(store.load().rotations, [funnel]);
  assert.equal(fs.statSync(store.file).mode & 0o777, 0o600);
});
