/**
 * The tray renews a role before it expires from its source's still-valid session, without a prompt or a
 * notification; without a source session the change is announced (the user is asked once, for the source).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppController } from '../../src/main/app-controller';
import { AwsFilesStore } from '../../src/core/awsfiles';
import { AwsProfiles } from '../../src/core/aws-profiles';
import { ProfileStore } from '../../src/core/profiles';
import { createRoleDriver } from '../../src/core/roles';
import type { AssumeRoleRequest, RoleSts } from '../../src/core/roles/role-sts';
import { MfaTrayCore } from '../../src/core/mfa-tray-core';
import type { StateChange } from '../../src/core/scheduler';
import { FakeClock } from '../support/fakes/fake-clock';
import { MemorySecretStore } from '../support/fakes/memory-secret-store';

async function setup(t: { after: (fn: () => Promise<void> | void) => void }, sourceSession: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-controller-roles-'));
  const start = Date.parse('2026-11-26T09:00:00Z');
  const clock = new FakeClock(start);
  const secrets = new MemorySecretStore();
  const core = new MfaTrayCore({
    profiles: new ProfileStore(path.join(dir, 'home')),
    secrets,
    awsProfiles: new AwsProfiles(
      new AwsFilesStore({
        credentialsPath: path.join(dir, 'credentials'),
        configPath: path.join(dir, 'config'),
      }),
    ),
    clock,
    env: {},
    cliCommand: ['mfa-tray'],
  });
  const calls: AssumeRoleRequest[] = [];
  const sts: RoleSts = {
    assumeRole: (_credentials, request) => {
      calls.push(request);
      return Promise.resolve({
        accessKeyId: `ASIAROLE${calls.length}`,
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: new Date(clock.now() + request.durationSeconds * 1000).toISOString(),
      });
    },
  };
  const roles = createRoleDriver(core, sts);
  core.addKind('role', roles);
  await core.profiles.update((d) => {
    d.profiles.push(
      {
        kind: 'aws',
        name: 'work',
        region: 'eu-west-1',
        durationSeconds: 43200,
        target: 'work-mfa',
        delivery: 'file',
        mfaSerial: 'arn:aws:iam::123456789012:mfa/alice',
        ...(sourceSession ? { sessionExpiresAt: new Date(start + 8 * 3_600_000).toISOString() } : {}),
      },
      {
        kind: 'role',
        name: 'dev',
        source: 'work',
        roleArn: 'arn:aws:iam::123456789012:role/Dev',
        region: 'eu-west-1',
        durationSeconds: 3600,
        target: 'dev-mfa',
        delivery: 'file',
        sessionExpiresAt: new Date(start + 20 * 60_000).toISOString(),
      },
    );
  });
  if (sourceSession) {
    secrets.entries.set(
      'work/session',
      JSON.stringify({
        accessKeyId: 'ASIASOURCE',
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: new Date(start + 8 * 3_600_000).toISOString(),
      }),
    );
  }
  const announced: StateChange[] = [];
  const controller = new AppController({
    core,
    clock,
    roles,
    emit: () => undefined,
    loginItem: { get: () => false, set: () => Promise.resolve() },
    version: '0',
    platform: 'linux',
    hideWindow: () => undefined,
    bridge: false,
    watchProfiles: false,
  });
  controller.onStateChange((changes) => announced.push(...changes));
  await controller.start();
  t.after(async () => {
    await controller.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { core, clock, calls, announced, start, controller };
}

async function settle(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
}

test('a role entering its lead time is renewed from the source session, silently', async (t) => {
  const h = await setup(t, true);
  h.clock.advance(10 * 60_000 + 1000); // 10 min lead time: "dev" is expiring now
  await settle(
    () =>
      h.calls.length > 0 &&
      h.core.profiles.getAny('dev').sessionExpiresAt !== new Date(h.start + 20 * 60_000).toISOString(),
  );
  assert.equal(h.calls.length, 1);
  assert.equal(h.core.profileStatus('dev').state, 'valid');
  assert.deepEqual(
    h.announced.filter((c) => c.name === 'dev' && c.to === 'expiring'),
    [],
    'no notification for a silent renewal',
  );
});

test('without a source session the change is announced (one prompt, for the source)', async (t) => {
  const h = await setup(t, false);
  h.clock.advance(10 * 60_000 + 1000);
  await settle(() => h.announced.some((c) => c.name === 'dev' && c.to === 'expiring'));
  assert.equal(h.calls.length, 0);
  assert.ok(h.announced.some((c) => c.name === 'dev' && c.to === 'expiring'));
});

test('Log in on a role whose source has a session assumes it without a code (the popup asks for none)', async (t) => {
  const h = await setup(t, true);
  const answer = await h.controller.handlers['session:login-built-in']('dev');
  assert.ok(answer.ok, JSON.stringify(answer));
  assert.equal(h.calls.length, 1, 'one AssumeRole, from the source session');
  assert.equal(answer.value.profile.name, 'dev');
  assert.equal(answer.value.profile.state, 'valid');
});

test('Remove on a source that roles use is refused with their names; withRoles removes the roles, then it', async (t) => {
  const h = await setup(t, true);
  const handlers = h.controller.handlers;
  assert.ok((await handlers['prompt:open']('work')).ok);
  const refused = await handlers['profiles:remove']('work');
  assert.ok(!refused.ok);
  assert.equal(refused.error.kind, 'source-has-roles');
  assert.deepEqual(refused.error.roles, ['dev']);
  assert.deepEqual(
    h.core.profiles.load().profiles.map((p) => p.name),
    ['work', 'dev'],
    'nothing removed',
  );
  const info = await handlers['app:info']();
  assert.ok(info.ok);
  assert.equal(info.value.prompt?.name, 'work', 'a refused removal leaves the open prompt alone');
  // Only { withRoles: boolean } is accepted as the second argument.
  const callAny = handlers['profiles:remove'] as unknown as (...a: unknown[]) => Promise<{ ok: boolean }>;
  for (const bad of [{ withRoles: 'yes' }, { roles: true }, 'withRoles', [true]]) {
    const answer = await callAny('work', bad);
    assert.equal(answer.ok, false, JSON.stringify(bad));
  }
  assert.equal(h.core.profiles.load().profiles.length, 2);

  const removed = await handlers['profiles:remove']('work', { withRoles: true });
  assert.ok(removed.ok, JSON.stringify(removed));
  assert.deepEqual(h.core.profiles.load().profiles, []);
});

test('Log out on a source: its roles keep their sessions, unless withRoles logs them out too', async (t) => {
  const h = await setup(t, true);
  const handlers = h.controller.handlers;
  assert.ok((await handlers['session:logout']('work')).ok);
  assert.equal(h.core.profileStatus('work').state, 'none');
  assert.equal(h.core.profileStatus('dev').state, 'valid', 'the role keeps its session');

  const h2 = await setup(t, true);
  assert.ok((await h2.controller.handlers['session:logout']('work', { withRoles: true })).ok);
  assert.equal(h2.core.profileStatus('work').state, 'none');
  assert.equal(h2.core.profileStatus('dev').state, 'none', 'the role is logged out too');
});
