// For the tests of the AWS test environment itself (test/integration/aws-*-layer.test.ts): one environment per
// test file, reset after each test, and ways to call it as the SDK, the AWS CLI and a raw HTTP client do.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before } from 'node:test';
import { promisify } from 'node:util';
import type { IAMClient } from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, STSClient, type GetSessionTokenCommandInput } from '@aws-sdk/client-sts';
import { adminIamClient, startAwsTestEnv, type AwsTestEnv, type TestUser } from '../aws-test-env';
import { amzDate } from './query-xml';
import { TOTP_PERIOD_SECONDS, totpCode } from '../totp';

const execFileAsync = promisify(execFile);
const AWS_CLI = '/usr/bin/aws';

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export interface AwsErrorShape {
  code: string;
  status: number | undefined;
  message: string;
}

/** The AWS error a call failed with (fails the test if it succeeded). */
export async function awsError(promise: Promise<unknown>): Promise<AwsErrorShape> {
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

export class LayerProbe {
  private started: { env: AwsTestEnv; iam: IAMClient; cliHome: string } | undefined;
  private userCounter = 0;

  get env(): AwsTestEnv {
    if (!this.started) throw new Error('LayerProbe: the environment is not started (use it inside tests)');
    return this.started.env;
  }

  /** The account's administrator, for setup calls. */
  get iam(): IAMClient {
    if (!this.started) throw new Error('LayerProbe: the environment is not started (use it inside tests)');
    return this.started.iam;
  }

  async start(): Promise<void> {
    const env = await startAwsTestEnv();
    this.started = {
      env,
      iam: adminIamClient(env),
      cliHome: await mkdtemp(path.join(tmpdir(), 'aws-test-env-cli-')),
    };
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started.iam.destroy();
    await this.started.env.stop();
    await rm(this.started.cliHome, { recursive: true, force: true });
  }

  /** Puts the layer's knobs back to their defaults. */
  reset(): void {
    const { layer } = this.env;
    layer.serverClockOffsetSeconds = 0;
    layer.rejectSkewedRequests = true;
    layer.holdMs = 0;
    layer.clearFailures();
  }

  uniqueName(prefix: string): string {
    this.userCounter += 1;
    return `${prefix}-${this.userCounter}`;
  }

  stsFor(credentials: Keys, maxAttempts = 1): STSClient {
    const { accessKeyId, secretAccessKey, sessionToken } = credentials;
    return new STSClient({
      region: this.env.region,
      endpoint: this.env.endpoint,
      credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
      maxAttempts,
    });
  }

  /** A 6-digit code the server would not accept now (none of the ±1 windows' codes). */
  codeNotValidNow(seed: string): string {
    const nowMs = this.env.layer.serverNow().getTime();
    const valid = new Set([-1, 0, 1].map((w) => totpCode(seed, nowMs + w * TOTP_PERIOD_SECONDS * 1000)));
    for (let n = 0; ; n += 1) {
      const candidate = String(n).padStart(6, '0');
      if (!valid.has(candidate)) return candidate;
    }
  }

  /** Runs the real AWS CLI against the layer, isolated from the machine's AWS config. */
  async awsCli(args: string[], credentials: Keys): Promise<{ code: number; stdout: string; stderr: string }> {
    const { env } = this;
    const cliHome = this.started!.cliHome;
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
      return {
        code: typeof e.code === 'number' ? e.code : -1,
        stdout: e.stdout ?? '',
        stderr: e.stderr ?? '',
      };
    }
  }

  /** GetSessionToken with the user's device and current code, unless `input` says otherwise. */
  async newSession(user: TestUser, input: Partial<GetSessionTokenCommandInput> = {}) {
    const sts = this.stsFor(user);
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
  async rawQuery(
    user: { accessKeyId: string },
    form: Record<string, string>,
    clientClock = new Date(),
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    const { env } = this;
    const date = amzDate(clientClock);
    const body = new URLSearchParams(form).toString();
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${env.endpoint}/`,
        {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
            'x-amz-date': date,
            authorization: `AWS4-HMAC-SHA256 Credential=${user.accessKeyId}/${date.slice(0, 8)}/${env.region}/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
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
}

/** A LayerProbe for this test file: started before its tests, reset after each, stopped at the end. */
export function useLayerProbe(): LayerProbe {
  const probe = new LayerProbe();
  before(() => probe.start());
  afterEach(() => probe.reset());
  after(() => probe.stop());
  return probe;
}
