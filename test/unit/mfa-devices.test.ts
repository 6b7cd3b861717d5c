import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MfaTrayError } from '../../src/core/errors';
import {
  callWithIamAccess,
  classifyIamMfaError,
  type CredentialKind,
  type IamAccess,
  type IamPermission,
} from '../../src/core/mfa-devices';
import {
  formatSeedForTyping,
  normaliseSeed,
  otpauthUri,
  parseOtpauthUri,
  seedFromAwsBlob,
} from '../../src/core/otpauth';
import type { AwsCredentialsInput } from '../../src/core/aws-client';

const BASE = { accessKeyId: 'AKIAUNITTESTKEY00001', secretAccessKey: 'base-secret' };
const SESSION = {
  accessKeyId: 'ASIAUNITTESTSESSION1',
  secretAccessKey: 'session-secret',
  sessionToken: 'token',
  expiration: '2099-01-01T00:00:00Z',
};
const PERMISSION: IamPermission = {
  action: 'iam:DeactivateMFADevice',
  resource: 'arn:aws:iam::123456789012:user/alice',
  what: 'deactivate the MFA device',
};

function denied(): MfaTrayError {
  return new MfaTrayError('access-denied', 'denied by AWS', { awsCode: 'AccessDenied' });
}

/** A typed fake of the two credential sources, and an IAM call that AWS answers per credential kind. */
function scenario(options: {
  session: boolean;
  hasMfaDevice?: boolean;
  sessionFirst?: boolean;
  answers: Partial<Record<CredentialKind, 'ok' | 'denied' | 'throttled'>>;
}) {
  const tried: CredentialKind[] = [];
  const access: IamAccess = {
    profile: 'work',
    hasMfaDevice: options.hasMfaDevice ?? true,
    baseKeys: () => Promise.resolve(BASE),
    mfaSession: () => Promise.resolve(options.session ? SESSION : undefined),
    sessionFirst: options.sessionFirst,
  };
  const call = (credentials: AwsCredentialsInput, via: CredentialKind): Promise<string> => {
    tried.push(via);
    assert.equal(credentials.accessKeyId, via === 'base-keys' ? BASE.accessKeyId : SESSION.accessKeyId);
    const answer = options.answers[via];
    if (answer === 'ok') return Promise.resolve(`done with ${via}`);
    if (answer === 'throttled') return Promise.reject(new MfaTrayError('throttled', 'slow down'));
    return Promise.reject(denied());
  };
  return { tried, run: () => callWithIamAccess(access, PERMISSION, call) };
}

async function rejection(promise: Promise<unknown>): Promise<MfaTrayError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MfaTrayError);
    return error;
  }
  assert.fail('expected a rejection');
}

test('IAM calls use the long-term keys when they are allowed', async () => {
  const s = scenario({ session: true, answers: { 'base-keys': 'ok' } });
  assert.deepEqual(await s.run(), { value: 'done with base-keys', via: 'base-keys' });
  assert.deepEqual(s.tried, ['base-keys']);
});

test('when the policy requires MFA for IAM, the MFA session is used instead', async () => {
  const s = scenario({ session: true, answers: { 'base-keys': 'denied', 'mfa-session': 'ok' } });
  assert.deepEqual(await s.run(), { value: 'done with mfa-session', via: 'mfa-session' });
  assert.deepEqual(s.tried, ['base-keys', 'mfa-session']);
});

test('denied with the keys and no session: "log in first", naming the permission', async () => {
  const s = scenario({ session: false, answers: { 'base-keys': 'denied' } });
  const error = await rejection(s.run());
  assert.equal(error.kind, 'mfa-session-required');
  assert.match(
    error.message,
    /refused to deactivate the MFA device with the long-term keys of "work".*requires MFA/,
  );
  assert.match(
    error.details.hint ?? '',
    /mfa-tray login work.*iam:DeactivateMFADevice on arn:aws:iam::123456789012:user\/alice/,
  );
  assert.equal(error.details.awsCode, 'AccessDenied');
});

test('denied with the keys and with the session: the user is not allowed, and which policy is needed', async () => {
  const s = scenario({ session: true, answers: { 'base-keys': 'denied', 'mfa-session': 'denied' } });
  const error = await rejection(s.run());
  assert.equal(error.kind, 'access-denied');
  assert.match(
    error.message,
    /not allowed to deactivate the MFA device: .*long-term keys and with the MFA session/,
  );
  assert.match(
    error.details.hint ?? '',
    /allows iam:DeactivateMFADevice on arn:aws:iam::123456789012:user\/alice/,
  );
});

test('denied with the keys and no MFA device to log in with: no "log in first" advice', async () => {
  const s = scenario({ session: false, hasMfaDevice: false, answers: { 'base-keys': 'denied' } });
  const error = await rejection(s.run());
  assert.equal(error.kind, 'access-denied');
  assert.match(error.message, /no MFA device to log in with/);
  assert.doesNotMatch(error.toOneLine(), /mfa-tray login/);
});

test('other failures are not retried with the session', async () => {
  const s = scenario({ session: true, answers: { 'base-keys': 'throttled', 'mfa-session': 'ok' } });
  assert.equal((await rejection(s.run())).kind, 'throttled');
  assert.deepEqual(s.tried, ['base-keys']);
});

test('once the keys were found denied, the session goes first (and the keys are still the fallback)', async () => {
  const first = scenario({ session: true, sessionFirst: true, answers: { 'mfa-session': 'ok' } });
  assert.equal((await first.run()).via, 'mfa-session');
  assert.deepEqual(first.tried, ['mfa-session']);
  const expired = scenario({ session: false, sessionFirst: true, answers: { 'base-keys': 'ok' } });
  assert.equal((await expired.run()).via, 'base-keys');
});

test('IAM MFA errors are classified for people', () => {
  const ctx = { operation: 'Enabling', now: () => Date.UTC(2026, 0, 1, 0, 0, 10) };
  const codes = classifyIamMfaError(
    Object.assign(new Error('Authentication code for device is not valid.'), {
      name: 'InvalidAuthenticationCodeException',
      $metadata: { httpStatusCode: 403 },
    }),
    ctx,
  );
  assert.equal(codes.kind, 'invalid-auth-codes', 'not mistaken for an access denial (it is a 403)');
  assert.equal(codes.details.awsCode, 'InvalidAuthenticationCode');
  assert.equal(codes.details.secondsUntilNextCode, 20);
  assert.match(codes.toOneLine(), /two consecutive codes.*in 20 s/);

  const limit = classifyIamMfaError(
    Object.assign(new Error('Cannot exceed quota for MFADevicesPerUser: 8'), {
      name: 'LimitExceededException',
    }),
    ctx,
  );
  assert.equal(limit.kind, 'mfa-device-limit');
  assert.match(limit.message, /at most 8 MFA devices/);

  const overridden = classifyIamMfaError(
    Object.assign(new Error('exists'), { name: 'EntityAlreadyExistsException' }),
    ctx,
    {
      EntityAlreadyExists: () => new MfaTrayError('entity-exists', 'Name taken.', { hint: 'Pick another.' }),
    },
  );
  assert.deepEqual(
    [overridden.kind, overridden.message, overridden.details.awsCode],
    ['entity-exists', 'Name taken.', 'EntityAlreadyExists'],
  );
  const deniedError = classifyIamMfaError(
    Object.assign(new Error('User is not authorized'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    }),
    ctx,
  );
  assert.equal(deniedError.kind, 'access-denied');
});

test('otpauth URI: AWS label and issuer, escaped names, seeds as people paste them', () => {
  const seed = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const uri = otpauthUri({
    seedBase32: seed.toLowerCase(),
    deviceName: 'alice+phone',
    account: '123456789012',
  });
  assert.equal(
    uri,
    `otpauth://totp/Amazon%20Web%20Services:alice%2Bphone@123456789012?secret=${seed}&issuer=Amazon%20Web%20Services`,
  );
  assert.deepEqual(parseOtpauthUri(uri), {
    label: 'Amazon Web Services:alice+phone@123456789012',
    issuer: 'Amazon Web Services',
    secret: seed,
    account: 'alice+phone@123456789012',
  });
  assert.equal(normaliseSeed('jbsw y3dp-ehpk 3pxp jbsw y3dp ehpk 3pxp=='), seed);
  assert.equal(normaliseSeed('not base32 at all!'), undefined);
  assert.equal(seedFromAwsBlob(new Uint8Array(Buffer.from(seed, 'ascii'))), seed);
  assert.throws(() => seedFromAwsBlob(new Uint8Array([0, 1, 2])), /no usable secret/);
  assert.equal(formatSeedForTyping(seed), 'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
});
