// Proves the AWS test environment answers like AWS: MFA codes, keys, knobs and the server clock matter,
// for the SDK v3 clients the app uses and for the AWS CLI (/usr/bin/aws) the sessions are made for.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  ListMFADevicesCommand,
  type IAMClient,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  ResyncMFADeviceCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import {
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
  type GetSessionTokenCommandInput,
} from '@aws-sdk/client-sts';
import {
  AWS_MESSAGES,
  TOTP_PERIOD_SECONDS,
  adminIamClient,
  createUser,
  startAwsTestEnv,
  totpCode,
  waitForFreshWindow,
  type AwsTestEnv,
  type TestUser,
} from '../support/aws-test-env';

const execFileAsync = promisify(execFile);
const AWS_CLI = '/usr/bin/aws';

let env: AwsTestEnv;
let iam: IAMClient;
let cliHome: string;
let userCounter = 0;

function uniqueName(prefix: string): string {
  userCounter += 1;
  return `${prefix}-${userCounter}`;
}

function stsFor(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  maxAttempts = 1,
): STSClient {
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  return new STSClient({
    region: env.region,
    endpoint: env.endpoint,
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    maxAttempts,
  });
}

interface AwsErrorShape {
  code: string;
  status: number | undefined;
  message: string;
}

async function awsError(promise: Promise<unknown>): Promise<AwsErrorShape> {
  try {
    await promise;
  } catch (error) {
    const e = error as {
      Code?: string;
      name: string;
      message: string;
      $metadata?: { httpStatusCode?: number };
    };
    return { code: e.Code ?? e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  assert.fail('expected the call to fail');
}

function codeNotValidNow(seed: string): string {
  const nowMs = env.layer.serverNow().getTime();
  const valid = new Set([-1, 0, 1].map((w) => totpCode(seed, nowMs + w * TOTP_PERIOD_SECONDS * 1000)));
  for (let n = 0; ; n += 1) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

/** Runs the real AWS CLI against the layer, isolated from the machine's AWS config. */
async function awsCli(
  args: string[],
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cliEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: cliHome,
    AWS_CONFIG_FILE: path.join(cliHome, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(cliHome, 'credentials'),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: env.region,
    AWS_ENDPOINT_URL: env.endpoint,
    AWS_MAX_ATTEMPTS: '1',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  if (credentials.sessionToken) cliEnv.AWS_SESSION_TOKEN = credentials.sessionToken;
  // This CLI (2.9) predates AWS_ENDPOINT_URL support, so the endpoint is also given explicitly.
  const fullArgs = [...args, '--endpoint-url', env.endpoint, '--output', 'json'];
  try {
    const { stdout, stderr } = await execFileAsync(AWS_CLI, fullArgs, { env: cliEnv, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function newSession(user: TestUser, input: Partial<GetSessionTokenCommandInput> = {}) {
  const sts = stsFor(user);
  try {
    const { Credentials } = await sts.send(
      new GetSessionTokenCommand({
        SerialNumber: user.serialNumber,
        TokenCode: totpCode(user.seed!),
        ...input,
      }),
    );
    assert.ok(Credentials?.AccessKeyId && Credentials.SecretAccessKey && Credentials.SessionToken);
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  } finally {
    sts.destroy();
  }
}

/** POSTs a signed-looking Query request (the layer, like moto, does not verify signatures). */
async function rawQuery(
  user: { accessKeyId: string },
  form: Record<string, string>,
  clientClock = new Date(),
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const amzDate = clientClock
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${env.endpoint}/`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          'x-amz-date': amzDate,
          authorization: `AWS4-HMAC-SHA256 Credential=${user.accessKeyId}/${amzDate.slice(0, 8)}/${env.region}/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

before(async () => {
  env = await startAwsTestEnv();
  iam = adminIamClient(env);
  cliHome = await mkdtemp(path.join(tmpdir(), 'aws-test-env-cli-'));
});

after(async () => {
  iam?.destroy();
  await env?.stop();
  if (cliHome) await rm(cliHome, { recursive: true, force: true });
});

afterEach(() => {
  env.layer.serverClockOffsetSeconds = 0;
  env.layer.rejectSkewedRequests = true;
  env.layer.holdMs = 0;
  env.layer.clearFailures();
});

void describe('GetSessionToken with MFA', () => {
  void test('the current code gives a session that the AWS CLI can use', async () => {
    const user = await createUser(env, uniqueName('alice'));
    await waitForFreshWindow();
    const session = await newSession(user, { DurationSeconds: 3600 });

    assert.match(session.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    const expiresInSeconds = (session.expiration!.getTime() - Date.now()) / 1000;
    assert.ok(Math.abs(expiresInSeconds - 3600) < 10, `expires in ${expiresInSeconds} s`);

    const cli = await awsCli(['sts', 'get-caller-identity'], session);
    assert.equal(cli.code, 0, cli.stderr);
    const identity = JSON.parse(cli.stdout) as { Arn: string; Account: string };
    assert.equal(identity.Arn, user.arn);
    assert.equal(identity.Account, user.accountId);
  });

  void test('a wrong code is refused as AWS does', async () => {
    const user = await createUser(env, uniqueName('wrong-code'));
    const error = await awsError(newSession(user, { TokenCode: codeNotValidNow(user.seed!) }));
    assert.deepEqual(error, { code: 'AccessDenied', status: 403, message: AWS_MESSAGES.mfaCodeInvalid });
    assert.equal(
      AWS_MESSAGES.mfaCodeInvalid,
      'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    );
  });

  void test('a code from the previous or next window is accepted, two windows away is not', async () => {
    const user = await createUser(env, uniqueName('tolerance'));
    // createUser consumed the two windows before "now"; two windows ahead, their neighbours are all unused.
    env.layer.serverClockOffsetSeconds = 2 * TOTP_PERIOD_SECONDS;
    await waitForFreshWindow(5, env.layer.serverClockOffsetSeconds);
    const periodMs = TOTP_PERIOD_SECONDS * 1000;
    const serverNow = env.layer.serverNow().getTime();
    await newSession(user, { TokenCode: totpCode(user.seed!, serverNow - periodMs) });
    await newSession(user, { TokenCode: totpCode(user.seed!, serverNow + periodMs) });
    const error = await awsError(
      newSession(user, { TokenCode: totpCode(user.seed!, serverNow + 2 * periodMs) }),
    );
    assert.equal(error.message, AWS_MESSAGES.mfaCodeInvalid);
  });

  void test('a valid code works once (here through the AWS CLI); the replay is refused', async () => {
    const user = await createUser(env, uniqueName('replay'));
    await waitForFreshWindow();
    const code = totpCode(user.seed!);
    const cli = await awsCli(
      ['sts', 'get-session-token', '--serial-number', user.serialNumber!, '--token-code', code],
      user,
    );
    assert.equal(cli.code, 0, cli.stderr);
    const { Credentials } = JSON.parse(cli.stdout) as { Credentials: { AccessKeyId: string } };
    assert.match(Credentials.AccessKeyId, /^ASIA/);

    const error = await awsError(newSession(user, { TokenCode: code }));
    assert.deepEqual(error, { code: 'AccessDenied', status: 403, message: AWS_MESSAGES.mfaCodeInvalid });
    const cliReplay = await awsCli(
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
    const user = await createUser(env, uniqueName('serial-a'));
    const other = await createUser(env, uniqueName('serial-b'));
    await waitForFreshWindow();
    const otherSerial = await awsError(
      newSession(user, { SerialNumber: other.serialNumber, TokenCode: totpCode(other.seed!) }),
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
      newSession(user, { SerialNumber: `arn:aws:iam::${user.accountId}:mfa/nobody` }),
    );
    assert.equal(unknown.message, AWS_MESSAGES.mfaSerialInvalid);
  });

  void test('malformed TokenCode and DurationSeconds are ValidationErrors', async () => {
    const user = await createUser(env, uniqueName('validation'));
    const shortCode = await awsError(newSession(user, { TokenCode: '12a' }));
    assert.deepEqual(shortCode, {
      code: 'ValidationError',
      status: 400,
      message:
        "2 validation errors detected: Value '12a' at 'tokenCode' failed to satisfy constraint: Member must have length greater than or equal to 6; " +
        "Value '12a' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*",
    });
    const letters = await awsError(newSession(user, { TokenCode: 'abcdef' }));
    assert.equal(
      letters.message,
      "1 validation error detected: Value 'abcdef' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*",
    );
    const tooShort = await awsError(newSession(user, { DurationSeconds: 899 }));
    assert.deepEqual(tooShort, {
      code: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    });
    const tooLong = await awsError(newSession(user, { DurationSeconds: 129601 }));
    assert.match(tooLong.message, /Member must have value less than or equal to 129600$/);
  });

  void test('session credentials cannot call GetSessionToken', async () => {
    const user = await createUser(env, uniqueName('session-chain'));
    await waitForFreshWindow();
    const session = await newSession(user);
    const sts = stsFor(session);
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
    const user = await createUser(env, uniqueName('inactive'));
    const sts = stsFor(user);
    await sts.send(new GetCallerIdentityCommand({}));

    await iam.send(
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
    const inactiveMfa = await awsError(newSession(user));
    assert.equal(inactiveMfa.code, 'InvalidClientTokenId');
    const cli = await awsCli(['sts', 'get-caller-identity'], user);
    assert.notEqual(cli.code, 0);
    assert.match(
      cli.stderr,
      /\(InvalidClientTokenId\).*The security token included in the request is invalid\./,
    );
    sts.destroy();

    const stranger = stsFor({ accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'nope' });
    const unknown = await awsError(stranger.send(new GetCallerIdentityCommand({})));
    stranger.destroy();
    assert.deepEqual(unknown, {
      code: 'InvalidClientTokenId',
      status: 403,
      message: AWS_MESSAGES.invalidClientTokenId,
    });
  });

  void test('a session stops working when the server clock passes its expiration', async () => {
    const user = await createUser(env, uniqueName('expiry'));
    await waitForFreshWindow();
    const session = await newSession(user, { DurationSeconds: 900 });
    const sts = stsFor(session);
    await sts.send(new GetCallerIdentityCommand({}));
    env.layer.rejectSkewedRequests = false;
    try {
      env.layer.serverClockOffsetSeconds = 901;
      const error = await awsError(sts.send(new GetCallerIdentityCommand({})));
      assert.deepEqual(error, { code: 'ExpiredToken', status: 403, message: AWS_MESSAGES.expiredToken });
    } finally {
      env.layer.serverClockOffsetSeconds = 0;
      env.layer.rejectSkewedRequests = true;
      sts.destroy();
    }
    const wrongToken = stsFor({ ...session, sessionToken: 'not-the-token' });
    const invalid = await awsError(wrongToken.send(new GetCallerIdentityCommand({})));
    wrongToken.destroy();
    assert.equal(invalid.code, 'InvalidClientTokenId');
  });
});

void describe('EnableMFADevice and ResyncMFADevice', () => {
  async function newDevice(): Promise<{ user: TestUser; serialNumber: string; seed: string }> {
    const user = await createUser(env, uniqueName('enable'), { withMfa: false });
    const { VirtualMFADevice } = await iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: user.userName }),
    );
    const serialNumber = VirtualMFADevice!.SerialNumber!;
    const seed = Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString('ascii');
    assert.equal(env.layer.seedOf(serialNumber), seed);
    return { user, serialNumber, seed };
  }

  void test('non-consecutive codes are refused with InvalidAuthenticationCode; consecutive ones enable the device', async () => {
    const { user, serialNumber, seed } = await newDevice();
    await waitForFreshWindow();
    const periodMs = TOTP_PERIOD_SECONDS * 1000;
    const now = Date.now();
    const attempts: Array<[string, string]> = [
      [totpCode(seed, now), totpCode(seed, now - periodMs)], // consecutive but reversed
      [totpCode(seed, now - periodMs), totpCode(seed, now + periodMs)], // a window skipped
      [totpCode(seed, now), totpCode(seed, now)], // the same code twice
      [codeNotValidNow(seed), totpCode(seed, now)],
    ];
    for (const [code1, code2] of attempts) {
      const error = await awsError(
        iam.send(
          new EnableMFADeviceCommand({
            UserName: user.userName,
            SerialNumber: serialNumber,
            AuthenticationCode1: code1,
            AuthenticationCode2: code2,
          }),
        ),
      );
      assert.deepEqual(error, {
        code: 'InvalidAuthenticationCode',
        status: 403,
        message: AWS_MESSAGES.invalidAuthenticationCode,
      });
    }
    const { MFADevices: beforeEnable } = await iam.send(
      new ListMFADevicesCommand({ UserName: user.userName }),
    );
    assert.deepEqual(beforeEnable, []);

    await iam.send(
      new EnableMFADeviceCommand({
        UserName: user.userName,
        SerialNumber: serialNumber,
        AuthenticationCode1: totpCode(seed, now - periodMs),
        AuthenticationCode2: totpCode(seed, now),
      }),
    );
    const { MFADevices } = await iam.send(new ListMFADevicesCommand({ UserName: user.userName }));
    assert.deepEqual(
      MFADevices?.map((d) => d.SerialNumber),
      [serialNumber],
    );
    // The current code was consumed by EnableMFADevice.
    const reuse = await awsError(
      newSession({ ...user, serialNumber, seed }, { TokenCode: totpCode(seed, now) }),
    );
    assert.equal(reuse.message, AWS_MESSAGES.mfaCodeInvalid);
  });

  void test('ResyncMFADevice checks the codes like EnableMFADevice', async () => {
    const user = await createUser(env, uniqueName('resync'));
    await waitForFreshWindow();
    const periodMs = TOTP_PERIOD_SECONDS * 1000;
    const now = Date.now();
    const resync = (code1: string, code2: string) =>
      iam.send(
        new ResyncMFADeviceCommand({
          UserName: user.userName,
          SerialNumber: user.serialNumber,
          AuthenticationCode1: code1,
          AuthenticationCode2: code2,
        }),
      );
    const error = await awsError(resync(totpCode(user.seed!, now + periodMs), totpCode(user.seed!, now)));
    assert.equal(error.code, 'InvalidAuthenticationCode');
    await resync(totpCode(user.seed!, now), totpCode(user.seed!, now + periodMs));
  });
});

void describe('knobs', () => {
  void test('throttle: HTTP 400 Throttling "Rate exceeded", only for the chosen action', async () => {
    const user = await createUser(env, uniqueName('throttle'));
    const sts = stsFor(user);
    env.layer.failNext(2, 'throttle', 'GetCallerIdentity');
    await waitForFreshWindow();
    await newSession(user); // another action is not affected
    for (let i = 0; i < 2; i += 1) {
      const error = await awsError(sts.send(new GetCallerIdentityCommand({})));
      assert.deepEqual(error, { code: 'Throttling', status: 400, message: 'Rate exceeded' });
    }
    await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
  });

  void test('5xx: HTTP 503 ServiceUnavailable, which the SDK retries', async () => {
    const user = await createUser(env, uniqueName('unavailable'));
    const once = stsFor(user);
    env.layer.failNext(1, '5xx');
    const error = await awsError(once.send(new GetCallerIdentityCommand({})));
    once.destroy();
    assert.deepEqual(error, {
      code: 'ServiceUnavailable',
      status: 503,
      message: AWS_MESSAGES.serviceUnavailable,
    });

    const retrying = stsFor(user, 3);
    env.layer.failNext(1, '5xx');
    const logStart = env.layer.requests.length;
    const identity = await retrying.send(new GetCallerIdentityCommand({}));
    retrying.destroy();
    assert.equal(identity.Arn, user.arn);
    assert.deepEqual(
      env.layer.requests.slice(logStart).map((r) => [r.action, r.status]),
      [
        ['GetCallerIdentity', 503],
        ['GetCallerIdentity', 200],
      ],
    );
  });

  void test('network: the socket is destroyed without an answer', async () => {
    const user = await createUser(env, uniqueName('network'));
    const sts = stsFor(user);
    env.layer.failNext(1, 'network');
    const logStart = env.layer.requests.length;
    const error = await awsError(sts.send(new GetCallerIdentityCommand({})));
    assert.equal(error.status, undefined);
    assert.match(error.code + error.message, /ECONNRESET|socket hang up|TimeoutError/i);
    assert.deepEqual(env.layer.requests.slice(logStart), [
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
    const user = await createUser(env, uniqueName('hold'));
    const sts = stsFor(user);
    env.layer.holdMs = 400;
    const started = Date.now();
    await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    assert.ok(Date.now() - started >= 400);
  });

  void test('requests records what reached the layer, so tests can prove no call was made', async () => {
    const logStart = env.layer.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(env.layer.requests.length, logStart);
    const user = await createUser(env, uniqueName('log'), { withMfa: false });
    assert.deepEqual(
      env.layer.requests.slice(logStart).map((r) => r.action),
      ['CreateUser', 'CreateAccessKey'],
    );
    assert.ok(user.accessKeyId);
  });
});

void describe('server clock', () => {
  void test('the Date header reflects serverClockOffsetSeconds', async () => {
    const user = await createUser(env, uniqueName('clock'), { withMfa: false });
    env.layer.serverClockOffsetSeconds = 600;
    const { status, headers } = await rawQuery(user, { Action: 'GetCallerIdentity', Version: '2011-06-15' });
    assert.equal(status, 200);
    const skew = (Date.parse(headers.date!) - Date.now()) / 1000;
    assert.ok(Math.abs(skew - 600) < 5, `Date header is ${skew} s ahead`);

    env.layer.serverClockOffsetSeconds = -7200;
    const error = await rawQuery(user, { Action: 'GetCallerIdentity', Version: '2011-06-15' });
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
    const user = await createUser(env, uniqueName('skewed'));
    env.layer.serverClockOffsetSeconds = offsetSeconds;
    await waitForFreshWindow(5, offsetSeconds);
    const phoneNow = totpCode(user.seed!);
    const phoneOnServerTime = totpCode(user.seed!, Date.now() + offsetSeconds * 1000);

    const sts = stsFor(user, 3);
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
    const cli = await awsCli(['sts', 'get-caller-identity'], user);
    assert.notEqual(cli.code, 0);
    assert.match(cli.stderr, /\(SignatureDoesNotMatch\).*Signature expired/);
  });
});
