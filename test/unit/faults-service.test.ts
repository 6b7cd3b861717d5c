import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseCode } from '../../src/core/totp';
import { quoteInput } from '../../src/core/errors';
import { classifyAwsError } from '../../src/core/aws-client';
import { networkTimeouts } from '../../src/core/network-timeouts';

test('full-width digits, spaces and hyphens (a Japanese input method) are a code too', () => {
  assert.equal(normaliseCode('１２３４５６'), '123456');
  assert.equal(normaliseCode('１２３\u3000４５６'), '123456');
  assert.equal(normaliseCode('１２３－４５６'), '123456');
  assert.equal(normaliseCode('１２３４５'), undefined);
  assert.equal(normaliseCode('١٢٣٤٥٦'), undefined);
});

test('user input quoted in a message is cut at 64 characters', () => {
  assert.equal(quoteInput('short'), 'short');
  assert.equal(quoteInput('a'.repeat(64)), 'a'.repeat(64));
  assert.equal(quoteInput('a'.repeat(10_000)), `${'a'.repeat(64)}…`);
  // Cut by characters, never inside a surrogate pair.
  assert.equal(quoteInput('😀'.repeat(65)), `${'😀'.repeat(64)}…`);
});

test('a timed-out or aborted request is a "timeout" naming the endpoint and the limit', () => {
  for (const error of [
    Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }),
    Object.assign(new Error('a request has exceeded the configured 1500 ms requestTimeout.'), {
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
    }),
  ]) {
    const classified = classifyAwsError(error, {
      operation: 'Logging in',
      endpoint: 'https://sts.eu-west-1.amazonaws.com',
      timeoutMs: 30_000,
    });
    assert.equal(classified.kind, 'timeout');
    assert.equal(classified.details.endpoint, 'https://sts.eu-west-1.amazonaws.com');
    assert.equal(classified.details.timeoutMs, 30_000);
    assert.equal(
      classified.message,
      'Logging in: https://sts.eu-west-1.amazonaws.com did not answer within 30 s.',
    );
  }
});

test('network timeouts: 10 s connect and 30 s total unless the environment says otherwise', () => {
  assert.deepEqual(networkTimeouts({}), { connectMs: 10_000, totalMs: 30_000 });
  assert.deepEqual(networkTimeouts({ MFA_TRAY_NETWORK_TIMEOUT_MS: '1500' }), {
    connectMs: 1500,
    totalMs: 1500,
  });
  assert.deepEqual(networkTimeouts({ MFA_TRAY_NETWORK_TIMEOUT_MS: 'x', MFA_TRAY_CONNECT_TIMEOUT_MS: '-1' }), {
    connectMs: 10_000,
    totalMs: 30_000,
  });
});
