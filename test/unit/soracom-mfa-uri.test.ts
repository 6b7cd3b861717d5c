import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MfaTrayError } from '../../src/core/errors';
import { parseTotpUri } from '../../src/core/soracom/mfa';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

test('totpUri: issuer, account, period, digits and algorithm are read, not assumed', () => {
  assert.deepEqual(
    parseTotpUri(
      `otpauth://totp/SORACOM:alice%40example.com?secret=${SECRET}&issuer=SORACOM&period=60&digits=8&algorithm=sha256`,
    ),
    {
      secret: SECRET,
      issuer: 'SORACOM',
      account: 'alice@example.com',
      period: 60,
      digits: 8,
      algorithm: 'SHA256',
    },
  );
});

test('totpUri: defaults of the key-uri format; issuer from the label; lower-case padded secret', () => {
  assert.deepEqual(parseTotpUri(`otpauth://totp/SORACOM%20Console:bob?secret=${SECRET.toLowerCase()}==`), {
    secret: SECRET,
    issuer: 'SORACOM Console',
    account: 'bob',
    period: 30,
    digits: 6,
    algorithm: 'SHA1',
  });
  assert.equal(parseTotpUri(`otpauth://totp/justme?secret=${SECRET}`).account, 'justme');
  assert.equal(parseTotpUri(`otpauth://totp/justme?secret=${SECRET}`).issuer, undefined);
});

test('totpUri: not otpauth://totp, no secret, odd digits → typed error', () => {
  for (const bad of [
    'https://example.com/?secret=' + SECRET,
    `otpauth://hotp/x?secret=${SECRET}`,
    'otpauth://totp/x?issuer=SORACOM',
    `otpauth://totp/x?secret=${SECRET}&digits=4`,
    'not a uri',
  ]) {
    assert.throws(
      () => parseTotpUri(bad),
      (e: unknown) => e instanceof MfaTrayError && e.kind === 'server',
      bad,
    );
  }
});
