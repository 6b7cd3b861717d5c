import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { REQUEST_CHANNELS } from '../../src/main/channels';
import { EVENT_CHANNELS, type MfaTrayApi } from '../../src/shared/ipc-contract';

const repoRoot = path.resolve(__dirname, '..', '..', __filename.endsWith('.ts') ? '' : '..');
const preloadSource = path.join(repoRoot, 'src', 'preload', 'index.ts');

/** The preload as tsc emits it for this project (CommonJS). */
function compiledPreload(): string {
  const config = ts.readConfigFile(path.join(repoRoot, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot);
  return ts.transpileModule(fs.readFileSync(preloadSource, 'utf8'), {
    compilerOptions: { ...options, sourceMap: false, inlineSourceMap: false },
    fileName: preloadSource,
  }).outputText;
}

/** ipcRenderer, as far as the preload uses it. */
class FakeIpcRenderer extends EventEmitter {
  invocations: unknown[][] = [];
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push([channel, ...args]);
    return Promise.resolve({ ok: true, value: channel });
  }
}

/**
 * Runs the compiled preload the way a sandboxed renderer does: `require` knows only a few modules. Our own
 * files are not among them, so any require of one fails here exactly as it would in Electron.
 */
function runPreload(): { api: MfaTrayApi; key: string; ipc: FakeIpcRenderer; required: string[] } {
  const ipc = new FakeIpcRenderer();
  const exposed: { key?: string; api?: unknown } = {};
  const required: string[] = [];
  const sandboxRequire = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') {
      return {
        contextBridge: {
          exposeInMainWorld: (key: string, api: unknown) => Object.assign(exposed, { key, api }),
        },
        ipcRenderer: ipc,
      };
    }
    if (['events', 'timers', 'url'].includes(id)) return {};
    throw new Error(`Cannot find module '${id}' (sandboxed preload)`);
  };
  const module = { exports: {} };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const run = new Function('require', 'module', 'exports', compiledPreload()) as (
    require: (id: string) => unknown,
    module: { exports: object },
    exports: object,
  ) => void;
  run(sandboxRequire, module, module.exports);
  return { api: exposed.api as MfaTrayApi, key: exposed.key!, ipc, required };
}

test('the compiled preload is self-contained: it requires nothing but electron', () => {
  const { required, key } = runPreload();
  assert.deepEqual(required, ['electron']);
  assert.equal(key, 'mfaTray');
});

test('window.mfaTray has exactly the contract: every request channel, plus on()', () => {
  const { api } = runPreload();
  assert.deepEqual(Object.keys(api).sort(), [...REQUEST_CHANNELS, 'on'].sort());
  assert.ok(Object.isFrozen(api));
});

test('each request function invokes its own channel with the arguments', async () => {
  const { api, ipc } = runPreload();
  assert.deepEqual(await api['profiles:list'](), { ok: true, value: 'profiles:list' });
  await api['session:login']({ name: 'dev', code: '123456' });
  await api['prompt:cancel']('dev');
  const serialNumber = 'arn:aws:iam::123456789012:mfa/dev-phone';
  await api['mfa:enable']({ name: 'dev', serialNumber, code1: '123456', code2: '654321' });
  await api['mfa:abandon']({ name: 'dev', serialNumber });
  await api['mfa:authenticator']({ name: 'dev', enabled: false });
  await api['session:login-built-in']('dev');
  assert.deepEqual(ipc.invocations, [
    ['profiles:list'],
    ['session:login', { name: 'dev', code: '123456' }],
    ['prompt:cancel', 'dev'],
    ['mfa:enable', { name: 'dev', serialNumber, code1: '123456', code2: '654321' }],
    ['mfa:abandon', { name: 'dev', serialNumber }],
    ['mfa:authenticator', { name: 'dev', enabled: false }],
    ['session:login-built-in', 'dev'],
  ]);
});

test('the MFA device channels are all there (the setup screen and the device list need every one)', () => {
  const { api } = runPreload();
  for (const channel of [
    'mfa:list',
    'mfa:create',
    'mfa:enable',
    'mfa:abandon',
    'mfa:resync',
    'mfa:describe-removal',
    'mfa:remove',
    'mfa:authenticator',
    'session:login-built-in',
  ] as const) {
    assert.equal(typeof api[channel], 'function', channel);
  }
});

test('on(): contract events only, the payload only (never the IpcRendererEvent), and an unsubscribe', () => {
  const { api, ipc } = runPreload();
  const seen: unknown[] = [];
  const off = api.on('prompt:closed', (payload) => seen.push(payload));
  const fakeEvent = { sender: ipc, ports: [] };
  ipc.emit('prompt:closed', fakeEvent, { name: 'dev' });
  ipc.emit('prompt:closed', fakeEvent, { name: 'prod' }, 'extra');
  assert.deepEqual(seen, [{ name: 'dev' }, { name: 'prod' }]);
  off();
  ipc.emit('prompt:closed', fakeEvent, { name: 'ci' });
  assert.equal(seen.length, 2);
  assert.equal(ipc.listenerCount('prompt:closed'), 0);

  for (const event of EVENT_CHANNELS) {
    const unsubscribe = api.on(event, () => {});
    assert.equal(ipc.listenerCount(event), 1);
    unsubscribe();
  }
  const onAny = api.on.bind(api) as (event: string, listener: (payload: unknown) => void) => () => void;
  assert.throws(() => onAny('session:login', () => {}), /unknown event/);
  assert.throws(() => onAny('ELECTRON_BROWSER_REQUIRE', () => {}), /unknown event/);
  assert.equal(ipc.listenerCount('session:login'), 0);
});
