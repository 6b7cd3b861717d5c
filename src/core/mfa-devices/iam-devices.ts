/**
 * The IAM side of a profile's MFA devices: which IAM user its keys belong to, and the MFA-device calls,
 * each made with whichever credentials the account's policy lets through (see aws/iam-access.ts).
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { ServerClockProbe, type AwsCredentialsInput } from '../aws-client';
import type { IamOptions } from '../aws/iam';
import { callWithIamAccess, type IamAccess, type IamPermission } from '../aws/iam-access';
import { classifyIamMfaError, type IamErrorOverrides } from '../aws/iam-errors';
import type { Clock } from '../clock';
import { MfaTrayError } from '../errors';
import type { Profile } from '../profiles';
import { isVirtualMfaSerial } from '../rules/profile-rules';
import type { ProfileSessions } from './mfa-device-service';
import { ROOT_USER_ARN_PATTERN } from '../rules/profile-rules';

/** Builds the IAM client of one call (it must report the server's clock to `probe`). */
export type IamClientFactory = (
  credentials: AwsCredentialsInput,
  options: IamOptions,
  probe: ServerClockProbe,
) => IAMClient | Promise<IAMClient>;

/** Who the credentials belong to (STS GetCallerIdentity). */
export type CallerIdentityLookup = (
  credentials: AwsCredentialsInput,
  options: IamOptions,
) => Promise<{ account: string; arn: string }>;

const sdkIamClient: IamClientFactory = async (credentials, options, probe) =>
  (await import('../aws/iam.js')).iamClient(credentials, options, probe);

const sdkCallerIdentity: CallerIdentityLookup = async (credentials, options) =>
  (await import('../aws/sts.js')).getCallerIdentity(credentials, options);

/** A virtual device (not a hardware token): its serial is an ARN of the account's `mfa/`. */
export function isVirtual(serial: string): boolean {
  return isVirtualMfaSerial(serial);
}

/** The IAM user a profile's keys belong to. */
export interface Caller {
  accountId: string;
  userName: string;
  partition: string;
}

export interface IamDevicesDeps {
  readonly clock: Clock;
  readonly env: NodeJS.ProcessEnv;
  readonly sessions: Pick<ProfileSessions, 'baseKeys' | 'cachedSession'>;
  iamClient?: IamClientFactory;
  callerIdentity?: CallerIdentityLookup;
}

export class IamDevices {
  private readonly clock: Clock;
  private readonly env: NodeJS.ProcessEnv;
  private readonly sessions: Pick<ProfileSessions, 'baseKeys' | 'cachedSession'>;
  private readonly iamClient: IamClientFactory;
  private readonly callerIdentity: CallerIdentityLookup;
  private readonly callers = new Map<string, Caller>();
  /** Profiles whose base keys were refused for IAM while their MFA session worked. */
  private readonly sessionFirst = new Set<string>();

  constructor(deps: IamDevicesDeps) {
    this.clock = deps.clock;
    this.env = deps.env;
    this.sessions = deps.sessions;
    this.iamClient = deps.iamClient ?? sdkIamClient;
    this.callerIdentity = deps.callerIdentity ?? sdkCallerIdentity;
  }

  options(profile: Profile): IamOptions {
    return { region: profile.region, env: this.env, now: () => this.clock.now() };
  }

  /** The profile's IAM user, from GetCallerIdentity (needs no permission). Root is refused with an explanation. */
  async caller(profile: Profile): Promise<Caller> {
    // Keyed by the access key too: a profile re-added with another user's key is another caller.
    const cacheKey = `${profile.name}\n${profile.accessKeyIdSuffix ?? ''}`;
    const known = this.callers.get(cacheKey);
    if (known) return known;
    const { userNameFromArn } = await import('../aws/iam.js');
    const identity = await this.callerIdentity(
      await this.sessions.baseKeys(profile.name),
      this.options(profile),
    );
    const partition = identity.arn.split(':')[1] || 'aws';
    if (ROOT_USER_ARN_PATTERN.test(identity.arn)) {
      throw new MfaTrayError(
        'root-user',
        `The keys of "${profile.name}" belong to the account's root user.`,
        {
          hint: 'The root user’s MFA device is set up in the AWS console (account menu → Security credentials → Assign MFA device). Better still, use an IAM user’s keys for the CLI.',
        },
      );
    }
    const userName = userNameFromArn(identity.arn);
    if (!userName) {
      throw new MfaTrayError(
        'invalid-base-key',
        `The keys of "${profile.name}" are not an IAM user's (${identity.arn}).`,
        {
          hint: 'mfa-tray manages MFA devices of IAM users; store an IAM user’s access key.',
        },
      );
    }
    const caller = { accountId: identity.account, userName, partition };
    this.callers.set(cacheKey, caller);
    return caller;
  }

  userArn(caller: Caller): string {
    return `arn:${caller.partition}:iam::${caller.accountId}:user/${caller.userName}`;
  }

  mfaArn(caller: Caller, name: string): string {
    return `arn:${caller.partition}:iam::${caller.accountId}:mfa/${name}`;
  }

  /** One IAM call with whichever credentials the account's policy lets through (see callWithIamAccess). */
  async call<T>(
    profile: Profile,
    permission: IamPermission,
    run: (client: IAMClient) => Promise<T>,
    overrides: IamErrorOverrides = {},
  ): Promise<T> {
    const options = this.options(profile);
    const access: IamAccess = {
      profile: profile.name,
      hasMfaDevice: profile.mfaSerial !== undefined,
      baseKeys: () => this.sessions.baseKeys(profile.name),
      mfaSession: () => this.sessions.cachedSession(profile.name, 60_000),
      sessionFirst: this.sessionFirst.has(profile.name),
    };
    const operation = permission.what.charAt(0).toUpperCase() + permission.what.slice(1);
    const { value, via } = await callWithIamAccess(access, permission, async (credentials) => {
      const probe = new ServerClockProbe(options.now);
      const client = await this.iamClient({ ...credentials }, options, probe);
      try {
        return await run(client);
      } catch (error) {
        throw classifyIamMfaError(error, { operation, probe, now: options.now }, overrides);
      } finally {
        client.destroy();
      }
    });
    if (via === 'mfa-session') this.sessionFirst.add(profile.name);
    else this.sessionFirst.delete(profile.name);
    return value;
  }

  async listAssigned(
    profile: Profile,
    caller: Caller,
  ): Promise<{ serialNumber: string; enableDate: string | null }[]> {
    const { listMfaDevices } = await import('../aws/iam.js');
    const devices = await this.call(
      profile,
      { action: 'iam:ListMFADevices', resource: this.userArn(caller), what: 'list your MFA devices' },
      (client) => listMfaDevices(client, caller.userName),
    );
    return devices.map((d) => ({ serialNumber: d.serialNumber, enableDate: d.enableDate ?? null }));
  }

  async listUnassigned(profile: Profile): Promise<string[]> {
    const { ListVirtualMFADevicesCommand } = await import('@aws-sdk/client-iam');
    return this.call(
      profile,
      {
        action: 'iam:ListVirtualMFADevices',
        resource: '*',
        what: "list the account's unassigned virtual MFA devices",
      },
      async (client) => {
        const serials: string[] = [];
        let marker: string | undefined;
        do {
          const out = await client.send(
            new ListVirtualMFADevicesCommand({
              AssignmentStatus: 'Unassigned',
              ...(marker ? { Marker: marker } : {}),
            }),
          );
          for (const d of out.VirtualMFADevices ?? []) if (d.SerialNumber) serials.push(d.SerialNumber);
          marker = out.IsTruncated ? out.Marker : undefined;
        } while (marker);
        return serials;
      },
    );
  }

  async deleteVirtual(profile: Profile, caller: Caller, serialNumber: string): Promise<void> {
    const { DeleteVirtualMFADeviceCommand } = await import('@aws-sdk/client-iam');
    await this.call(
      profile,
      {
        action: 'iam:DeleteVirtualMFADevice',
        resource: this.mfaArn(caller, '*'),
        what: 'delete the virtual MFA device',
      },
      (client) => client.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber })),
      {
        DeleteConflict: () =>
          new MfaTrayError(
            'entity-exists',
            `${serialNumber} is still enabled for an IAM user, so AWS keeps it.`,
            {
              hint: 'Deactivate it first (`mfa-tray mfa remove` does both for your own devices).',
            },
          ),
        NoSuchEntity: () =>
          new MfaTrayError('mfa-device-not-found', `There is no virtual MFA device ${serialNumber}.`),
      },
    );
  }
}
