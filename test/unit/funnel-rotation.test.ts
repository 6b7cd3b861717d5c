/**
 * FunnelRotation with typed fakes through the constructor (an in-memory IAM user, a fake clock) and the
 * in-process SORACOM emulator: what the record says before each call, the facts returned, the branches the
 * end-to-end tests (test/integration/funnel.test.ts) cannot reach cheaply.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MfaTrayError } from '../../src/core/errors';
import { funnelRecordProblem, type FunnelRotationRecord } from '../../src/core/funnel/funnel-record';
import { FunnelRotation, newSetIdFor } from '../../src/core/funnel/funnel-rotation';
import type { ProfileIamRun } from '../../src/core/funnel/profile-iam';
import type { Profile } from '../../src/core/profiles';
import type { AccessKeyInfo, AccessKeyLastUsed, KeyIam } from '../../src/core/rotation/key-iam';
import { parseRotationFile, RotationStore } from '../../src/core/rotation/rotation-store';
import { SoracomApiClient } from '../../src/core/soracom/api-client';
import { soracomLogin } from '../../src/core/soracom/auth';
import { FakeClock } from '../support/fakes/fake-clock';
import { SoracomEmulator } from '../support/soracom/server';

const DAY_MS = 86_400_000;
let emu: SoracomEmulator;

before(async () => {
  emu = await SoracomEmulator.start();
});
after(async () => {
  await emu?.stop();
});

/** One IAM user's keys, in memory; records every call. */
class FakeIam implements KeyIam {
  keys: AccessKeyInfo[] = [
    { accessKeyId: 'AKIAOLD', status: 'Active', createDate: '2026-01-01T00:00:00.000Z' },
  ];
  lastUsed = new Map<string, AccessKeyLastUsed>();
  calls: string[] = [];
  private n = 0;
  constructor(private readonly clock: FakeClock) {}
  listAccessKeys(): Promise<AccessKeyInfo[]> {
    this.calls.push('list');
    return Promise.resolve(this.keys.map((k) => ({ ...k })));
  }
  createAccessKey() {
    const accessKeyId = `AKIANEW${++this.n}`;
    this.calls.push(`create ${accessKeyId}`);
    const createDate = new Date(this.clock.now()).toISOString();
    this.keys.push({ accessKeyId, status: 'Active', createDate });
    return Promise.resolve({
      accessKeyId,
      secretAccessKey: `secret-of-${accessKeyId}-${'z'.repeat(20)}`,
      createDate,
    });
  }
  updateAccessKey(): Promise<void> {
    return Promise.resolve();
  }
  deleteAccessKey(_user: string, id: string): Promise<'deleted' | 'not-found'> {
    this.calls.push(`delete ${id}`);
    const before = this.keys.length;
    this.keys = this.keys.filter((k) => k.accessKeyId !== id);
    return Promise.resolve(this.keys.length < before ? 'deleted' : 'not-found');
  }
  getAccessKeyLastUsed(id: string): Promise<AccessKeyLastUsed> {
    this.calls.push(`last-used ${id}`);
    return Promise.resolve(this.lastUsed.get(id) ?? { date: null, serviceName: null, region: null });
  }
}

async function setup() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'funnel-unit-'));
  const clock = new FakeClock(Date.parse('2026-03-04T05:06:07.000Z'));
  const iam = new FakeIam(clock);
  const profile = { name: 'work', kind: 'aws', region: 'us-east-1' } as Profile;
  const run: ProfileIamRun = { profile, call: (_a, _r, _w, fn) => fn(iam) };
  const email = `op-${Math.random().toString(16).slice(2)}@example.com`;
  const { operatorId } = emu.addOperator({ email, password: 'pw-Secret-123' });
  emu.addCredentialSet({
    operatorId,
    credentialsId: 'fun-1',
    accessKeyId: 'AKIAOLD',
    secretAccessKey: 'o'.repeat(40),
  });
  emu.addGroup({ operatorId, groupId: 'a', funnelCredentialsId: 'fun-1' });
  emu.addGroup({ operatorId, groupId: 'b', funnelCredentialsId: 'fun-1' });
  const client = new SoracomApiClient({ endpoint: emu.endpoint });
  const session = await soracomLogin(client, { kind: 'root', email, password: 'pw-Secret-123' });
  const rotations = new RotationStore(home);
  const steps: string[] = [];
  const hook: { on?: (point: string) => void } = {};
  const funnel = new FunnelRotation({
    rotations,
    clock,
    iam: { open: () => Promise.resolve(run) },
    soracom: { session: () => Promise.resolve({ client, credentials: session }) },
    onProgress: (point, record) => {
      steps.push(`${point}:${record.step}`);
      hook.on?.(point);
    },
  });
  const input = { awsProfile: 'work', iamUser: 'pub', soracomProfile: 'sora', prefix: 'fun' };
  return { home, clock, iam, funnel, rotations, operatorId, input, steps, hook };
}

const recordOf = (rotations: RotationStore) =>
  rotations.load().rotations[0] as unknown as FunnelRotationRecord;

test('newSetIdFor: PREFIX-YYMMDD (UTC), then -2, -3', () => {
  const at = Date.parse('2022-08-15T23:59:00Z');
  assert.equal(newSetIdFor('sample', at, new Set()), 'sample-220815');
  assert.equal(newSetIdFor('sample', at, new Set(['sample-220815'])), 'sample-220815-2');
  assert.equal(newSetIdFor('sample', at, new Set(['sample-220815', 'sample-220815-2'])), 'sample-220815-3');
});

test('the record is written before each call, in order', async () => {
  const x = await setup();
  const result = await x.funnel.rotate(x.input);
  assert.equal(result.outcome, 'switched');
  assert.deepEqual(x.steps, [
    'planned:planned',
    'creating-key:creating-key',
    'key-created:creating-key',
    'creating-set:creating-set',
    'set-created:creating-set',
    'moving:moving',
    'moving-group:moving',
    'group-moved:moving',
    'moving-group:moving',
    'group-moved:moving',
    'switched:switched',
  ]);
  const r = recordOf(x.rotations);
  assert.equal(r.newSetId, 'fun-260304');
  assert.deepEqual(r.keysBefore, ['AKIAOLD']);
  assert.equal(r.owner, undefined);
  assert.equal(funnelRecordProblem(r as unknown as Record<string, unknown>), undefined);
  // The file parses back with the Funnel kind validated, and holds no secret.
  const text = fs.readFileSync(x.rotations.file, 'utf8');
  assert.equal(parseRotationFile(text, x.rotations.file).rotations.length, 1);
  assert.ok(!text.includes('secret-of-'));
});

test('SORACOM refuses the new set → the new key (useless without its secret) is deleted, the record is back at planned', async () => {
  const x = await setup();
  // Someone takes the id between the plan and the call.
  const plan = await x.funnel.rotate(x.input, { dryRun: true });
  assert.equal(plan.outcome, 'dry-run');
  const original = emu.state.credentials.size;
  x.hook.on = (point) => {
    if (point !== 'key-created') return;
    delete x.hook.on;
    emu.addCredentialSet({
      operatorId: x.operatorId,
      credentialsId: 'fun-260304',
      accessKeyId: 'AKIAX',
      secretAccessKey: 'x'.repeat(40),
    });
  };
  await assert.rejects(
    x.funnel.rotate(x.input),
    (e: unknown) => e instanceof MfaTrayError && e.kind === 'soracom-api',
  );
  assert.equal(emu.state.credentials.size, original + 1);
  assert.deepEqual(
    x.iam.keys.map((k) => k.accessKeyId),
    ['AKIAOLD'],
  );
  const r = recordOf(x.rotations);
  assert.equal(r.step, 'planned');
  assert.equal(r.newKeyId, undefined);
  assert.equal(r.owner, undefined);
  // --resume picks a free id and completes.
  const resumed = await x.funnel.resume();
  assert.equal(resumed.outcome, 'switched');
  assert.equal(recordOf(x.rotations).newSetId, 'fun-260304-2');
});

test("finish: not before the grace period; a use within the margin after the switch is Funnel's last, not a blocker", async () => {
  const x = await setup();
  await x.funnel.rotate({ ...x.input, graceDays: 3 });
  const switchedAt = Date.parse(recordOf(x.rotations).switchedAt!);
  x.clock.advance(3 * DAY_MS - 1000);
  assert.deepEqual(x.funnel.dueForFinish(), []);
  const [early] = await x.funnel.finish();
  assert.equal(early?.outcome, 'not-due');
  x.clock.advance(1000);
  assert.equal(x.funnel.dueForFinish().length, 1);
  x.iam.lastUsed.set('AKIAOLD', {
    date: new Date(switchedAt + 60_000).toISOString(),
    serviceName: 'kinesis',
    region: 'ap-northeast-1',
  });
  const [done] = await x.funnel.finish();
  assert.equal(done?.outcome, 'finished');
  assert.deepEqual(done?.outcome === 'finished' && [done.deletedKeyIds, done.deletedSetIds], [
    ['AKIAOLD'],
    ['fun-1'],
  ]);
  assert.deepEqual(
    x.iam.keys.map((k) => k.accessKeyId),
    ['AKIANEW1'],
  );
});
