import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAwsError, ServerClockProbe } from '../../src/core/aws-client';
import { translateKeychainError } from '../../src/core/keychain/keytar-store';

const T = Date.parse('2026-11-23T12:00:10Z');
const awsError = (name: string, message: string, status: number, fault: 'client' | 'server' = 'client') =>
  Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: status } });

test('AWS error answers become errors a person can act on', () => {
  const ctx = { operation: 'Logging in', now: () => T };
  const wrong = classifyAwsError(
    awsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ', 403),
    ctx,
  );
  assert.equal(wrong.kind, 'wrong-code');
  assert.equal(wrong.details.secondsUntilNextCode, 20);

  const serial = classifyAwsError(
    awsError(
      'AccessDenied',
      'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
      403,
    ),
    ctx,
  );
  assert.equal(serial.kind, 'invalid-serial');

  assert.equal(
    classifyAwsError(
      awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
      ctx,
    ).kind,
    'invalid-base-key',
  );
  assert.equal(classifyAwsError(awsError('SignatureDoesNotMatch', 'x', 403), ctx).kind, 'invalid-base-key');
  assert.equal(classifyAwsError(awsError('Throttling', 'Rate exceeded', 400), ctx).kind, 'throttled');
  assert.equal(classifyAwsError(awsError('ServiceUnavailable', 'x', 503, 'server'), ctx).kind, 'server');
  assert.equal(
    classifyAwsError(awsError('AccessDenied', 'not authorized to perform iam:ListMFADevices', 403), ctx).kind,
    'access-denied',
  );
  const network = classifyAwsError(
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    ctx,
  );
  assert.equal(network.kind, 'network');
  assert.match(network.message, /could not reach AWS/);
});

test('a refused code with the server clock far off is explained as clock skew', () => {
  const probe = new ServerClockProbe(() => T);
  probe.record(new Date(T - 47_000).toUTCString());
  assert.equal(probe.offsetSeconds, 47);
  const error = classifyAwsError(
    awsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ', 403),
    { operation: 'Logging in', probe, now: () => T },
  );
  assert.equal(error.kind, 'clock-skew');
  assert.equal(error.details.clockOffsetSeconds, 47);
  assert.match(error.message, /47 s ahead of AWS/);

  const small = new ServerClockProbe(() => T);
  small.record(new Date(T - 3_000).toUTCString());
  assert.equal(small.isSkewed(), false);
});

test('keychain failures name what to do: locked vs unreachable', () => {
  const locked = translateKeychainError(new Error('Cannot create an item in a locked collection'));
  assert.equal(locked.kind, 'keychain-locked');
  assert.match(locked.toOneLine(), /keychain is locked\. Unlock/);
  const missing = translateKeychainError(
    new Error('The name org.freedesktop.secrets was not provided by any .service files'),
  );
  assert.equal(missing.kind, 'keychain-unavailable');
  assert.match(missing.toOneLine(), /not available \(The name org\.freedesktop\.secrets.*\)\. /);
});
