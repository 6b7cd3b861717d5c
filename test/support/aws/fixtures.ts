// Test setup as the account's administrator would do it: an admin IAM client, IAM users with access keys and
// (by default) an enabled virtual MFA device whose seed the test keeps, like a phone would — and the admin's
// view of what the code under test left in IAM (devices, keys).

import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import type { AwsTestEnv } from '../aws-test-env';
import { codeForStep, totpStep, waitForFreshWindow } from '../totp';

export interface TestUser {
  userName: string;
  arn: string;
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  serialNumber?: string;
  seed?: string /* base32 */;
}

/** An IAM client for test setup, acting as the account's administrator through the layer. */
export function adminIamClient(env: AwsTestEnv): IAMClient {
  // A copy: the SDK tags the credentials object it is given.
  return new IAMClient({
    region: env.region,
    endpoint: env.endpoint,
    credentials: { ...env.adminCredentials },
  });
}

/**
 * CreateUser + CreateAccessKey; with MFA (default) also CreateVirtualMFADevice + EnableMFADevice, enabled with
 * the codes of the two windows BEFORE the current one, so the current code is still unused for the test.
 */
export async function createUser(
  env: AwsTestEnv,
  userName: string,
  options: { withMfa?: boolean } = {},
): Promise<TestUser> {
  const iam = adminIamClient(env);
  try {
    const { User } = await iam.send(new CreateUserCommand({ UserName: userName }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    if (!User?.Arn || !AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey) {
      throw new Error(`incomplete CreateUser/CreateAccessKey answer for ${userName}`);
    }
    const user: TestUser = {
      userName,
      arn: User.Arn,
      accountId: User.Arn.split(':')[4] ?? '',
      accessKeyId: AccessKey.AccessKeyId,
      secretAccessKey: AccessKey.SecretAccessKey,
    };
    if (options.withMfa === false) return user;

    const { VirtualMFADevice } = await iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: userName }),
    );
    if (!VirtualMFADevice?.SerialNumber || !VirtualMFADevice.Base32StringSeed) {
      throw new Error(`incomplete CreateVirtualMFADevice answer for ${userName}`);
    }
    const seed = Buffer.from(VirtualMFADevice.Base32StringSeed).toString('ascii');
    // Both codes must still be within the server's ±1 window when the layer checks them.
    await waitForFreshWindow(3, env.layer.serverClockOffsetSeconds);
    const current = totpStep(env.layer.serverNow().getTime());
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: userName,
        SerialNumber: VirtualMFADevice.SerialNumber,
        AuthenticationCode1: codeForStep(seed, current - 2),
        AuthenticationCode2: codeForStep(seed, current - 1),
      }),
    );
    return { ...user, serialNumber: VirtualMFADevice.SerialNumber, seed };
  } finally {
    iam.destroy();
  }
}

async function asAdmin<T>(env: AwsTestEnv, call: (iam: IAMClient) => Promise<T>): Promise<T> {
  const iam = adminIamClient(env);
  try {
    return await call(iam);
  } finally {
    iam.destroy();
  }
}

/** Serial numbers of the account's virtual MFA devices that no user has (left behind, or spare). */
export function unassignedMfaSerials(env: AwsTestEnv): Promise<string[]> {
  return asAdmin(env, async (iam) => {
    const out = await iam.send(
      new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned', MaxItems: 1000 }),
    );
    return (out.VirtualMFADevices ?? []).map((d) => d.SerialNumber ?? '');
  });
}

/** Serial numbers of the MFA devices assigned to the user. */
export function userMfaSerials(env: AwsTestEnv, userName: string): Promise<string[]> {
  return asAdmin(env, async (iam) => {
    const out = await iam.send(new ListMFADevicesCommand({ UserName: userName }));
    return (out.MFADevices ?? []).map((d) => d.SerialNumber ?? '');
  });
}

/** The user's access keys (id, status), in IAM's order. */
export function accessKeysOf(env: AwsTestEnv, userName: string): Promise<{ id: string; status: string }[]> {
  return asAdmin(env, async (iam) => {
    const out = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
    return (out.AccessKeyMetadata ?? []).map((k) => ({ id: k.AccessKeyId!, status: k.Status! }));
  });
}
