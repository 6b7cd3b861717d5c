import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openCore } from '../../src/core/open';
import { keyAges, rotationReminderFacts } from '../../src/main/rotation-handlers';
import { FakeClock } from '../support/fakes/fake-clock';
import { MemorySecretStore } from '../support/fakes/memory-secret-store';

const DAY = 86_400_000;

test('reminder facts from profiles.json and rotations.json: known key ages, finishes past their grace period', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-reminder-facts-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const home = path.join(dir, 'home');
  fs.mkdirSync(home, { recursive: true });
  const now = Date.parse('2026-11-26T12:00:00Z');
  const profile = (name: string, suffix: string) => ({
    kind: 'aws',
    name,
    region: 'us-east-1',
    durationSeconds: 43200,
    target: `${name}-mfa`,
    delivery: 'file',
    accessKeyIdSuffix: suffix,
  });
  fs.writeFileSync(
    path.join(home, 'profiles.json'),
    JSON.stringify({
      version: 1,
      profiles: [profile('old', 'OLD1'), profile('edited', 'NEW9'), profile('done', 'DON1')],
      settings: { leadTimeSeconds: 600, notifications: true, language: 'en' },
    }),
  );
  const iso = (ms: number) => new Date(ms).toISOString();
  const record = (name: string, deactivatedMsAgo: number, step: string) => ({
    kind: 'access-key',
    id: `id-${name}-${step}`,
    profile: name,
    userName: name,
    userArn: `arn:aws:iam::123456789012:user/${name}`,
    oldKeyId: 'AKIAOLD000000000XXXX',
    oldKeyCreatedAt: null,
    newKeyId: 'AKIANEW000000000DON1',
    step,
    startedAt: iso(now - deactivatedMsAgo),
    updatedAt: iso(now - deactivatedMsAgo),
    deactivatedAt: iso(now - deactivatedMsAgo),
    graceDays: 7,
  });
  fs.writeFileSync(
    path.join(home, 'rotations.json'),
    JSON.stringify({
      version: 1,
      rotations: [record('done', 8 * DAY, 'deactivated'), record('old', 3 * DAY, 'deactivated')],
      keyAges: {
        old: { accessKeyId: 'AKIAOLD000000000OLD1', createdAt: iso(now - 120 * DAY) },
        // The profile's key was replaced by an edit: its age is unknown.
        edited: { accessKeyId: 'AKIAOLD000000000OLD2', createdAt: iso(now - 400 * DAY) },
      },
    }),
  );
  const clock = new FakeClock(now);
  const core = openCore({ MFA_TRAY_HOME: home }, { clock, secrets: new MemorySecretStore() });
  assert.deepEqual(keyAges(core, now), [{ name: 'old', createdAt: iso(now - 120 * DAY), ageDays: 120 }]);
  assert.deepEqual(rotationReminderFacts(core, clock), {
    keyAges: [{ name: 'old', createdAt: iso(now - 120 * DAY), ageDays: 120 }],
    keyFinishDue: ['done'],
    funnelFinishDue: [],
  });
});
