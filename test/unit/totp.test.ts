import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateCode, hashCode, normaliseCode, secondsUntilNextCode } from '../../src/core/totp';

test('codes are normalised from what people paste, and anything else is refused', () => {
  assert.equal(normaliseCode('123456'), '123456');
  assert.equal(normaliseCode(' 123 456\n'), '123456');
  assert.equal(normaliseCode('123-456'), '123456');
  assert.equal(normaliseCode('12345'), undefined);
  assert.equal(normaliseCode('1234567'), undefined);
  assert.equal(normaliseCode('12345a'), undefined);
  assert.equal(normaliseCode(''), undefined);
});

test('seconds until the next code counts down 30..1 within a window', () => {
  const windowStart = 1_700_000_010_000; // a multiple of 30 s
  assert.equal(windowStart % 30_000, 0);
  assert.equal(secondsUntilNextCode(windowStart), 30);
  assert.equal(secondsUntilNextCode(windowStart + 999), 30);
  assert.equal(secondsUntilNextCode(windowStart + 1_000), 29);
  assert.equal(secondsUntilNextCode(windowStart + 29_999), 1);
});

test('generateCode matches the RFC 6238 SHA-1 test vectors (what a phone computes)', async () => {
  // RFC 6238 Appendix B, seed "12345678901234567890" in base32, 6-digit truncation of the 8-digit vectors.
  const seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.equal(await generateCode(seed, 59_000), '287082');
  assert.equal(await generateCode(seed, 1_111_111_109_000), '081804');
  assert.equal(await generateCode(seed, 1_234_567_890_000), '005924');
});

test('used codes are remembered only as a hash bound to the device', () => {
  const a = hashCode('arn:aws:iam::123456789012:mfa/a', '123456');
  assert.notEqual(a, hashCode('arn:aws:iam::123456789012:mfa/b', '123456'));
  assert.ok(!a.includes('123456'));
});
