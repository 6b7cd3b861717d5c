import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../src/core/clock';
import { MfaTrayError } from '../../src/core/errors';
import type { SessionCredentials } from '../../src/core/keychain/secret-store';
import { PromptCoordinator, type PromptDto } from '../../src/core/prompts';
import type { LoginResult, ProfileStatus } from '../../src/core/mfa-tray-core';
import { askApp } from '../../src/core/bridge/client';
import {
  bridgeSocketPath,
  MAX_REQUEST_BYTES,
  parseResponse,
  type BridgeResponse,
} from '../../src/core/bridge/protocol';
import { BridgeInUseError, BridgeServer } from '../../src/core/bridge/server';
import { fakeProfile } from '../support/fakes/profile-dto';

const GOOD_CODE = '246810';

/** The slice of the core the bridge and the prompts use, with sessions in memory. */
class FakeCore {
  readonly sessions = new Map<string, SessionCredentials>();
  logins = 0;

  profileStatus(name: string): ProfileStatus {
    if (name !== 'dev' && name !== 'prod')
      throw new MfaTrayError('profile-not-found', `No profile "${name}".`);
    return fakeProfile(name, {
      state: this.sessions.has(name) ? 'valid' : 'none',
      expiresAt: this.sessions.get(name)?.expiration ?? null,
      delivery: 'process',
      durationSeconds: 3600,
      mfaSerial: 'arn:aws:iam::123456789012:mfa/phone',
    });
  }

  async cachedSession(name: string, minValidityMs = 0): Promise<SessionCredentials | undefined> {
    await Promise.resolve();
    const session = this.sessions.get(name);
    return session && Date.parse(session.expiration) - Date.now() > minValidityMs ? session : undefined;
  }

  async login(name: string, code: string): Promise<LoginResult> {
    this.logins += 1;
    await Promise.resolve();
    if (code !== GOOD_CODE) throw new MfaTrayError('wrong-code', 'AWS did not accept that code.');
    const expiresAt = new Date(Date.now() + 3600_000).toISOString();
    this.sessions.set(name, session(expiresAt));
    return { profile: this.profileStatus(name), expiresAt, warnings: [] };
  }
}

function session(expiration: string): SessionCredentials {
  return {
    accessKeyId: 'ASIAFAKESESSION00001',
    secretAccessKey: 'session-secret',
    sessionToken: 'token',
    expiration,
  };
}

async function startBridge(t: { after: (fn: () => Promise<void>) => void }) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-bridge-'));
  const core = new FakeCore();
  const prompts = new PromptCoordinator(core, systemClock);
  const shown: { prompt: PromptDto; isNew: boolean }[] = [];
  prompts.onShow((prompt, info) => shown.push({ prompt, isNew: info.isNew }));
  const server = new BridgeServer({ home, core, prompts, version: '9.9.9' });
  await server.start();
  t.after(async () => {
    prompts.cancelAll();
    await server.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });
  return { home, core, prompts, server, shown };
}

async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Sends raw bytes and reads the one answer line. */
function rawExchange(socketPath: string, bytes: string): Promise<BridgeResponse | undefined> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let text = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    socket.on('close', () => resolve(parseResponse(text.split('\n')[0] ?? '')));
  });
}

test('credential-process: answered with the session once the user submits the code', async (t) => {
  const { home, core, prompts, shown } = await startBridge(t);
  const answer = askApp(home, { type: 'session', name: 'dev', reason: 'credential-process' });
  await until(() => shown.length > 0, 'the prompt');
  assert.deepEqual(shown[0], {
    prompt: { name: 'dev', reason: 'cli', mfaSerial: 'arn:aws:iam::123456789012:mfa/phone', waiting: 1 },
    isNew: true,
  });
  await prompts.submit('dev', GOOD_CODE);
  const response = await answer;
  assert.ok(response?.ok && 'expiresAt' in response);
  assert.deepEqual(response.session, core.sessions.get('dev'));
  assert.equal(response.target, 'dev-mfa');
});

test('login: answered without the credentials themselves', async (t) => {
  const { home, prompts, shown } = await startBridge(t);
  const answer = askApp(home, { type: 'session', name: 'dev', reason: 'login' });
  await until(() => shown.length > 0, 'the prompt');
  await prompts.submit('dev', GOOD_CODE);
  const response = await answer;
  assert.ok(response?.ok && 'expiresAt' in response);
  assert.equal(response.session, undefined);
});

test('a cached session with a minute or more left is answered at once, without a prompt', async (t) => {
  const { home, core, shown } = await startBridge(t);
  core.sessions.set('dev', session(new Date(Date.now() + 10 * 60_000).toISOString()));
  const response = await askApp(home, { type: 'session', name: 'dev', reason: 'credential-process' });
  assert.ok(response?.ok && 'session' in response);
  assert.equal(response.session?.accessKeyId, 'ASIAFAKESESSION00001');
  assert.equal(shown.length, 0);

  core.sessions.set('prod', session(new Date(Date.now() + 30_000).toISOString()));
  const almostExpired = askApp(
    home,
    { type: 'session', name: 'prod', reason: 'credential-process' },
    { timeoutMs: 300 },
  );
  await until(() => shown.length > 0, 'a prompt for the nearly expired session');
  assert.equal((await almostExpired)?.ok, false);
});

test('two CLI callers coalesce into one prompt and one login', async (t) => {
  const { home, core, prompts, shown } = await startBridge(t);
  const first = askApp(home, { type: 'session', name: 'dev', reason: 'credential-process' });
  const second = askApp(home, { type: 'session', name: 'dev', reason: 'credential-process' });
  await until(() => prompts.pending()[0]?.waiting === 2, 'both callers to wait');
  assert.equal(shown.filter((s) => s.isNew).length, 1, 'one prompt');
  await prompts.submit('dev', GOOD_CODE);
  const [a, b] = await Promise.all([first, second]);
  assert.equal(a?.ok, true);
  assert.equal(b?.ok, true);
  assert.equal(core.logins, 1);
});

test('a wrong code leaves the CLI waiting; cancel answers "cancelled"', async (t) => {
  const { home, prompts, shown } = await startBridge(t);
  const answer = askApp(home, { type: 'session', name: 'dev', reason: 'credential-process' });
  await until(() => shown.length > 0, 'the prompt');
  await assert.rejects(prompts.submit('dev', '000000'));
  prompts.cancel('dev');
  const response = await answer;
  assert.ok(response && !response.ok);
  assert.equal(response.error.kind, 'cancelled');
});

test('no app: undefined, fast — no socket file, or a stale one left by a crash', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-bridge-'));
  let started = Date.now();
  assert.equal(await askApp(home, { type: 'ping' }), undefined);
  assert.ok(Date.now() - started < 200, 'no socket file: immediate');

  const socketPath = bridgeSocketPath(home);
  fs.mkdirSync(path.dirname(socketPath), { mode: 0o700 });
  // A process that dies without cleaning up leaves its socket file behind.
  spawnSync(process.execPath, [
    '-e',
    `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'))`,
  ]);
  assert.ok(fs.lstatSync(socketPath).isSocket(), 'the stale socket file exists');
  started = Date.now();
  assert.equal(await askApp(home, { type: 'session', name: 'dev', reason: 'credential-process' }), undefined);
  assert.ok(Date.now() - started < 300, 'stale socket: ECONNREFUSED at once');
  fs.rmSync(home, { recursive: true, force: true });
});

test('the server replaces a stale socket file, but never one a running app answers on', async (t) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-bridge-'));
  t.after(() => fs.rmSync(home, { recursive: true, force: true }));
  const socketPath = bridgeSocketPath(home);
  fs.mkdirSync(path.dirname(socketPath), { mode: 0o700 });
  spawnSync(process.execPath, [
    '-e',
    `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'))`,
  ]);
  const core = new FakeCore();
  const prompts = new PromptCoordinator(core, systemClock);
  const server = new BridgeServer({ home, core, prompts, version: '1.0.0' });
  await server.start();
  t.after(() => server.stop());
  assert.deepEqual(await askApp(home, { type: 'ping' }), { v: 1, ok: true, pong: true, app: '1.0.0' });

  const second = new BridgeServer({ home, core, prompts, version: '2.0.0' });
  await assert.rejects(second.start(), BridgeInUseError);
  assert.deepEqual(
    await askApp(home, { type: 'ping' }),
    { v: 1, ok: true, pong: true, app: '1.0.0' },
    'still the first',
  );
});

test('timeout: the caller gets "timeout" and its waiter leaves the prompt', async (t) => {
  const { home, prompts, shown } = await startBridge(t);
  const started = Date.now();
  const response = await askApp(
    home,
    { type: 'session', name: 'dev', reason: 'credential-process' },
    { timeoutMs: 300 },
  );
  assert.ok(response && !response.ok);
  assert.equal(response.error.kind, 'timeout');
  assert.ok(Date.now() - started < 2000);
  assert.equal(shown.length, 1);
  await until(
    () => prompts.pending().length === 0,
    'the disconnected caller to be dropped (and the prompt closed)',
  );
});

test('MFA_TRAY_BRIDGE_TIMEOUT_MS bounds the wait', async (t) => {
  const { home } = await startBridge(t);
  const response = await askApp(
    home,
    { type: 'session', name: 'dev', reason: 'credential-process' },
    { env: { MFA_TRAY_BRIDGE_TIMEOUT_MS: '250' } },
  );
  assert.equal(response?.ok === false && response.error.kind, 'timeout');
});

test('a hung-up caller is dropped from the waiting count', async (t) => {
  const { server, prompts } = await startBridge(t);
  const socket = net.connect(server.socketPath);
  socket.on('error', () => {});
  socket.write(JSON.stringify({ v: 1, type: 'session', name: 'dev', reason: 'credential-process' }) + '\n');
  await until(() => prompts.pending()[0]?.waiting === 1, 'the caller to wait');
  socket.destroy();
  await until(() => prompts.pending().length === 0, 'the prompt to close');
});

test('the socket directory is made 0700 (even when it existed) and the socket 0600', async (t) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-bridge-'));
  t.after(() => fs.rmSync(home, { recursive: true, force: true }));
  const runDir = path.join(home, 'run');
  fs.mkdirSync(runDir, { mode: 0o755 });
  fs.chmodSync(runDir, 0o755);
  const core = new FakeCore();
  const server = new BridgeServer({
    home,
    core,
    prompts: new PromptCoordinator(core, systemClock),
    version: '1',
  });
  await server.start();
  t.after(() => server.stop());
  assert.equal(server.socketPath, path.join(runDir, 'bridge.sock'));
  assert.equal(fs.statSync(runDir).mode & 0o777, 0o700);
  assert.equal(fs.statSync(server.socketPath).mode & 0o777, 0o600);
});

test(
  'a run directory owned by someone else, or a symlink, is refused',
  { skip: process.getuid?.() !== 0 && 'needs root to chown' },
  async (t) => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-bridge-'));
    t.after(() => fs.rmSync(home, { recursive: true, force: true }));
    const core = new FakeCore();
    const prompts = new PromptCoordinator(core, systemClock);
    fs.mkdirSync(path.join(home, 'run'), { mode: 0o700 });
    fs.chownSync(path.join(home, 'run'), 65534, 65534);
    await assert.rejects(
      new BridgeServer({ home, core, prompts, version: '1' }).start(),
      /belongs to another user/,
    );
    assert.equal(await askApp(home, { type: 'ping' }), undefined, 'the client does not talk to it either');

    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-bridge-'));
    t.after(() => fs.rmSync(other, { recursive: true, force: true }));
    fs.symlinkSync(os.tmpdir(), path.join(other, 'run'));
    await assert.rejects(
      new BridgeServer({ home: other, core, prompts, version: '1' }).start(),
      /not a directory/,
    );
  },
);

test('garbage gets an error answer and the server keeps serving', async (t) => {
  const { server, home } = await startBridge(t);
  const cases: [string, string][] = [
    ['not json\n', 'invalid-input'],
    ['[1,2]\n', 'invalid-input'],
    ['{"v":2,"type":"ping"}\n', 'invalid-input'],
    ['{"v":1,"type":"shell","cmd":"rm"}\n', 'invalid-input'],
    ['{"v":1,"type":"session","name":"../etc","reason":"login"}\n', 'invalid-input'],
    ['{"v":1,"type":"session","name":"dev","reason":"steal"}\n', 'invalid-input'],
    ['{"v":1,"type":"session","name":"nope","reason":"login"}\n', 'profile-not-found'],
    ['x'.repeat(MAX_REQUEST_BYTES + 10), 'invalid-input'],
    ['{"v":1,"type":"ping"' + ' '.repeat(MAX_REQUEST_BYTES) + '}\n', 'invalid-input'],
  ];
  for (const [bytes, kind] of cases) {
    const response = await rawExchange(server.socketPath, bytes);
    assert.ok(response && !response.ok, `an error answer for ${bytes.slice(0, 40)}`);
    assert.equal(response.error.kind, kind);
    assert.ok(!response.error.message.includes('rm'), 'the input is not echoed');
  }
  // A client that connects and leaves without a word.
  const silent = net.connect(server.socketPath);
  silent.on('error', () => {});
  await new Promise((resolve) => silent.once('connect', resolve));
  silent.end();
  assert.deepEqual(await askApp(home, { type: 'ping' }), { v: 1, ok: true, pong: true, app: '9.9.9' });
});
