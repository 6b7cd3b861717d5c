// The AWS test environment's sessions answer like AWS: GetSessionToken checks MFA serials and codes (once
// each), validates its input, and issues session credentials that expire by the server clock; inactive and
// unknown keys are refused — for the SDK v3 clients the app uses and for the AWS CLI (/usr/bin/aws).
// (test/support/aws/session-layer.ts, validating-layer.ts)

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import {
  AWS_MESSAGES,
  TOTP_PERIOD_SECONDS,
  createUser,
  totpCode,
  waitForFreshWindow,
} from '../support/aws-test-env';
import { awsError, useLayerProbe } from '../support/aws/layer-probe';

const k = useLayerProbe();

void describe('GetSessionToken with MFA', () => {
  void test('the current code gives a session that the AWS CLI can use', async () => {
    const user = await createUser(k.env, k.uniqueName('alice'));
    await waitForFreshWindow();
    const session = await k.newSession(user, { DurationSeconds: 3600 });

    assert.match(session.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    const expiresInSeconds = (session.expiration!.getTime() - Date.now()) / 1000;
    assert.ok(Math.abs(expiresInSeconds - 3600) < 10, `expires in ${expiresInSeconds} s`);

    const cli = await k.awsCli(['sts', 'get-caller-identity'], session);
    assert.equal(cli.code, 0, cli.stderr);
    const identity = JSON.parse(cli.stdout) as { Arn: string; Account: string };
    assert.equal(identity.Arn, user.arn);
    assert.equal(identity.Account, user.accountId);
  });

  void test('a wrong code is refused as AWS does', async () => {
    const user = await createUser(k.env, k.uniqueName('wrong-code'));
    const error = await awsError(k.newSession(user, { TokenCode: k.codeNotValidNow(user.seed!) }));
    assert.deepEqual(error, { code: 'AccessDenied', status: 403, message: AWS_MESSAGES.mfaCodeInvalid });
    assert.equal(
      AWS_MESSAGES.mfaCodeInvalid,
      'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    );
  });

  void test('a code from the previous or next window is accepted, two windows away is not', async () => {
    const user = await createUser(k.env, k.uniqueName('tolerance'));
    // createUser consumed the two windows before "now"; two windows ahead, their neighbours are all unused.
    k.env.layer.serverClockOffsetSeconds = 2 * TOTP_PERIOD_SECONDS;
    await waitForFreshWindow(5, k.env.layer.serverClockOffsetSeconds);
    const periodMs = TOTP_PERIOD_SECONDS * 1000;
    const serverNow = k.env.layer.serverNow().getTime();
    await k.newSession(user, { TokenCode: totpCode(user.seed!, serverNow - periodMs) });
    await k.newSession(user, { TokenCode: totpCode(user.seed!, serverNow + periodMs) });
    const error = await awsError(
      k.newSession(user, { TokenCode: totpCode(user.seed!, serverNow + 2 * periodMs) }),
    );
    assert.equal(error.message, AWS_MESSAGES.mfaCodeInvalid);
  });

  void test('a valid code works once (here through the AWS CLI); the replay is refused', async () => {
    const user = await createUser(k.env, k.uniqueName('replay'));
    await waitForFreshWindow();
    const code = totpCode(user.seed!);
    const cli = await k.awsCli(
      ['sts', 'get-session-token', '--serial-number', user.serialNumber!, '--token-code', code],
      user,
    );
    assert.equal(cli.code, 0, cli.stderr);
    const { Credentials } = JSON.parse(cli.stdout) as { Credentials: { AccessKeyId: string } };
    assert.match(Credentials.AccessKeyId, /^ASIA/);

    const error = await awsError(k.newSession(user, { TokenCode: code }));
    assert.deepEqual(error, { code: 'AccessDenied', status: 403, message: AWS_MESSAGES.mfaCodeInvalid });
    const cliReplay = await k.awsCli(
      ['sts', 'get-session-token', '--serial-number', user.serialNumber!, '--token-code', code],
      user,
    );
    assert.notEqual(cliReplay.code, 0);
    assert.match(
      cliReplay.stderr,
      /\(AccessDenied\).*MultiFactorAuthentication failed with invalid MFA one time pass code/,
    );
  });

  void test("another user's serial, or an unknown one, is refused with the serial message", async () => {
    const user = await createUser(k.env, k.uniqueName('serial-a'));
    const other = await createUser(k.env, k.uniqueName('serial-b'));
    await waitForFreshWindow();
    const otherSerial = await awsError(
      k.newSession(user, { SerialNumber: other.serialNumber, TokenCode: totpCode(other.seed!) }),
    );
    assert.deepEqual(otherSerial, {
      code: 'AccessDenied',
      status: 403,
      message: AWS_MESSAGES.mfaSerialInvalid,
    });
    assert.equal(
      AWS_MESSAGES.mfaSerialInvalid,
      'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
    );
    const unknown = await awsError(
      k.newSession(user, { SerialNumber: `arn:aws:iam::${user.accountId}:mfa/nobody` }),
    );
    assert.equal(unknown.message, AWS_MESSAGES.mfaSerialInvalid);
  });

  void test('malformed TokenCode and DurationSeconds are ValidationErrors', async () => {
    const user = await createUser(k.env, k.uniqueName('validation'));
    const shortCode = await awsError(k.newSession(user, { TokenCode: '12a' }));
    assert.deepEqual(shortCode, {
      code: 'ValidationError',
      status: 400,
      message:
        "2 validation errors detected: Value '12a' at 'tokenCode' failed to satisfy constraint: Member must have length greater than or equal to 6; " +
        "Value '12a' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*",
    });
    const letters = await awsError(k.newSession(user, { TokenCode: 'abcdef' }));
    assert.equal(
      letters.message,
      "1 validation error detected: Value 'abcdef' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*",
    );
    const tooShort = await awsError(k.newSession(user, { DurationSeconds: 899 }));
    assert.deepEqual(tooShort, {
      code: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    });
    const tooLong = await awsError(k.newSession(user, { DurationSeconds: 129601 }));
    assert.match(tooLong.message, /Member must have value less than or equal to 129600$/);
  });

  void test('session credentials cannot call GetSessionToken', async () => {
    const user = await createUser(k.env, k.uniqueName('session-chain'));
    await waitForFreshWindow();
    const session = await k.newSession(user);
    const sts = k.stsFor(session);
    const error = await awsError(sts.send(new GetSessionTokenCommand({})));
    sts.destroy();
    assert.deepEqual(error, {
      code: 'AccessDenied',
      status: 403,
      message: AWS_MESSAGES.sessionCredentialsCannotGetSessionToken,
    });
  });
});

void describe('access keys', () => {
  void test('an inactive key gets InvalidClientTokenId from STS (SDK and CLI), an unknown key too', async () => {
    const user = await createUser(k.env, k.uniqueName('inactive'));
    const sts = k.stsFor(user);
    await sts.send(new GetCallerIdentityCommand({}));

    await k.iam.send(
      new UpdateAccessKeyCommand({
        UserName: user.userName,
        AccessKeyId: user.accessKeyId,
        Status: 'Inactive',
      }),
    );
    const inactive = await awsError(sts.send(new GetCallerIdentityCommand({})));
    assert.deepEqual(inactive, {
      code: 'InvalidClientTokenId',
      status: 403,
      message: AWS_MESSAGES.invalidClientTokenId,
    });
    const inactiveMfa = await awsError(k.newSession(user));
    assert.equal(inactiveMfa.code, 'InvalidClientTokenId');
    const cli = await k.awsCli(['sts', 'get-caller-identity'], user);
    assert.notEqual(cli.code, 0);
    assert.match(
      cli.stderr,
      /\(InvalidClientTokenId\).*The security token included in the request is invalid\./,
    );
    sts.destroy();

    const stranger = k.stsFor({ accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'nope' });
    const unknown = await awsError(stranger.send(new GetCallerIdentityCommand({})));
    stranger.destroy();
    assert.deepEqual(unknown, {
      code: 'InvalidClientTokenId',
      status: 403,
      message: AWS_MESSAGES.invalidClientTokenId,
    });
  });

  void test('a session stops working when the server clock passes its expiration', async () => {
    const user = await createUser(k.env, k.uniqueName('expiry'));
    await waitForFreshWindow();
    const session = await k.newSession(user, { DurationSeconds: 900 });
    const sts = k.stsFor(session);
    await sts.send(new GetCallerIdentityCommand({}));
    k.env.layer.rejectSkewedRequests = false;
    try {
      k.env.layer.serverClockOffsetSeconds = 901;
      const error = await awsError(sts.send(new GetCallerIdentityCommand({})));
      assert.deepEqual(error, { code: 'ExpiredToken', status: 403, message: AWS_MESSAGES.expiredToken });
    } finally {
      k.env.layer.serverClockOffsetSeconds = 0;
      k.env.layer.rejectSkewedRequests = true;
      sts.destroy();
    }
    const wrongToken = k.stsFor({ ...session, sessionToken: 'not-the-token' });
    const invalid = await awsError(wrongToken.send(new GetCallerIdentityCommand({})));
    wrongToken.destroy();
    assert.equal(invalid.code, 'InvalidClientTokenId');
  });
});
