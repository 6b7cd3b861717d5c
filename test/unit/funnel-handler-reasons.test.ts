/**
 * The typed reasons the rotation and Funnel handlers answer with, which the popup words and acts on: no
 * SORACOM session ('soracom-needs-login': log in there; no AWS code is asked for it), a second run of the
 * same rotation ('rotation-running'), an AWS profile with no session and no code ('rotation-needs-code':
 * ask one). The real core on a temp home, secrets in memory, no network (each refusal comes first).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openCore, soracomAccountsOf } from '../../src/core/open';
import { toErrorDto } from '../../src/core/errors';
import type { HandlerHost } from '../../src/main/request-handlers';
import { rotationHandlers } from '../../src/main/rotation-handlers';
import type { ErrorDto } from '../../src/shared/ipc-contract';
import { FakeClock } from '../support/fakes/fake-clock';
import { MemorySecretStore } from '../support/fakes/memory-secret-store';

async function setup(t: { after: (fn: () => void) => void }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-funnel-reasons-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const env = {
    MFA_TRAY_HOME: path.join(dir, 'home'),
    AWS_CONFIG_FILE: path.join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'aws-credentials'),
    SORACOM_PROFILE_DIR: path.join(dir, '.soracom'),
  };
  const clock = new FakeClock(Date.parse('2026-11-26T12:00:00Z'));
  const core = openCore(env, { clock, secrets: new MemorySecretStore() });
  await core.addProfile({
    name: 'work',
    accessKeyId: 'AKIAWORK000000000001',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    mfaSerial: 'arn:aws:iam::123456789012:mfa/work',
  });
  await soracomAccountsOf(core).add({ name: 'sora', email: 'ops@example.com', secret: 'pw-123456' });
  const host = {
    core,
    clock,
    emit: () => {},
    builtIn: { has: () => false },
    refresh: () => [],
  } as unknown as HandlerHost;
  return rotationHandlers(host);
}

async function errorOf(answer: unknown): Promise<ErrorDto> {
  try {
    await answer;
  } catch (error) {
    return toErrorDto(error);
  }
  assert.fail('expected a refusal');
}

const request = { awsProfile: 'work', iamUser: 'funnel-publisher', soracomProfile: 'sora', prefix: 'sensor' };

test('no SORACOM session: its own reason, whatever AWS code came (none goes to SORACOM)', async (t) => {
  const handlers = await setup(t);
  for (const code of [undefined, '123456']) {
    const error = await errorOf(handlers['funnel:plan']({ ...request, ...(code ? { code } : {}) }));
    assert.equal(error.kind, 'no-session');
    assert.equal(error.reason, 'soracom-needs-login');
    assert.equal(error.message, '"sora" has no SORACOM session.');
  }
  // Nothing recorded to resume: that answer needs no session.
  assert.deepEqual(await handlers['funnel:resume']({ soracomProfile: 'sora', prefix: 'sensor' }), {
    outcome: 'nothing-to-resume',
  });
});

test('a second run of the same Funnel rotation while one runs: rotation-running', async (t) => {
  const handlers = await setup(t);
  const first = errorOf(handlers['funnel:rotate'](request));
  const second = await errorOf(handlers['funnel:rotate'](request));
  assert.equal(second.kind, 'invalid-input');
  assert.equal(second.reason, 'rotation-running');
  assert.equal((await first).reason, 'soracom-needs-login');
  // Once it ended, a new run may start.
  assert.equal((await errorOf(handlers['funnel:rotate'](request))).reason, 'soracom-needs-login');
});

test('an AWS profile with a device, no session and no code: rotation-needs-code', async (t) => {
  const handlers = await setup(t);
  const error = await errorOf(handlers['rotation:rotate']({ name: 'work' }));
  assert.equal(error.kind, 'no-session');
  assert.equal(error.reason, 'rotation-needs-code');
  assert.equal(error.message, '"work" has no valid MFA session for this.');
});
