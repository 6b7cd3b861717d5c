import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import type { BaseKeys, SessionCredentials } from '../keychain';
import { MfaTrayError } from '../errors';
import { networkTimeouts, requestHandlerOptions } from '../network-timeouts';
import {
  attachClockProbe,
  classifyAwsError,
  describeEndpoint,
  endpointFor,
  ServerClockProbe,
  type AwsCredentialsInput,
} from '../aws-client';

export interface StsOptions {
  region: string;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  /** Total attempts for throttling / 5xx / transient network errors, with the SDK's exponential backoff. */
  maxAttempts?: number;
}

export interface SessionTokenResult {
  credentials: SessionCredentials;
  /** Local minus server clock (s), measured from the response's Date header. */
  clockOffsetSeconds?: number;
  clockSkewed: boolean;
}

function stsClient(
  credentials: AwsCredentialsInput,
  options: StsOptions,
  probe: ServerClockProbe,
): STSClient {
  const client = new STSClient({
    region: options.region,
    credentials,
    endpoint: endpointFor('STS', options.env),
    maxAttempts: options.maxAttempts ?? 4,
    requestHandler: requestHandlerOptions(networkTimeouts(options.env)),
  });
  attachClockProbe(client, probe);
  return client;
}

/** STS GetSessionToken with the MFA code: the one call that turns base keys into a session. */
export async function getSessionToken(
  base: BaseKeys,
  request: { serialNumber: string; tokenCode: string; durationSeconds: number },
  options: StsOptions,
): Promise<SessionTokenResult> {
  const now = options.now ?? Date.now;
  const probe = new ServerClockProbe(now);
  const client = stsClient(base, options, probe);
  const { totalMs } = networkTimeouts(options.env);
  try {
    const out = await client.send(
      new GetSessionTokenCommand({
        SerialNumber: request.serialNumber,
        TokenCode: request.tokenCode,
        DurationSeconds: request.durationSeconds,
      }),
      // The bound for the whole call, retries included.
      { abortSignal: AbortSignal.timeout(totalMs) },
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new MfaTrayError('server', 'AWS answered GetSessionToken without credentials.');
    }
    return {
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration.toISOString(),
      },
      clockOffsetSeconds: probe.offsetSeconds,
      clockSkewed: probe.isSkewed(),
    };
  } catch (error) {
    throw classifyAwsError(error, {
      operation: 'Logging in',
      probe,
      now,
      withCode: true,
      endpoint: describeEndpoint('STS', options.region, options.env),
      timeoutMs: totalMs,
    });
  } finally {
    client.destroy();
  }
}

/** Who these credentials belong to; cheap, needs no permission. */
export async function getCallerIdentity(
  credentials: AwsCredentialsInput,
  options: StsOptions,
): Promise<{ account: string; arn: string; userId: string }> {
  const probe = new ServerClockProbe(options.now);
  const client = stsClient(credentials, options, probe);
  const { totalMs } = networkTimeouts(options.env);
  try {
    const out = await client.send(new GetCallerIdentityCommand({}), {
      abortSignal: AbortSignal.timeout(totalMs),
    });
    return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
  } catch (error) {
    throw classifyAwsError(error, {
      operation: 'Checking the access key',
      probe,
      now: options.now,
      endpoint: describeEndpoint('STS', options.region, options.env),
      timeoutMs: totalMs,
    });
  } finally {
    client.destroy();
  }
}
