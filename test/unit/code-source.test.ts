import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chooseCodeSource, codeWithoutPerson } from '../../src/core/codes/code-source';
import { formatCodeCommand, parseCodeCommand, runCodeCommand } from '../../src/core/codes/code-command';
import { isMfaTrayError } from '../../src/core/errors';

const FAKE = path.join(__dirname, '..', 'support', 'fakes', 'totp-command.js');
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

test('the code source is chosen in one order: given, built-in, command, app, terminal, none', () => {
  const none = { builtInAuthenticator: false, appAvailable: false, terminal: false };
  assert.deepEqual(chooseCodeSource({ ...none, given: '123456', builtInAuthenticator: true }), {
    from: 'given',
    code: '123456',
  });
  assert.deepEqual(chooseCodeSource({ ...none, builtInAuthenticator: true, codeCommand: ['x'] }), {
    from: 'authenticator',
  });
  assert.deepEqual(chooseCodeSource({ ...none, codeCommand: ['op'], appAvailable: true }), {
    from: 'command',
    argv: ['op'],
  });
  assert.deepEqual(chooseCodeSource({ ...none, appAvailable: true, terminal: true }), { from: 'app' });
  assert.deepEqual(chooseCodeSource({ ...none, terminal: true }), { from: 'terminal' });
  assert.deepEqual(chooseCodeSource(none), { from: 'none' });
  assert.equal(codeWithoutPerson({ builtInAuthenticator: false, codeCommand: ['op'] }), true);
  assert.equal(codeWithoutPerson({ builtInAuthenticator: false }), false);
});

test('a code command is split like shell words, without a shell', () => {
  assert.deepEqual(parseCodeCommand(`op item get "AWS work" --otp`), [
    'op',
    'item',
    'get',
    'AWS work',
    '--otp',
  ]);
  assert.deepEqual(parseCodeCommand(`ykman oath accounts code --single 'AWS:alice'`), [
    'ykman',
    'oath',
    'accounts',
    'code',
    '--single',
    'AWS:alice',
  ]);
  assert.deepEqual(parseCodeCommand('pass otp $HOME/x'), ['pass', 'otp', '$HOME/x']);
  assert.deepEqual(parseCodeCommand(formatCodeCommand(['a b', "it's", '$X'])), ['a b', "it's", '$X']);
  for (const bad of ['op item get x | head -1', 'a; b', 'a > f', 'a && b', '', '   ']) {
    assert.throws(
      () => parseCodeCommand(bad),
      (e) => isMfaTrayError(e, 'invalid-input') && e.details.field === 'codeCommand',
      bad,
    );
  }
});

test('running a code command: its code, its failure with stderr passed on, junk, a hang, a missing program', async () => {
  const env = { ...process.env, TEST_TOTP_SEED: SEED };
  const code = await runCodeCommand([process.execPath, FAKE], { env });
  assert.match(code, /^\d{6}$/);

  let stderr = '';
  await assert.rejects(
    runCodeCommand([process.execPath, FAKE], {
      env: { ...env, TEST_TOTP_MODE: 'fail' },
      onStderr: (d) => (stderr += d),
    }),
    (e) =>
      isMfaTrayError(e, 'code-command-failed') && e.details.reason === 'exit' && e.details.exitCode === 3,
  );
  assert.equal(stderr, '[ERROR] vault is locked\n');
  await assert.rejects(
    runCodeCommand([process.execPath, FAKE], { env: { ...env, TEST_TOTP_MODE: 'junk' } }),
    (e) => isMfaTrayError(e, 'code-command-failed') && e.details.reason === 'output',
  );
  const started = Date.now();
  await assert.rejects(
    runCodeCommand([process.execPath, FAKE], { env: { ...env, TEST_TOTP_MODE: 'hang' }, timeoutMs: 500 }),
    (e) => isMfaTrayError(e, 'code-command-failed') && e.details.reason === 'timeout',
  );
  assert.ok(Date.now() - started < 5000, 'a hanging command is stopped at its timeout');
  await assert.rejects(
    runCodeCommand(['/nonexistent/authenticator']),
    (e) => isMfaTrayError(e, 'code-command-failed') && e.details.reason === 'not-found',
  );
});
