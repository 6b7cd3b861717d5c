import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHANNELS, isRequestChannel, REQUEST_CHANNELS } from '../../src/main/channels';
import { dispatch, UntrustedSenderError, type ChannelHandlers } from '../../src/main/dispatch';
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

/** Handlers that record their calls; only the ones a test uses matter (the rest throw). */
function recordingHandlers(calls: { channel: string; args: unknown[] }[]): ChannelHandlers {
  const handlers: Record<string, (...args: unknown[]) => unknown> = {};
  for (const channel of REQUEST_CHANNELS) {
    handlers[channel] = () => Promise.reject(new Error('unused'));
  }
  handlers['profiles:add'] = (...args) => (
    calls.push({ channel: 'profiles:add', args }),
    Promise.reject(new Error('x'))
  );
  handlers['profiles:remove'] = (...args) => (calls.push({ channel: 'profiles:remove', args }), null);
  handlers['session:login'] = (...args) => (calls.push({ channel: 'session:login', args }), null);
  handlers['profiles:list'] = () => [];
  return handlers as unknown as ChannelHandlers;
}

/** One IPC request as ipc.ts makes it: the sender checked against the popup, then the one dispatch. */
function request(
  channel: string,
  sender: IpcSender,
  args: unknown[],
  context: { handlers: ChannelHandlers; trusted: TrustedRenderer; unexpected?: unknown[] },
) {
  return dispatch(channel, args, {
    handlers: context.handlers,
    isTrustedSender: () => isTrustedSender(sender, context.trusted),
    onUnexpectedError: (error) => context.unexpected?.push(error),
  });
}

test('dispatch: checks the sender, validates, then calls the handler with the clean arguments', async () => {
  const calls: { channel: string; args: unknown[] }[] = [];
  const context = { handlers: recordingHandlers(calls), trusted };

  assert.deepEqual(await request('profiles:remove', popup, ['dev'], context), {
    ok: true,
    value: null,
  });
  await request('session:login', popup, [{ name: 'dev', code: ' 123 456 ' }], context);
  assert.deepEqual(calls, [
    { channel: 'profiles:remove', args: ['dev'] },
    { channel: 'session:login', args: [{ name: 'dev', code: '123456' }] },
  ]);

  await assert.rejects(
    request('profiles:remove', { ...popup, webContentsId: 99 }, ['dev'], context),
    UntrustedSenderError,
  );
  await assert.rejects(
    request('profiles:list', { ...popup, frameUrl: 'https://evil.example/' }, [], context),
    UntrustedSenderError,
  );
  assert.equal(calls.length, 2, 'an untrusted sender reaches no handler');
});

test('dispatch: invalid arguments come back as invalid-input without echoing the value', async () => {
  const calls: { channel: string; args: unknown[] }[] = [];
  const unexpected: unknown[] = [];
  const context = { handlers: recordingHandlers(calls), trusted, unexpected };
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const result = await request(
    'profiles:add',
    popup,
    [{ name: 'dev', accessKeyId: 'nope', secretAccessKey: secret }],
    context,
  );
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.error.kind, 'invalid-input');
  assert.equal(result.error.field, 'accessKeyId');
  assert.equal(result.error.rule, 'access-key-id');
  assert.ok(!JSON.stringify(result).includes(secret));
  assert.equal((await request('profiles:list', popup, ['extra'], context)).ok, false, 'arity');
  assert.equal((await request('profiles:remove', popup, ['../etc'], context)).ok, false);
  assert.equal((await request('profiles:remove', popup, 'dev' as never, context)).ok, false, 'not an array');
  const unknown = await request('keys:export', popup, [], context);
  assert.deepEqual(unknown, { ok: false, error: { kind: 'invalid-input', message: 'Unknown request.' } });
  assert.equal(calls.length, 0);
  assert.deepEqual(unexpected, [], 'invalid input is not a bug');
});

test('dispatch: a handler that throws yields an internal error with no detail, reported once', async () => {
  const calls: { channel: string; args: unknown[] }[] = [];
  const unexpected: unknown[] = [];
  const context = { handlers: recordingHandlers(calls), trusted, unexpected };
  const result = await request(
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
  assert.equal(unexpected.length, 1);
});

test('the channel map: every channel of the contract, each with its arity', () => {
  assert.equal(REQUEST_CHANNELS.length, new Set(REQUEST_CHANNELS).size);
  for (const channel of REQUEST_CHANNELS) {
    assert.ok(isRequestChannel(channel));
    assert.ok([0, 1, 2].includes(CHANNELS[channel].arity), channel);
  }
  assert.ok(!isRequestChannel('toString'), 'no inherited names');
  assert.ok(!isRequestChannel('constructor'));
});
