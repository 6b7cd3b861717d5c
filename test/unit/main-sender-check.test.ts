import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RequestResponseChannels, Result } from '../../src/shared/ipc-contract';
import { dispatchRequest, UntrustedSenderError } from '../../src/main/ipc-dispatch';
import {
  isRendererUrl,
  isTrustedSender,
  type IpcSender,
  type TrustedRenderer,
} from '../../src/main/sender-check';

const appRoot = path.resolve('/opt/mfa tray/resources/app.asar');
const rendererFile = path.join(appRoot, 'renderer', 'dist', 'index.html');
const trusted: TrustedRenderer = { fileUrl: pathToFileURL(rendererFile).href, webContentsId: 7 };
const popup: IpcSender = { frameUrl: trusted.fileUrl, isMainFrame: true, webContentsId: 7 };

test('the popup main frame on our renderer file is trusted (also with a #route or ?query)', () => {
  assert.equal(isTrustedSender(popup, trusted), true);
  assert.equal(isTrustedSender({ ...popup, frameUrl: `${trusted.fileUrl}#/settings` }, trusted), true);
  assert.equal(isTrustedSender({ ...popup, frameUrl: `${trusted.fileUrl}?lang=ja` }, trusted), true);
});

test('another webContents, an iframe, or a frame that is gone is refused', () => {
  assert.equal(isTrustedSender({ ...popup, webContentsId: 8 }, trusted), false);
  assert.equal(isTrustedSender(popup, { ...trusted, webContentsId: undefined }), false, 'no popup yet');
  assert.equal(isTrustedSender({ ...popup, isMainFrame: false }, trusted), false);
  assert.equal(isTrustedSender({ ...popup, frameUrl: null }, trusted), false);
  assert.equal(isTrustedSender({ ...popup, frameUrl: undefined }, trusted), false);
});

test('other URLs are refused: web pages, other files, look-alike paths, file URLs with a host', () => {
  const refused = [
    'https://example.com/',
    'http://localhost:5173/',
    'devtools://devtools/bundled/inspector.html',
    'about:blank',
    'data:text/html,<script>1</script>',
    pathToFileURL(path.join(appRoot, 'renderer', 'dist', 'other.html')).href,
    pathToFileURL(path.join(appRoot, 'renderer', 'index.html')).href,
    pathToFileURL('/tmp/index.html').href,
    pathToFileURL(path.join(appRoot, 'renderer', 'dist', 'index.html.evil')).href,
    trusted.fileUrl.replace('file:///', 'file://evil.example/'),
    `${pathToFileURL(path.join(appRoot, 'renderer', 'dist')).href}/../../evil/dist/index.html`,
    'not a url',
    '',
  ];
  for (const frameUrl of refused) {
    assert.equal(isTrustedSender({ ...popup, frameUrl }, trusted), false, frameUrl);
  }
});

test('isRendererUrl resolves dot segments and tolerates a different percent-encoding of the same path', () => {
  const dotted = `${pathToFileURL(path.join(appRoot, 'renderer')).href}/x/../dist/index.html`;
  assert.equal(isRendererUrl(dotted, trusted.fileUrl), true);
  // Chromium may leave characters unescaped that Node escapes, or the other way round.
  assert.equal(isRendererUrl(trusted.fileUrl.replace('%20', ' '), trusted.fileUrl), true);
  assert.equal(isRendererUrl(trusted.fileUrl.replace('mfa%20tray', 'mfa%2'), trusted.fileUrl), false);
});

/** Handlers that record their calls; only the ones a test uses matter. */
function recordingHandlers(calls: { channel: string; args: unknown[] }[]): RequestResponseChannels {
  const ok = <T>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value });
  return {
    'app:info': () => ok({ version: '1.0.0', platform: 'linux', prompt: null }),
    'profiles:list': () => ok([]),
    'profiles:add': (...args) => (
      calls.push({ channel: 'profiles:add', args }),
      Promise.reject(new Error('x'))
    ),
    'profiles:update': () => Promise.reject(new Error('unused')),
    'profiles:remove': (...args) => (calls.push({ channel: 'profiles:remove', args }), ok(null)),
    'profiles:detect-serial': () => Promise.reject(new Error('unused')),
    'profiles:import-candidates': () => ok([]),
    'profiles:import': () => Promise.reject(new Error('unused')),
    'session:login': (...args) => (calls.push({ channel: 'session:login', args }), ok(null as never)),
    'session:logout': () => ok(null),
    'prompt:open': () => Promise.reject(new Error('unused')),
    'prompt:cancel': () => ok(null),
    'settings:get': () => Promise.reject(new Error('unused')),
    'settings:update': () => Promise.reject(new Error('unused')),
    'window:hide': () => ok(null),
    'app:quit': () => ok(null),
    'app:help': () => ok(null),
    'session:login-built-in': () => Promise.reject(new Error('unused')),
    'mfa:list': () => Promise.reject(new Error('unused')),
    'mfa:create': () => Promise.reject(new Error('unused')),
    'mfa:enable': () => Promise.reject(new Error('unused')),
    'mfa:abandon': () => Promise.reject(new Error('unused')),
    'mfa:resync': () => Promise.reject(new Error('unused')),
    'mfa:describe-removal': () => Promise.reject(new Error('unused')),
    'mfa:remove': () => Promise.reject(new Error('unused')),
    'mfa:authenticator': () => Promise.reject(new Error('unused')),
    'soracom:add': () => Promise.reject(new Error('unused')),
    'soracom:update': () => Promise.reject(new Error('unused')),
    'soracom:login': () => Promise.reject(new Error('unused')),
    'soracom:mfa-enable': () => Promise.reject(new Error('unused')),
    'soracom:mfa-verify': () => Promise.reject(new Error('unused')),
    'soracom:mfa-status': () => Promise.reject(new Error('unused')),
    'rotation:key-ages': () => Promise.reject(new Error('unused')),
    'rotation:status': () => Promise.reject(new Error('unused')),
    'rotation:rotate': () => Promise.reject(new Error('unused')),
    'rotation:finish': () => Promise.reject(new Error('unused')),
    'funnel:status': () => Promise.reject(new Error('unused')),
    'funnel:plan': () => Promise.reject(new Error('unused')),
    'funnel:rotate': () => Promise.reject(new Error('unused')),
    'funnel:resume': () => Promise.reject(new Error('unused')),
    'funnel:rollback': () => Promise.reject(new Error('unused')),
    'funnel:finish': () => Promise.reject(new Error('unused')),
  };
}

test('dispatchRequest: checks the sender, validates, then calls the handler with the clean arguments', async () => {
  const calls: { channel: string; args: unknown[] }[] = [];
  const context = { handlers: recordingHandlers(calls), trusted };

  assert.deepEqual(await dispatchRequest('profiles:remove', popup, ['dev'], context), {
    ok: true,
    value: null,
  });
  await dispatchRequest('session:login', popup, [{ name: 'dev', code: ' 123 456 ' }], context);
  assert.deepEqual(calls, [
    { channel: 'profiles:remove', args: ['dev'] },
    { channel: 'session:login', args: [{ name: 'dev', code: '123456' }] },
  ]);

  await assert.rejects(
    dispatchRequest('profiles:remove', { ...popup, webContentsId: 99 }, ['dev'], context),
    UntrustedSenderError,
  );
  await assert.rejects(
    dispatchRequest('profiles:list', { ...popup, frameUrl: 'https://evil.example/' }, [], context),
    UntrustedSenderError,
  );
  assert.equal(calls.length, 2, 'an untrusted sender reaches no handler');
});

test('dispatchRequest: invalid arguments come back as invalid-input without echoing the value', async () => {
  const calls: { channel: string; args: unknown[] }[] = [];
  const context = { handlers: recordingHandlers(calls), trusted };
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const result = await dispatchRequest(
    'profiles:add',
    popup,
    [{ name: 'dev', accessKeyId: 'nope', secretAccessKey: secret }],
    context,
  );
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.error.kind, 'invalid-input');
  assert.ok(!JSON.stringify(result).includes(secret));
  assert.equal((await dispatchRequest('profiles:list', popup, ['extra'], context)).ok, false, 'arity');
  assert.equal((await dispatchRequest('profiles:remove', popup, ['../etc'], context)).ok, false);
  assert.equal(calls.length, 0);
});

test('dispatchRequest: a handler that throws yields an internal error with no detail', async () => {
  const calls: { channel: string; args: unknown[] }[] = [];
  const context = { handlers: recordingHandlers(calls), trusted };
  const result = await dispatchRequest(
    'profiles:add',
    popup,
    [
      {
        name: 'dev',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
    ],
    context,
  );
  assert.deepEqual(result, {
    ok: false,
    error: {
      kind: 'internal',
      message: 'Something went wrong inside mfa-tray.',
      hint: 'Try again; if it keeps happening, restart the app.',
    },
  });
});
