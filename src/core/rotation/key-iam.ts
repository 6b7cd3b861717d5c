/**
 * The few IAM and STS calls a key rotation makes, as small interfaces (KeyRotation takes them through its
 * constructor) and their AWS SDK implementation. Errors come out classified (MfaTrayError), with the AWS code
 * in details.awsCode.
 */
import type { AwsCredentialsInput } from '../aws-client';
import { classifyAwsError, ServerClockProbe } from '../aws-client';
import { MfaTrayError } from '../errors';

export interface AccessKeyInfo {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  /** ISO 8601, or null when IAM did not say. */
  createDate: string | null;
}

export interface AccessKeyLastUsed {
  /** ISO 8601, or null when the key has never been used. */
  date: string | null;
  serviceName: string | null;
  region: string | null;
}

/** IAM calls with one set of credentials. */
export interface KeyIam {
  listAccessKeys(userName: string): Promise<AccessKeyInfo[]>;
  createAccessKey(
    userName: string,
  ): Promise<{ accessKeyId: string; secretAccessKey: string; createDate: string | null }>;
  updateAccessKey(userName: string, accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void>;
  /** 'not-found' when the key is already gone (a repeated delete after a crash is fine). */
  deleteAccessKey(userName: string, accessKeyId: string): Promise<'deleted' | 'not-found'>;
  getAccessKeyLastUsed(accessKeyId: string): Promise<AccessKeyLastUsed>;
}

export type KeyIamFactory = (credentials: AwsCredentialsInput, region: string) => KeyIam;

export interface CallerIdentity {
  account: string;
  arn: string;
}

/** STS GetCallerIdentity signed with the given credentials, one attempt (the caller decides on retries). */
export type CallerIdentityCheck = (
  credentials: AwsCredentialsInput,
  region: string,
) => Promise<CallerIdentity>;

const TIMEOUT_MS = 15_000;

/** The SDK implementation; every call has a timeout. */
export function sdkKeyIamFactory(env: NodeJS.ProcessEnv = process.env): KeyIamFactory {
  return (credentials, region) => {
    const call = async <T>(
      operation: string,
      run: (
        client: import('@aws-sdk/client-iam').IAMClient,
        sdk: typeof import('@aws-sdk/client-iam'),
      ) => Promise<T>,
    ): Promise<T> => {
      const sdk = await import('@aws-sdk/client-iam');
      const { iamClient } = await import('../aws/iam.js');
      const probe = new ServerClockProbe(Date.now);
      const client = iamClient(plain(credentials), { region, env }, probe);
      try {
        return await run(client, sdk);
      } catch (error) {
        throw classifyAwsError(error, { operation, probe, now: Date.now });
      } finally {
        client.destroy();
      }
    };
    const signal = () => ({ abortSignal: AbortSignal.timeout(TIMEOUT_MS) });
    return {
      listAccessKeys: (userName) =>
        call('Listing your access keys', async (client, sdk) => {
          const keys: AccessKeyInfo[] = [];
          let marker: string | undefined;
          do {
            const out = await client.send(
              new sdk.ListAccessKeysCommand({ UserName: userName, ...(marker ? { Marker: marker } : {}) }),
              signal(),
            );
            for (const k of out.AccessKeyMetadata ?? []) {
              if (!k.AccessKeyId) continue;
              keys.push({
                accessKeyId: k.AccessKeyId,
                status: k.Status === 'Inactive' ? 'Inactive' : 'Active',
                createDate: k.CreateDate?.toISOString() ?? null,
              });
            }
            marker = out.IsTruncated ? out.Marker : undefined;
          } while (marker);
          return keys;
        }),
      createAccessKey: (userName) =>
        call('Creating the new access key', async (client, sdk) => {
          const out = await client.send(new sdk.CreateAccessKeyCommand({ UserName: userName }), signal());
          const k = out.AccessKey;
          if (!k?.AccessKeyId || !k.SecretAccessKey) {
            throw new MfaTrayError('server', 'AWS answered CreateAccessKey without a key.');
          }
          return {
            accessKeyId: k.AccessKeyId,
            secretAccessKey: k.SecretAccessKey,
            createDate: k.CreateDate?.toISOString() ?? null,
          };
        }),
      updateAccessKey: (userName, accessKeyId, status) =>
        call('Deactivating the old access key', async (client, sdk) => {
          await client.send(
            new sdk.UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status }),
            signal(),
          );
        }),
      deleteAccessKey: (userName, accessKeyId) =>
        call('Deleting an access key', async (client, sdk) => {
          try {
            await client.send(
              new sdk.DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId }),
              signal(),
            );
            return 'deleted' as const;
          } catch (error) {
            if (isNoSuchEntity(error)) return 'not-found' as const;
            throw error;
          }
        }),
      getAccessKeyLastUsed: (accessKeyId) =>
        call('Looking up when the access key was last used', async (client, sdk) => {
          const out = await client.send(
            new sdk.GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }),
            signal(),
          );
          const used = out.AccessKeyLastUsed;
          const known = (v: string | undefined) => (v && v !== 'N/A' ? v : null);
          return {
            date: used?.LastUsedDate?.toISOString() ?? null,
            serviceName: known(used?.ServiceName),
            region: known(used?.Region),
          };
        }),
    };
  };
}

export function sdkCallerIdentityCheck(env: NodeJS.ProcessEnv = process.env): CallerIdentityCheck {
  return async (credentials, region) => {
    const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const { attachClockProbe, endpointFor } = await import('../aws-client.js');
    const probe = new ServerClockProbe(Date.now);
    // One attempt: the rotation retries with its own backoff while a new key propagates.
    const client = new STSClient({
      region,
      credentials: plain(credentials),
      endpoint: endpointFor('STS', env),
      maxAttempts: 1,
    });
    attachClockProbe(client, probe);
    try {
      const out = await client.send(new GetCallerIdentityCommand({}), {
        abortSignal: AbortSignal.timeout(TIMEOUT_MS),
      });
      return { account: out.Account ?? '', arn: out.Arn ?? '' };
    } catch (error) {
      throw classifyAwsError(error, { operation: 'Checking the new access key', probe, now: Date.now });
    } finally {
      client.destroy();
    }
  };
}

/**
 * Only the three fields the SDK signs with: a cached session also carries `expiration` as an ISO string,
 * which the SDK would take for a Date.
 */
function plain(c: AwsCredentialsInput): AwsCredentialsInput {
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
  };
}

function isNoSuchEntity(error: unknown): boolean {
  const e = error as { name?: string; Code?: string } | null;
  return (e?.Code ?? e?.name ?? '').replace(/Exception$/, '') === 'NoSuchEntity';
}
