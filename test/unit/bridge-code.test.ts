/**
 * The bridge's `code` request (soracom-cli's profileCommand through the running app): the prompt hands the
 * typed code back without logging in; each code goes to one waiting call, never twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../src/core/clock';
import { MfaTrayError } from '../../src/core/errors';
import { PromptCoordinator, type PromptDto } from '../../src/core/prompts';
import type { ProfileStatus } from '../../src/core/mfa-tray-core';
import { askApp } from '../../src/core/bridge/client';
import { parseRequest, parseResponse } from '../../src/core/bridge/protocol';
import { BridgeServer } from '../../src/core/bridge/server';
import { FakePromptCore } from '../support/fakes/fake-prompt-core';
import { fakeSoracomProfile } from '../support/fakes/profile-dto';

function status(name: string): ProfileStatus {
  if (name !== 'sora') throw new MfaTrayError('profile-not-found', `No profile "${name}".`);
  return fakeSoracomProfile(name, { accountId: 'OP0012345678' });
}

async function start(t: { after: (fn: () => Promise<void>) => void }) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-bridge-code-'));
  const core = new FakePromptCore({ clock: systemClock, profile: status });
  const prompts = new PromptCoordinator(core, systemClock);
  const shown: PromptDto[] = [];
  prompts.onShow((prompt) => shown.push(prompt));
  const server = new BridgeServer({
    home,
    core: { cachedSession: () => Promise.resolve(undefined), profileStatus: status },
    prompts,
    version: '9.9.9',
  });
  await server.start();
  t.after(async () => {
    prompts.cancelAll();
    await server.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });
  return { home, prompts, shown, logins: () => core.logins.length };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('protocol: the code request and answer parse; a malformed code is not an answer', () => {
  assert.deepEqual(parseRequest('{"v":1,"type":"code","name":"sora","timeoutMs":5000}'), {
    v: 1,
    type: 'code',
    name: 'sora',
    timeoutMs: 5000,
  });
  assert.equal(
    (parseRequest('{"v":1,"type":"code","name":"../x"}') as { kind: string }).kind,
    'invalid-input',
  );
  assert.deepEqual(parseResponse('{"v":1,"ok":true,"code":"123456"}'), { v: 1, ok: true, code: '123456' });
  assert.equal(parseResponse('{"v":1,"ok":true,"code":"12345x"}'), undefined);
});

test('the typed code is handed back (reason cli-code) and nothing logs in', async (t) => {
  const { home, prompts, shown, logins } = await start(t);
  const answer = askApp(home, { type: 'code', name: 'sora' });
  await until(() => shown.length > 0, 'the prompt');
  assert.deepEqual(shown[0], { name: 'sora', reason: 'cli-code', mfaSerial: null, waiting: 1 });
  const submitted = await prompts.submit('sora', '123 456');
  assert.equal(submitted.codeHandedOut, true);
  assert.deepEqual(await answer, { v: 1, ok: true, code: '123456' });
  assert.equal(logins(), 0);
  assert.deepEqual(prompts.pending(), []);
});

test('two waiting calls share one prompt; each typed code serves one of them, the same code never twice', async (t) => {
  const { home, prompts, shown } = await start(t);
  const first = askApp(home, { type: 'code', name: 'sora' });
  const second = askApp(home, { type: 'code', name: 'sora' });
  await until(() => shown.at(-1)?.waiting === 2, 'two waiting calls');
  assert.equal(prompts.pending().length, 1);
  await prompts.submit('sora', '111111');
  assert.deepEqual(await first, { v: 1, ok: true, code: '111111' });
  assert.equal(prompts.get('sora')?.waiting, 1, 'the prompt stays for the other call');
  await assert.rejects(
    prompts.submit('sora', '111111'),
    (e: unknown) => e instanceof MfaTrayError && e.kind === 'code-reused',
  );
  await prompts.submit('sora', '222222');
  assert.deepEqual(await second, { v: 1, ok: true, code: '222222' });
  assert.deepEqual(prompts.pending(), []);
});

test('cancel answers "cancelled"; a server without code support says so', async (t) => {
  const { home, prompts, shown } = await start(t);
  const answer = askApp(home, { type: 'code', name: 'sora' });
  await until(() => shown.length > 0, 'the prompt');
  prompts.cancel('sora');
  const response = await answer;
  assert.ok(response && !response.ok);
  assert.equal(response.error.kind, 'cancelled');

  const oldHome = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-bridge-old-'));
  const old = new BridgeServer({
    home: oldHome,
    core: { cachedSession: () => Promise.resolve(undefined), profileStatus: status },
    prompts: { request: () => Promise.reject(new Error('unused')) },
    version: '0.0.1',
  });
  await old.start();
  t.after(async () => {
    await old.stop();
    fs.rmSync(oldHome, { recursive: true, force: true });
  });
  const refused = await askApp(oldHome, { type: 'code', name: 'sora' });
  assert.ok(refused && !refused.ok);
  assert.equal(refused.error.message, 'This mfa-tray app cannot hand out codes.');
});
