import { IAMClient, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import { userNameFromArn } from '../rules/profile-rules';
import { networkTimeouts, requestHandlerOptions } from '../network-timeouts';
import {
  attachClockProbe,
  classifyAwsError,
  describeEndpoint,
  endpointFor,
  ServerClockProbe,
  type AwsCredentialsInput,
} from '../aws-client';

export interface IamOptions {
  /** IAM is global, but the partition follows the region. */
  region: string;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

export function iamClient(
  credentials: AwsCredentialsInput,
  options: IamOptions,
  probe: ServerClockProbe,
): IAMClient {
  const client = new IAMClient({
    region: options.region,
    credentials,
    endpoint: endpointFor('IAM', options.env),
    maxAttempts: 4,
    requestHandler: requestHandlerOptions(networkTimeouts(options.env)),
  });
  attachClockProbe(client, probe);
  return client;
}

export interface MfaDeviceSummary {
  serialNumber: string;
  enableDate?: string;
  userName?: string;
}

// The IAM user name in a caller ARN (root and roles: undefined); the pattern is in src/core/rules.
export { userNameFromArn };

/**
 * Every MFA device IAM lists for `userName` (all pages), or for the caller when no name is given. The one
 * ListMFADevices of the app: device discovery at `profile add` and the device list both use it.
 */
export async function listMfaDevices(
  client: IAMClient,
  userName: string | undefined,
  options: { abortSignal?: AbortSignal } = {},
): Promise<MfaDeviceSummary[]> {
  const devices: MfaDeviceSummary[] = [];
  let marker: string | undefined;
  do {
    const out = await client.send(
      new ListMFADevicesCommand({
        ...(userName ? { UserName: userName } : {}),
        ...(marker ? { Marker: marker } : {}),
      }),
      options.abortSignal ? { abortSignal: options.abortSignal } : {},
    );
    for (const d of out.MFADevices ?? []) {
      if (!d.SerialNumber) continue;
      devices.push({
        serialNumber: d.SerialNumber,
        ...(d.EnableDate ? { enableDate: d.EnableDate.toISOString() } : {}),
        ...(d.UserName ? { userName: d.UserName } : {}),
      });
    }
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return devices;
}

/**
 * The MFA devices assigned to the caller. The user name is passed explicitly (from the caller's ARN):
 * AWS infers it when absent, but not every IAM-compatible endpoint does.
 */
export async function listMyMfaDevices(
  credentials: AwsCredentialsInput,
  options: IamOptions,
  callerArn?: string,
): Promise<MfaDeviceSummary[]> {
  const probe = new ServerClockProbe(options.now);
  const client = iamClient(credentials, options, probe);
  const userName = callerArn ? userNameFromArn(callerArn) : undefined;
  const { totalMs } = networkTimeouts(options.env);
  try {
    // The bound for the whole listing, every page and retry included.
    return await listMfaDevices(client, userName, { abortSignal: AbortSignal.timeout(totalMs) });
  } catch (error) {
    throw classifyAwsError(error, {
      operation: 'Looking up your MFA device',
      probe,
      now: options.now,
      endpoint: describeEndpoint('IAM', options.region, options.env),
      timeoutMs: totalMs,
    });
  } finally {
    client.destroy();
  }
}
