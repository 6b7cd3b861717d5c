import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MfaTrayError } from '../../src/core/errors';
import { validateChannelArgs } from '../../src/main/channels';
import type { RequestChannel } from '../../src/shared/ipc-contract';

const SERIAL = 'arn:aws:iam::123456789012:mfa/dev-phone';
const HARDWARE_SERIAL = 'GAHT12345678';

function rejects(channel: RequestChannel, args: unknown[], what: string): MfaTrayError {
  try {
    validateChannelArgs(channel, args);
  } catch (error) {
    assert.ok(error instanceof MfaTrayError, what);
    assert.equal(error.kind, 'invalid-input', what);
    return error;
  }
  assert.fail(`${channel} accepted ${what}`);
}

test('mfa:create: device names as IAM takes them ([\\w+=,.@-], 1–226), IAM paths, nothing else', () => {
  assert.deepEqual(validateChannelArgs('mfa:create', [{ name: 'dev', deviceName: 'alice-phone_1+=,.@' }]), [
    { name: 'dev', deviceName: 'alice-phone_1+=,.@' },
  ]);
  assert.deepEqual(
    validateChannelArgs('mfa:create', [{ name: 'dev', deviceName: 'x'.repeat(226), path: '/team/' }]),
    [{ name: 'dev', deviceName: 'x'.repeat(226), path: '/team/' }],
  );
  // An empty path field is "not given" (the default, /).
  assert.deepEqual(validateChannelArgs('mfa:create', [{ name: 'dev', deviceName: 'a', path: '' }]), [
    { name: 'dev', deviceName: 'a' },
  ]);
  for (const deviceName of ['', 'x'.repeat(227), 'has space', 'slash/inside', 'ünicode', 42, null]) {
    const error = rejects('mfa:create', [{ name: 'dev', deviceName }], `device name ${String(deviceName)}`);
    assert.match(error.message, /device name/);
    if (typeof deviceName === 'string' && deviceName.length > 0)
      assert.ok(!error.message.includes(deviceName), 'the message does not repeat the input');
  }
  for (const path of ['team', '/team', 'team/', '/a b/', 7]) {
    rejects('mfa:create', [{ name: 'dev', deviceName: 'a', path }], `path ${String(path)}`);
  }
  rejects('mfa:create', [{ name: '../x', deviceName: 'a' }], 'a bad profile name');
  rejects('mfa:create', [{ name: 'dev', deviceName: 'a', seed: 'JBSWY3DPEHPK3PXP' }], 'an unknown field');
  rejects('mfa:create', [{ name: 'dev', deviceName: 'a' }, 'extra'], 'an extra argument');
});

test('mfa:enable: a virtual device ARN, two 6-digit codes (pasted ones normalised), an optional opt-in', () => {
  assert.deepEqual(
    validateChannelArgs('mfa:enable', [
      {
        name: 'dev',
        serialNumber: SERIAL,
        code1: ' 123 456 ',
        code2: '654-321\n',
        builtInAuthenticator: true,
      },
    ]),
    [{ name: 'dev', serialNumber: SERIAL, code1: '123456', code2: '654321', builtInAuthenticator: true }],
  );
  const ok = { name: 'dev', serialNumber: SERIAL, code1: '123456', code2: '654321' };
  assert.deepEqual(validateChannelArgs('mfa:enable', [ok]), [ok]);
  rejects('mfa:enable', [{ ...ok, serialNumber: HARDWARE_SERIAL }], 'a hardware serial');
  rejects('mfa:enable', [{ ...ok, serialNumber: 'arn:aws:iam::1:mfa/x' }], 'a short account id');
  rejects('mfa:enable', [{ ...ok, code1: '12345' }], 'five digits');
  rejects('mfa:enable', [{ ...ok, code2: 654321 }], 'a number');
  rejects('mfa:enable', [{ ...ok, code2: '1'.repeat(40) }], 'a long string');
  rejects('mfa:enable', [{ ...ok, builtInAuthenticator: 'yes' }], 'a non-boolean opt-in');
  // The seed never travels renderer → main.
  rejects('mfa:enable', [{ ...ok, seedBase32: 'JBSWY3DPEHPK3PXP' }], 'a seed');
});

test('mfa:abandon only names a virtual device; describe-removal and remove take hardware serials too', () => {
  assert.deepEqual(validateChannelArgs('mfa:abandon', [{ name: 'dev', serialNumber: SERIAL }]), [
    { name: 'dev', serialNumber: SERIAL },
  ]);
  rejects('mfa:abandon', [{ name: 'dev', serialNumber: HARDWARE_SERIAL }], 'a hardware serial');
  assert.deepEqual(
    validateChannelArgs('mfa:describe-removal', [{ name: 'dev', serialNumber: HARDWARE_SERIAL }]),
    [{ name: 'dev', serialNumber: HARDWARE_SERIAL }],
  );
  assert.deepEqual(
    validateChannelArgs('mfa:remove', [{ name: 'dev', serialNumber: SERIAL, confirmedCurrent: true }]),
    [{ name: 'dev', serialNumber: SERIAL, confirmedCurrent: true }],
  );
  rejects('mfa:remove', [{ name: 'dev', serialNumber: SERIAL, confirmedCurrent: 1 }], 'a non-boolean');
  rejects('mfa:remove', [{ name: 'dev', serialNumber: 'not a serial' }], 'a bad serial');
});

test('mfa:resync: the serial is optional (the login device), the codes are not', () => {
  assert.deepEqual(validateChannelArgs('mfa:resync', [{ name: 'dev', code1: '111111', code2: '222222' }]), [
    { name: 'dev', code1: '111111', code2: '222222' },
  ]);
  rejects('mfa:resync', [{ name: 'dev', code1: '111111' }], 'one code');
});

test('mfa:authenticator can only turn the built-in authenticator off; list and login-built-in take a name', () => {
  assert.deepEqual(validateChannelArgs('mfa:authenticator', [{ name: 'dev', enabled: false }]), [
    { name: 'dev', enabled: false },
  ]);
  const on = rejects('mfa:authenticator', [{ name: 'dev', enabled: true }], 'turning it on');
  assert.match(on.details.hint ?? '', /setting up/);
  rejects('mfa:authenticator', [{ name: 'dev' }], 'no enabled field');
  assert.deepEqual(validateChannelArgs('mfa:list', ['dev']), ['dev']);
  assert.deepEqual(validateChannelArgs('session:login-built-in', ['dev']), ['dev']);
  rejects('mfa:list', [{ name: 'dev' }], 'an object for a name');
  rejects('session:login-built-in', ['dev', '123456'], 'a code');
});

test('SORACOM channels: shapes checked, secrets never in the message, emptied code command means remove', () => {
  const secret = 'pass word !"#$%&';
  assert.deepEqual(
    validateChannelArgs('soracom:add', [
      {
        name: 'sora',
        email: ' a@example.com ',
        secret,
        coverage: 'g',
        tokenTimeoutSeconds: 3600,
        codeCommand: '',
      },
    ]),
    [{ name: 'sora', email: 'a@example.com', secret, coverage: 'g', tokenTimeoutSeconds: 3600 }],
  );
  rejects('soracom:add', [{ name: 'sora', email: 'a@example.com' }], 'no secret');
  const multiline = rejects(
    'soracom:add',
    [{ name: 'sora', email: 'a@example.com', secret: 'a\nb' }],
    'two lines',
  );
  assert.ok(!multiline.message.includes('a\nb'));
  rejects('soracom:add', [{ name: 'sora', email: 'a@example.com', secret, coverage: 'eu' }], 'coverage');
  rejects(
    'soracom:add',
    [{ name: 'sora', email: 'a@example.com', secret, tokenTimeoutSeconds: 179 }],
    'timeout',
  );
  rejects(
    'soracom:add',
    [{ name: 'sora', email: 'a@example.com', secret, endpoint: 'http://x' }],
    'endpoint',
  );
  assert.deepEqual(validateChannelArgs('soracom:update', [{ name: 'sora', codeCommand: '' }]), [
    { name: 'sora', codeCommand: null },
  ]);
  assert.deepEqual(validateChannelArgs('soracom:update', [{ name: 'sora' }]), [{ name: 'sora' }]);
  assert.deepEqual(validateChannelArgs('soracom:mfa-verify', [{ name: 'sora', code: '123 456' }]), [
    { name: 'sora', code: '123456' },
  ]);
  rejects('soracom:mfa-verify', [{ name: 'sora', code: '12345' }], 'five digits');
  assert.deepEqual(validateChannelArgs('soracom:login', ['sora']), ['sora']);
  rejects('soracom:mfa-enable', ['sora', 'extra'], 'two arguments');
});
