// The AWS test environment's knobs (injected failures, holdMs, the request log) and its server clock (Date
// header, SigV4 skew, codes checked against it). (test/support/aws/validating-layer.ts)

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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

void describe('knobs', () => {
  void test('throttle: HTTP 400 Throttling "Rate exceeded", only for the chosen action', async () => {
    const user = await createUser(k.env, k.uniqueName('throttle'));
    const sts = k.stsFor(user);
    k.env.layer.failNext(2, 'throttle', 'GetCallerIdentity');
    await waitForFreshWindow();
    await k.newSession(user); // another action is not affected
    for (let i = 0; i < 2; i += 1) {
      const error = await awsError(sts.send(new GetCallerIdentityCommand({})));
      assert.deepEqual(error, { code: 'Throttling', status: 400, message: 'Rate exceeded' });
    }
    await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
  });

  void test('5xx: HTTP 503 ServiceUnavailable, which the SDK retries', async () => {
    const user = await createUser(k.env, k.uniqueName('unavailable'));
    const once = k.stsFor(user);
    k.env.layer.failNext(1, '5xx');
    const error = await awsError(once.send(new GetCallerIdentityCommand({})));
    once.destroy();
    assert.deepEqual(error, {
      code: 'ServiceUnavailable',
      status: 503,
      message: AWS_MESSAGES.serviceUnavailable,
    });

    const retrying = k.stsFor(user, 3);
    k.env.layer.failNext(1, '5xx');
    const logStart = k.env.layer.requests.length;
    const identity = await retrying.send(new GetCallerIdentityCommand({}));
    retrying.destroy();
    assert.equal(identity.Arn, user.arn);
    assert.deepEqual(
      k.env.layer.requests.slice(logStart).map((r) => [r.action, r.status]),
      [
        ['GetCallerIdentity', 503],
        ['GetCallerIdentity', 200],
      ],
    );
  });

  void test('network: the socket is destroyed without an answer', async () => {
    const user = await createUser(k.env, k.uniqueName('network'));
    const sts = k.stsFor(user);
    k.env.layer.failNext(1, 'network');
    const logStart = k.env.layer.requests.length;
    const error = await awsError(sts.send(new GetCallerIdentityCommand({})));
    assert.equal(error.status, undefined);
    assert.match(error.code + error.message, /ECONNRESET|socket hang up|TimeoutError/i);
    assert.deepEqual(k.env.layer.requests.slice(logStart), [
      {
        action: 'GetCallerIdentity',
        service: 'sts',
        status: 0,
        accessKeyId: user.accessKeyId,
        errorCode: 'network',
      },
    ]);
    await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
  });

  void test('holdMs delays every answer', async () => {
    const user = await createUser(k.env, k.uniqueName('hold'));
    const sts = k.stsFor(user);
    k.env.layer.holdMs = 400;
    const started = Date.now();
    await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    assert.ok(Date.now() - started >= 400);
  });

  void test('requests records what reached the layer, so tests can prove no call was made', async () => {
    const logStart = k.env.layer.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(k.env.layer.requests.length, logStart);
    const user = await createUser(k.env, k.uniqueName('log'), { withMfa: false });
    assert.deepEqual(
      k.env.layer.requests.slice(logStart).map((r) => r.action),
      ['CreateUser', 'CreateAccessKey'],
    );
    assert.ok(user.accessKeyId);
  });
});

void describe('server clock', () => {
  void test('the Date header reflects serverClockOffsetSeconds', async () => {
    const user = await createUser(k.env, k.uniqueName('clock'), { withMfa: false });
    k.env.layer.serverClockOffsetSeconds = 600;
    const { status, headers } = await k.rawQuery(user, {
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
    });
    assert.equal(status, 200);
    const skew = (Date.parse(headers.date!) - Date.now()) / 1000;
    assert.ok(Math.abs(skew - 600) < 5, `Date header is ${skew} s ahead`);

    k.env.layer.serverClockOffsetSeconds = -7200;
    const error = await k.rawQuery(user, { Action: 'GetCallerIdentity', Version: '2011-06-15' });
    assert.ok(Math.abs((Date.parse(error.headers.date!) - Date.now()) / 1000 + 7200) < 5);
    assert.equal(error.status, 403);
    assert.equal(error.headers['content-type'], 'text/xml');
    assert.ok(error.headers['x-amzn-requestid']);
    assert.match(
      error.body,
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>SignatureDoesNotMatch<\/Code>\s*<Message>Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)<\/Message>/,
    );
  });

  void test('codes are checked against the server clock; the SDK corrects its clock from the Date header', async () => {
    const offsetSeconds = 60 * TOTP_PERIOD_SECONDS; // 30 min: beyond SigV4's 15-min skew, window-aligned
    const user = await createUser(k.env, k.uniqueName('skewed'));
    k.env.layer.serverClockOffsetSeconds = offsetSeconds;
    await waitForFreshWindow(5, offsetSeconds);
    const phoneNow = totpCode(user.seed!);
    const phoneOnServerTime = totpCode(user.seed!, Date.now() + offsetSeconds * 1000);

    const sts = k.stsFor(user, 3);
    const wrongWindow = await awsError(
      sts.send(new GetSessionTokenCommand({ SerialNumber: user.serialNumber, TokenCode: phoneNow })),
    );
    assert.equal(wrongWindow.message, AWS_MESSAGES.mfaCodeInvalid);
    const { Credentials } = await sts.send(
      new GetSessionTokenCommand({ SerialNumber: user.serialNumber, TokenCode: phoneOnServerTime }),
    );
    const expiresInSeconds = (Credentials!.Expiration!.getTime() - Date.now()) / 1000;
    assert.ok(Math.abs(expiresInSeconds - (43200 + offsetSeconds)) < 10, `expires in ${expiresInSeconds} s`);
    sts.destroy();

    // The AWS CLI does not correct its clock: AWS's answer to a skewed signature reaches it.
    const cli = await k.awsCli(['sts', 'get-caller-identity'], user);
    assert.notEqual(cli.code, 0);
    assert.match(cli.stderr, /\(SignatureDoesNotMatch\).*Signature expired/);
  });
});
