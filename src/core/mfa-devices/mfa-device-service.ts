/**
 * Virtual MFA devices of a profile's IAM user: create (with a QR code rendered here), enable with two
 * consecutive codes, resync, list (with the account's unassigned "orphans"), remove, and the opt-in
 * built-in authenticator. The CLI (`mfa-tray mfa …`) and the tray's setup screen both drive this class.
 *
 * Secrets: the device's seed exists only in memory between create and enable (or abandon), in the DTO that
 * create returns for the setup screen, and — only after an explicit opt-in — in the keychain for the
 * built-in authenticator. Every other DTO here is free of secrets.
 */
import { MAX_MFA_DEVICES_PER_USER } from '../aws/iam-errors';
import { BuiltInAuthenticator } from '../codes/built-in-authenticator';
import type { Clock } from '../clock';
import { MfaTrayError } from '../errors';
import type { BaseKeys, SecretStore, SessionCredentials } from '../keychain/secret-store';
import type { ProfileStore } from '../profiles';
import type { LoginResult, ProfileStatus } from '../mfa-tray-core';
import { assertMfaSerial } from '../profile-validation';
import { hashCode } from '../totp';
import { checkCodes, DeviceEnrolment } from './device-enrolment';
import { DeviceRemoval } from './device-removal';
import { DeviceSetups } from './device-setups';
import { IamDevices, isVirtual, type CallerIdentityLookup, type IamClientFactory } from './iam-devices';
import type {
  AbandonResult,
  AssignedDevice,
  BuiltInAuthenticatorStatus,
  CreatedVirtualDevice,
  EnableResult,
  MfaDeviceList,
  RemovalPlan,
  RemovalResult,
} from './results';

/** A profile's keys, session, status and login (the core's). */
export interface ProfileSessions {
  baseKeys(name: string): Promise<BaseKeys>;
  cachedSession(name: string, minValidityMs?: number): Promise<SessionCredentials | undefined>;
  profileStatus(name: string): ProfileStatus;
  login(name: string, rawCode: string): Promise<LoginResult>;
}

/** The profile side the device service works on. MfaTrayCore is one. */
export interface MfaDeviceDeps extends ProfileSessions {
  readonly profiles: ProfileStore;
  readonly secrets: SecretStore;
  readonly clock: Clock;
  readonly env: NodeJS.ProcessEnv;
}

export interface MfaDeviceSeams {
  /** Default: the SDK's IAM client (loaded only when a call is made). */
  iamClient?: IamClientFactory;
  /** Default: STS through the SDK. */
  callerIdentity?: CallerIdentityLookup;
  /** The owner of unfinished setups (the tray passes one with an on-expired callback). */
  setups?: DeviceSetups;
  authenticator?: BuiltInAuthenticator;
}

function deviceNameOf(serial: string): string {
  return serial.slice(serial.lastIndexOf('/') + 1);
}

export class MfaDeviceService {
  /** Unfinished setups: their seeds, in memory only. */
  readonly setups: DeviceSetups;
  readonly authenticator: BuiltInAuthenticator;
  private readonly profiles: ProfileStore;
  private readonly clock: Clock;
  private readonly sessions: ProfileSessions;
  /** The profile's IAM user and the MFA-device calls. */
  private readonly aws: IamDevices;
  private readonly enrolment: DeviceEnrolment;
  private readonly removal: DeviceRemoval;

  constructor(deps: MfaDeviceDeps, seams: MfaDeviceSeams = {}) {
    this.profiles = deps.profiles;
    this.clock = deps.clock;
    this.sessions = deps;
    this.aws = new IamDevices({
      clock: deps.clock,
      env: deps.env,
      sessions: deps,
      iamClient: seams.iamClient,
      callerIdentity: seams.callerIdentity,
    });
    this.setups = seams.setups ?? new DeviceSetups(deps.clock);
    this.authenticator =
      seams.authenticator ??
      new BuiltInAuthenticator({ profiles: deps.profiles, secrets: deps.secrets, clock: deps.clock });
    this.enrolment = new DeviceEnrolment({
      profiles: deps.profiles,
      clock: deps.clock,
      aws: this.aws,
      setups: this.setups,
      authenticator: this.authenticator,
      sessions: deps,
    });
    this.removal = new DeviceRemoval({
      profiles: deps.profiles,
      aws: this.aws,
      setups: this.setups,
      authenticator: this.authenticator,
      sessions: deps,
    });
  }

  // ---- create / enable / abandon (see DeviceEnrolment) ----------------------------------------------------

  /** CreateVirtualMFADevice, with its QR code; the seed is kept in memory as an unfinished setup. */
  async create(
    profileName: string,
    deviceName: string,
    options: { path?: string } = {},
  ): Promise<CreatedVirtualDevice> {
    return this.enrolment.create(profileName, deviceName, options);
  }

  /**
   * EnableMFADevice with two consecutive codes for the profile's IAM user; on success the profile logs in
   * with this device from now on. `builtInAuthenticator` keeps the seed in the keychain (explicit opt-in):
   * the seed is the one from create() in this process, or `seedBase32`.
   */
  async enable(
    profileName: string,
    serialNumber: string,
    code1: string,
    code2: string,
    options: { builtInAuthenticator?: boolean; seedBase32?: string } = {},
  ): Promise<EnableResult> {
    return this.enrolment.enable(profileName, serialNumber, code1, code2, options);
  }

  /** Enables a device whose seed we hold with codes computed here, keeping the seed (explicit opt-in only). */
  async enableWithBuiltInAuthenticator(
    profileName: string,
    serialNumber: string,
    seedBase32?: string,
  ): Promise<EnableResult> {
    return this.enrolment.enableWithBuiltInAuthenticator(profileName, serialNumber, seedBase32);
  }

  /** Forgets the setup and deletes the device if it is still unassigned; never one enabled for someone. */
  async abandon(profileName: string, serialNumber: string): Promise<AbandonResult> {
    return this.enrolment.abandon(profileName, serialNumber);
  }

  /** Abandons every setup this process started and did not finish (the tray calls this when its window closes). */
  async abandonAllPending(): Promise<AbandonResult[]> {
    return this.enrolment.abandonAllPending();
  }

  /** Setups waiting for their codes (no secrets). */
  pendingSetups(): { profile: string; serialNumber: string; deviceName: string }[] {
    return this.setups.list().map(({ profile, serialNumber, deviceName }) => ({
      profile,
      serialNumber,
      deviceName,
    }));
  }

  /** The seed of a device created here and not yet enabled (for the CLI's local code check). */
  pendingSeed(serialNumber: string): string | undefined {
    return this.setups.get(serialNumber)?.seed;
  }

  // ---- resync / list / remove -----------------------------------------------------------------------------

  /** ResyncMFADevice with two consecutive codes; the device defaults to the one the profile logs in with. */
  async resync(
    profileName: string,
    serialNumber: string | undefined,
    code1: string,
    code2: string,
  ): Promise<{ serialNumber: string }> {
    const profile = this.profiles.get(profileName);
    const serial = serialNumber ?? profile.mfaSerial;
    if (!serial) {
      throw new MfaTrayError('no-mfa-device', `The profile "${profile.name}" has no MFA device to resync.`, {
        hint: `Set one up with \`mfa-tray mfa create DEVICE_NAME --profile ${profile.name}\`.`,
      });
    }
    assertMfaSerial(serial);
    const [c1, c2] = checkCodes(code1, code2, this.clock.now());
    const caller = await this.aws.caller(profile);
    const { ResyncMFADeviceCommand } = await import('@aws-sdk/client-iam');
    await this.aws.call(
      profile,
      { action: 'iam:ResyncMFADevice', resource: this.aws.userArn(caller), what: 'resync the MFA device' },
      (client) =>
        client.send(
          new ResyncMFADeviceCommand({
            UserName: caller.userName,
            SerialNumber: serial,
            AuthenticationCode1: c1,
            AuthenticationCode2: c2,
          }),
        ),
      {
        NoSuchEntity: () =>
          new MfaTrayError(
            'mfa-device-not-found',
            `${serial} is not an MFA device of IAM user ${caller.userName}.`,
            {
              hint: `See \`mfa-tray mfa list --profile ${profile.name}\`.`,
            },
          ),
      },
    );
    if (serial === profile.mfaSerial) {
      const usedAt = new Date(this.clock.now()).toISOString();
      await this.profiles.updateProfile(profile.name, (p) => {
        p.lastCode = { hash: hashCode(serial, c2), usedAt };
      });
    }
    return { serialNumber: serial };
  }

  /** The user's devices (with enable dates) and the account's unassigned virtual devices ("orphans"). */
  async list(profileName: string): Promise<MfaDeviceList> {
    const profile = this.profiles.get(profileName);
    const caller = await this.aws.caller(profile);
    const stored = await this.authenticator.read(profile.name);
    const assigned = (await this.aws.listAssigned(profile, caller)).map((d): AssignedDevice => ({
      serialNumber: d.serialNumber,
      enableDate: d.enableDate,
      virtual: isVirtual(d.serialNumber),
      isLoginDevice: d.serialNumber === profile.mfaSerial,
      builtInAuthenticator: stored?.serialNumber === d.serialNumber,
    }));
    const list: MfaDeviceList = {
      profile: profile.name,
      userName: caller.userName,
      accountId: caller.accountId,
      loginDevice: profile.mfaSerial ?? null,
      limit: MAX_MFA_DEVICES_PER_USER,
      assigned,
      orphans: null,
    };
    try {
      list.orphans = (await this.aws.listUnassigned(profile)).map((serialNumber) => ({
        serialNumber,
        deviceName: deviceNameOf(serialNumber),
        setupInProgress: this.setups.has(serialNumber),
      }));
    } catch (error) {
      if (!(error instanceof MfaTrayError) || !['access-denied', 'mfa-session-required'].includes(error.kind))
        throw error;
      list.orphansUnavailable = error.toOneLine();
    }
    return list;
  }

  /** What removing a device means, for the confirmation; throws mfa-device-not-found for a stranger's device. */
  async describeRemoval(profileName: string, serialNumber: string): Promise<RemovalPlan> {
    return this.removal.describe(profileName, serialNumber);
  }

  /**
   * DeactivateMFADevice then DeleteVirtualMFADevice (an unassigned device is just deleted). Removing the device
   * the profile logs in with needs `confirmedCurrent` (the second confirmation).
   */
  async remove(
    profileName: string,
    serialNumber: string,
    options: { confirmedCurrent?: boolean } = {},
  ): Promise<RemovalResult> {
    return this.removal.remove(profileName, serialNumber, options);
  }

  // ---- built-in authenticator (opt-in) ---------------------------------------------------------------------

  /** Keeps the seed of the profile's login device in the keychain. Read BUILT_IN_AUTHENTICATOR_WARNING first. */
  async enableBuiltInAuthenticator(
    profileName: string,
    seedBase32: string,
  ): Promise<BuiltInAuthenticatorStatus> {
    return this.authenticator.enable(profileName, seedBase32);
  }

  /** Deletes the kept seed; codes must be typed again. Returns whether there was one. */
  async disableBuiltInAuthenticator(profileName: string): Promise<boolean> {
    return this.authenticator.disable(profileName);
  }

  async builtInAuthenticator(profileName: string): Promise<BuiltInAuthenticatorStatus> {
    return this.authenticator.status(profileName);
  }

  /**
   * Logs in with a code from the built-in authenticator: no typing, so the tray can refresh silently. When
   * the current code was already used (AWS takes each once), waits for the next one unless told not to.
   */
  async loginWithBuiltInAuthenticator(
    profileName: string,
    options: { waitForFreshCode?: boolean } = {},
  ): Promise<LoginResult> {
    return this.sessions.login(profileName, await this.builtInCode(profileName, options));
  }

  /**
   * The built-in authenticator's code for the profile's device, as a phone shows it now — or the next one
   * when this one was already used (AWS takes each once), unless told not to wait.
   */
  async builtInCode(profileName: string, options: { waitForFreshCode?: boolean } = {}): Promise<string> {
    return this.authenticator.code(profileName, options);
  }
}
