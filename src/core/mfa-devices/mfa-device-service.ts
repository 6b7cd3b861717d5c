/**
 * Virtual MFA devices of a profile's IAM user: create (with a QR code rendered here), enable with two
 * consecutive codes, resync, list (with the account's unassigned "orphans"), remove, and the opt-in
 * built-in authenticator. The CLI (`mfa-tray mfa …`) and the tray's setup screen both drive this class.
 *
 * Secrets: the device's seed exists only in memory between create and enable (or abandon), in the DTO that
 * create returns for the setup screen, and — only after an explicit opt-in — in the keychain for the
 * built-in authenticator. Every other DTO here is free of secrets.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { ServerClockProbe, type AwsCredentialsInput } from '../aws-client';
import type { IamOptions } from '../aws/iam';
import { callWithIamAccess, type IamAccess, type IamPermission } from '../aws/iam-access';
import { classifyIamMfaError, MAX_MFA_DEVICES_PER_USER, type IamErrorOverrides } from '../aws/iam-errors';
import { BuiltInAuthenticator } from '../codes/built-in-authenticator';
import type { Clock } from '../clock';
import { MfaTrayError } from '../errors';
import type { BaseKeys, SecretStore, SessionCredentials } from '../keychain/secret-store';
import { normaliseSeed, otpauthUri, renderQr, seedFromAwsBlob } from '../otpauth';
import type { Profile, ProfileStore } from '../profiles';
import { assertMfaSerial, type LoginResult, type ProfileStatus } from '../mfa-tray-core';
import { generateCode, hashCode, normaliseCode, secondsUntilNextCode, TOTP_PERIOD_SECONDS } from '../totp';
import type { Note } from '../../shared/notes';
import { DeviceSetups } from './device-setups';
import { DEVICE_NAME_PATTERN, DEVICE_PATH_PATTERN } from './limits';
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

export interface MfaDeviceSeams {
  /** Default: the SDK's IAM client (loaded only when a call is made). */
  iamClient?: IamClientFactory;
  /** Default: STS through the SDK. */
  callerIdentity?: CallerIdentityLookup;
  /** The owner of unfinished setups (the tray passes one with an on-expired callback). */
  setups?: DeviceSetups;
  authenticator?: BuiltInAuthenticator;
}

const sdkIamClient: IamClientFactory = async (credentials, options, probe) =>
  (await import('../aws/iam.js')).iamClient(credentials, options, probe);

const sdkCallerIdentity: CallerIdentityLookup = async (credentials, options) =>
  (await import('../aws/sts.js')).getCallerIdentity(credentials, options);

interface Caller {
  accountId: string;
  userName: string;
  partition: string;
}

function isVirtual(serial: string): boolean {
  return /^arn:aws[a-z-]*:iam::\d{12}:mfa\//.test(serial);
}

function deviceNameOf(serial: string): string {
  return serial.slice(serial.lastIndexOf('/') + 1);
}

function checkCodes(code1: string, code2: string, nowMs: number): [string, string] {
  const c1 = normaliseCode(code1);
  const c2 = normaliseCode(code2);
  if (!c1 || !c2) {
    throw new MfaTrayError('invalid-input', 'Each MFA code is 6 digits.', {
      hint: 'Type the 6-digit codes your authenticator app shows, one after the other.',
    });
  }
  if (c1 === c2) {
    const wait = secondsUntilNextCode(nowMs);
    throw new MfaTrayError(
      'invalid-auth-codes',
      'The two codes are the same: AWS needs two consecutive codes.',
      {
        secondsUntilNextCode: wait,
        hint: `Enter the code shown now, then wait until the app shows the next one (in ${wait} s) and enter that.`,
      },
    );
  }
  return [c1, c2];
}

export class MfaDeviceService {
  /** Unfinished setups: their seeds, in memory only. */
  readonly setups: DeviceSetups;
  readonly authenticator: BuiltInAuthenticator;
  private readonly profiles: ProfileStore;
  private readonly clock: Clock;
  private readonly env: NodeJS.ProcessEnv;
  private readonly sessions: ProfileSessions;
  private readonly iamClient: IamClientFactory;
  private readonly callerIdentity: CallerIdentityLookup;
  private readonly callers = new Map<string, Caller>();
  /** Profiles whose base keys were refused for IAM while their MFA session worked. */
  private readonly sessionFirst = new Set<string>();

  constructor(deps: MfaDeviceDeps, seams: MfaDeviceSeams = {}) {
    this.profiles = deps.profiles;
    this.clock = deps.clock;
    this.env = deps.env;
    this.sessions = deps;
    this.iamClient = seams.iamClient ?? sdkIamClient;
    this.callerIdentity = seams.callerIdentity ?? sdkCallerIdentity;
    this.setups = seams.setups ?? new DeviceSetups(deps.clock);
    this.authenticator =
      seams.authenticator ??
      new BuiltInAuthenticator({ profiles: deps.profiles, secrets: deps.secrets, clock: deps.clock });
  }

  // ---- create / enable / abandon --------------------------------------------------------------------------

  async create(
    profileName: string,
    deviceName: string,
    options: { path?: string } = {},
  ): Promise<CreatedVirtualDevice> {
    if (!DEVICE_NAME_PATTERN.test(deviceName)) {
      throw new MfaTrayError(
        'invalid-input',
        `"${deviceName}" is not a valid MFA device name: use letters, digits and _ + = , . @ - (up to 226).`,
      );
    }
    const path = options.path ?? '/';
    if (path.length > 512 || !DEVICE_PATH_PATTERN.test(path)) {
      throw new MfaTrayError(
        'invalid-input',
        `"${path}" is not a valid IAM path: it starts and ends with / (like /team/).`,
      );
    }
    const profile = this.profiles.get(profileName);
    const caller = await this.caller(profile);

    // A ninth device could be created but never enabled: refuse before leaving an orphan behind.
    let assignedCount: number | undefined;
    try {
      assignedCount = (await this.listAssigned(profile, caller)).length;
    } catch (error) {
      if (!(error instanceof MfaTrayError) || !['access-denied', 'mfa-session-required'].includes(error.kind))
        throw error;
    }
    if (assignedCount !== undefined && assignedCount >= MAX_MFA_DEVICES_PER_USER) {
      throw new MfaTrayError(
        'mfa-device-limit',
        `IAM user ${caller.userName} already has ${assignedCount} MFA devices, the most AWS allows (${MAX_MFA_DEVICES_PER_USER}).`,
        {
          hint: `Remove one you no longer use first: \`mfa-tray mfa list --profile ${profile.name}\`, then \`mfa-tray mfa remove SERIAL --profile ${profile.name}\`.`,
        },
      );
    }

    const fullName = `${path}${deviceName}`;
    const { CreateVirtualMFADeviceCommand } = await import('@aws-sdk/client-iam');
    const out = await this.iam(
      profile,
      {
        action: 'iam:CreateVirtualMFADevice',
        resource: this.mfaArn(caller, '*'),
        what: 'create a virtual MFA device',
      },
      (client) =>
        client.send(
          new CreateVirtualMFADeviceCommand({
            VirtualMFADeviceName: deviceName,
            ...(path !== '/' ? { Path: path } : {}),
          }),
        ),
      {
        EntityAlreadyExists: () =>
          new MfaTrayError(
            'entity-exists',
            `A virtual MFA device named "${fullName}" already exists in account ${caller.accountId}.`,
            {
              hint: `Choose another name. If it is left over from an unfinished setup, \`mfa-tray mfa list --profile ${profile.name}\` shows it as unassigned and \`mfa-tray mfa remove SERIAL --profile ${profile.name}\` deletes it.`,
            },
          ),
        LimitExceeded: (message) =>
          new MfaTrayError(
            'mfa-device-limit',
            `AWS refused to create another virtual MFA device: ${message}`,
            {
              hint: `Delete unassigned devices (\`mfa-tray mfa list --profile ${profile.name}\` shows them) or ask your administrator to raise the account's quota.`,
            },
          ),
      },
    );
    const serialNumber = out.VirtualMFADevice?.SerialNumber;
    if (!serialNumber)
      throw new MfaTrayError('server', 'AWS answered CreateVirtualMFADevice without a serial number.');
    try {
      const seedBase32 = seedFromAwsBlob(out.VirtualMFADevice?.Base32StringSeed);
      const uri = otpauthUri({ seedBase32, deviceName, account: caller.accountId });
      const qr = await renderQr(uri);
      const pendingUntil = this.setups.add({
        profile: profile.name,
        serialNumber,
        deviceName,
        seed: seedBase32,
        createdAt: this.clock.now(),
      });
      return {
        serialNumber,
        deviceName,
        userName: caller.userName,
        accountId: caller.accountId,
        otpauthUri: uri,
        seedBase32,
        qr,
        pendingUntil: new Date(pendingUntil).toISOString(),
      };
    } catch (error) {
      // Nobody could ever enable it: do not leave it behind.
      await this.abandon(profile.name, serialNumber).catch(() => undefined);
      throw error;
    }
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
    assertMfaSerial(serialNumber);
    const [c1, c2] = checkCodes(code1, code2, this.clock.now());
    const profile = this.profiles.get(profileName);
    let seed: string | undefined;
    if (options.builtInAuthenticator) {
      seed =
        options.seedBase32 !== undefined
          ? normaliseSeed(options.seedBase32)
          : this.setups.get(serialNumber)?.seed;
      if (!seed) {
        throw new MfaTrayError(
          'invalid-input',
          options.seedBase32 !== undefined
            ? 'That is not a base32 MFA secret (the text key shown under the QR code).'
            : 'The secret of this device is only known while it is being set up here.',
          { hint: 'Turn the built-in authenticator on while creating the device, or give its secret key.' },
        );
      }
    }
    const caller = await this.caller(profile);
    const { EnableMFADeviceCommand } = await import('@aws-sdk/client-iam');
    await this.iam(
      profile,
      { action: 'iam:EnableMFADevice', resource: this.userArn(caller), what: 'enable the MFA device' },
      (client) =>
        client.send(
          new EnableMFADeviceCommand({
            UserName: caller.userName,
            SerialNumber: serialNumber,
            AuthenticationCode1: c1,
            AuthenticationCode2: c2,
          }),
        ),
      {
        EntityAlreadyExists: () =>
          new MfaTrayError('entity-exists', `${serialNumber} is already enabled for an IAM user.`, {
            hint: `See \`mfa-tray mfa list --profile ${profile.name}\`.`,
          }),
        NoSuchEntity: () =>
          new MfaTrayError(
            'mfa-device-not-found',
            `There is no virtual MFA device ${serialNumber} in account ${caller.accountId}.`,
            {
              hint: `It may have been deleted; create a new one with \`mfa-tray mfa create DEVICE_NAME --profile ${profile.name}\`.`,
            },
          ),
        LimitExceeded: () =>
          new MfaTrayError(
            'mfa-device-limit',
            `IAM user ${caller.userName} already has ${MAX_MFA_DEVICES_PER_USER} MFA devices, the most AWS allows.`,
            {
              hint: `Remove one first (\`mfa-tray mfa list --profile ${profile.name}\`), then enable this one with two new codes.`,
            },
          ),
      },
    );

    const previousSerial = profile.mfaSerial && profile.mfaSerial !== serialNumber ? profile.mfaSerial : null;
    const notes: Note[] = [];
    if (previousSerial) {
      notes.push({
        code: 'login-device-replaced',
        profile: profile.name,
        previousSerial,
        serialNumber,
        userName: caller.userName,
      });
    }
    const usedAt = new Date(this.clock.now()).toISOString();
    await this.profiles.updateProfile(profile.name, (p) => {
      p.mfaSerial = serialNumber;
      // AWS has consumed the second code: a login with it would fail like a wrong code.
      p.lastCode = { hash: hashCode(serialNumber, c2), usedAt };
    });
    if (seed) {
      await this.authenticator.store(profile.name, { serialNumber, seed });
    } else {
      const stored = await this.authenticator.read(profile.name);
      if (stored && stored.serialNumber !== serialNumber) {
        await this.authenticator.forget(profile.name);
        notes.push({ code: 'authenticator-secret-deleted' });
      }
    }
    this.setups.delete(serialNumber);
    return {
      serialNumber,
      userName: caller.userName,
      profile: this.sessions.profileStatus(profile.name),
      previousSerial,
      builtInAuthenticator: seed !== undefined,
      notes,
    };
  }

  /**
   * Enables a device whose seed we hold (from create(), or given) with codes computed here, and keeps the
   * seed as the profile's built-in authenticator. Only after the user's explicit opt-in.
   */
  async enableWithBuiltInAuthenticator(
    profileName: string,
    serialNumber: string,
    seedBase32?: string,
  ): Promise<EnableResult> {
    const seed = seedBase32 !== undefined ? normaliseSeed(seedBase32) : this.setups.get(serialNumber)?.seed;
    if (!seed) {
      throw new MfaTrayError('invalid-input', 'The secret of this device is not known here.', {
        hint: 'Give the secret key shown when the device was created, or create a new device.',
      });
    }
    const step = Math.floor(this.clock.now() / 1000 / TOTP_PERIOD_SECONDS);
    // AWS accepts the pair ending in the current window (±1); the previous and the current one are safe.
    let c1 = await generateCode(seed, (step - 1) * TOTP_PERIOD_SECONDS * 1000);
    let c2 = await generateCode(seed, step * TOTP_PERIOD_SECONDS * 1000);
    if (c1 === c2) {
      c1 = await generateCode(seed, (step - 2) * TOTP_PERIOD_SECONDS * 1000);
      c2 = await generateCode(seed, (step - 1) * TOTP_PERIOD_SECONDS * 1000);
    }
    return this.enable(profileName, serialNumber, c1, c2, { builtInAuthenticator: true, seedBase32: seed });
  }

  /**
   * The user gave up on a setup: forget the seed and delete the device if it is still unassigned, so no
   * orphan is left behind. Never deletes a device that is enabled for someone.
   */
  async abandon(profileName: string, serialNumber: string): Promise<AbandonResult> {
    this.setups.delete(serialNumber);
    const profile = this.profiles.get(profileName);
    const caller = await this.caller(profile);
    let assigned: string[] | undefined;
    try {
      assigned = (await this.listAssigned(profile, caller)).map((d) => d.serialNumber);
    } catch (error) {
      if (!(error instanceof MfaTrayError) || !['access-denied', 'mfa-session-required'].includes(error.kind))
        throw error;
    }
    if (assigned?.includes(serialNumber)) {
      return {
        serialNumber,
        deleted: false,
        message: `${serialNumber} is already enabled for ${caller.userName}, so it was kept.`,
      };
    }
    const result = await this.deleteVirtual(profile, caller, serialNumber).catch((error: unknown) => {
      if (error instanceof MfaTrayError && error.kind === 'mfa-device-not-found') return 'gone' as const;
      throw error;
    });
    return result === 'gone'
      ? { serialNumber, deleted: false, message: `${serialNumber} does not exist any more.` }
      : {
          serialNumber,
          deleted: true,
          message: `Deleted the unfinished MFA device ${serialNumber}; nothing is left behind.`,
        };
  }

  /** Abandons every setup this process started and did not finish (the tray calls this when its window closes). */
  async abandonAllPending(): Promise<AbandonResult[]> {
    const results: AbandonResult[] = [];
    for (const setup of this.setups.list()) {
      try {
        results.push(await this.abandon(setup.profile, setup.serialNumber));
      } catch (error) {
        results.push({
          serialNumber: setup.serialNumber,
          deleted: false,
          message: error instanceof MfaTrayError ? error.toOneLine() : 'Could not delete it.',
        });
      }
    }
    return results;
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
    const caller = await this.caller(profile);
    const { ResyncMFADeviceCommand } = await import('@aws-sdk/client-iam');
    await this.iam(
      profile,
      { action: 'iam:ResyncMFADevice', resource: this.userArn(caller), what: 'resync the MFA device' },
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
    const caller = await this.caller(profile);
    const stored = await this.authenticator.read(profile.name);
    const assigned = (await this.listAssigned(profile, caller)).map((d): AssignedDevice => ({
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
      list.orphans = (await this.listUnassigned(profile)).map((serialNumber) => ({
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
    assertMfaSerial(serialNumber);
    const profile = this.profiles.get(profileName);
    const caller = await this.caller(profile);
    const assigned = await this.listAssigned(profile, caller);
    const virtual = isVirtual(serialNumber);
    const isLoginDevice = profile.mfaSerial === serialNumber;
    if (!assigned.some((d) => d.serialNumber === serialNumber)) {
      let unassigned: string[] | undefined;
      try {
        unassigned = await this.listUnassigned(profile);
      } catch (error) {
        if (
          !(error instanceof MfaTrayError) ||
          !['access-denied', 'mfa-session-required'].includes(error.kind)
        )
          throw error;
      }
      if ((unassigned && !unassigned.includes(serialNumber)) || !virtual) {
        throw new MfaTrayError(
          'mfa-device-not-found',
          `${serialNumber} is neither an MFA device of IAM user ${caller.userName} nor an unassigned virtual device of account ${caller.accountId}.`,
          { hint: `See \`mfa-tray mfa list --profile ${profile.name}\`.` },
        );
      }
      return {
        serialNumber,
        status: 'unassigned',
        virtual,
        isLoginDevice,
        userName: caller.userName,
        consequences: [
          'It is not enabled for anyone, so nothing stops working; if someone is in the middle of setting it up, their setup fails.',
        ],
        needsSecondConfirmation: false,
      };
    }
    const consequences = [
      `IAM user ${caller.userName} will no longer accept codes from this device (console sign-in included).`,
    ];
    if (assigned.length === 1) {
      consequences.push(
        `It is ${caller.userName}'s only MFA device: until a new one is set up, anything your policies allow only with MFA stops working.`,
      );
    }
    if (isLoginDevice) {
      const session = profile.sessionExpiresAt
        ? ` The current session stays valid until ${profile.sessionExpiresAt}.`
        : '';
      const fallback = assigned.find((d) => d.serialNumber !== serialNumber)?.serialNumber;
      consequences.push(
        fallback
          ? `"${profile.name}" logs in with this device: it will log in with ${fallback} instead.${session}`
          : `"${profile.name}" logs in with this device: \`mfa-tray login ${profile.name}\` and the tray's refresh stop working until another device is set up.${session}`,
      );
    }
    if ((await this.authenticator.read(profile.name))?.serialNumber === serialNumber) {
      consequences.push('The secret kept by the built-in authenticator is deleted from the keychain.');
    }
    if (virtual)
      consequences.push(
        'The virtual device is deleted from AWS: delete its entry in your authenticator app too.',
      );
    return {
      serialNumber,
      status: 'assigned',
      virtual,
      isLoginDevice,
      userName: caller.userName,
      consequences,
      needsSecondConfirmation: isLoginDevice,
    };
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
    const plan = await this.describeRemoval(profileName, serialNumber);
    if (plan.needsSecondConfirmation && !options.confirmedCurrent) {
      throw new MfaTrayError(
        'confirmation-required',
        `${serialNumber} is the device "${profileName}" logs in with. ${plan.consequences.join(' ')}`,
        { hint: 'Confirm a second time to remove it anyway.' },
      );
    }
    const profile = this.profiles.get(profileName);
    const caller = await this.caller(profile);
    const notes: Note[] = [];
    let deactivated = false;
    let deleted = false;
    if (plan.status === 'assigned') {
      const { DeactivateMFADeviceCommand } = await import('@aws-sdk/client-iam');
      await this.iam(
        profile,
        {
          action: 'iam:DeactivateMFADevice',
          resource: this.userArn(caller),
          what: 'deactivate the MFA device',
        },
        (client) =>
          client.send(
            new DeactivateMFADeviceCommand({ UserName: caller.userName, SerialNumber: serialNumber }),
          ),
      );
      deactivated = true;
    }
    if (plan.virtual) {
      try {
        await this.deleteVirtual(profile, caller, serialNumber);
        deleted = true;
      } catch (error) {
        if (!deactivated) throw error;
        notes.push({
          code: 'device-not-deleted',
          serialNumber,
          profile: profile.name,
          errorKind: error instanceof MfaTrayError ? error.kind : 'internal',
        });
      }
    }
    this.setups.delete(serialNumber);

    if (profile.mfaSerial === serialNumber) {
      const remaining =
        plan.status === 'assigned'
          ? (await this.listAssigned(profile, caller)).map((d) => d.serialNumber)
          : [];
      const next = remaining.find(isVirtual) ?? remaining[0];
      await this.profiles.updateProfile(profile.name, (p) => {
        if (next) p.mfaSerial = next;
        else delete p.mfaSerial;
        delete p.lastCode;
      });
      notes.push(
        next
          ? { code: 'login-device-now', profile: profile.name, serialNumber: next }
          : { code: 'login-device-none', profile: profile.name },
      );
    }
    const stored = await this.authenticator.read(profile.name);
    if (stored?.serialNumber === serialNumber) {
      await this.authenticator.forget(profile.name);
      notes.push({ code: 'authenticator-secret-deleted' });
    }
    return { serialNumber, deactivated, deleted, profile: this.sessions.profileStatus(profile.name), notes };
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

  // ---- internals ------------------------------------------------------------------------------------------

  private options(profile: Profile): IamOptions {
    return { region: profile.region, env: this.env, now: () => this.clock.now() };
  }

  /** The profile's IAM user, from GetCallerIdentity (needs no permission). Root is refused with an explanation. */
  private async caller(profile: Profile): Promise<Caller> {
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
    if (/^arn:aws[a-z-]*:iam::\d{12}:root$/.test(identity.arn)) {
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

  private userArn(caller: Caller): string {
    return `arn:${caller.partition}:iam::${caller.accountId}:user/${caller.userName}`;
  }

  private mfaArn(caller: Caller, name: string): string {
    return `arn:${caller.partition}:iam::${caller.accountId}:mfa/${name}`;
  }

  /** One IAM call with whichever credentials the account's policy lets through (see callWithIamAccess). */
  private async iam<T>(
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

  private async listAssigned(
    profile: Profile,
    caller: Caller,
  ): Promise<{ serialNumber: string; enableDate: string | null }[]> {
    const { listMfaDevices } = await import('../aws/iam.js');
    const devices = await this.iam(
      profile,
      { action: 'iam:ListMFADevices', resource: this.userArn(caller), what: 'list your MFA devices' },
      (client) => listMfaDevices(client, caller.userName),
    );
    return devices.map((d) => ({ serialNumber: d.serialNumber, enableDate: d.enableDate ?? null }));
  }

  private async listUnassigned(profile: Profile): Promise<string[]> {
    const { ListVirtualMFADevicesCommand } = await import('@aws-sdk/client-iam');
    return this.iam(
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

  private async deleteVirtual(profile: Profile, caller: Caller, serialNumber: string): Promise<void> {
    const { DeleteVirtualMFADeviceCommand } = await import('@aws-sdk/client-iam');
    await this.iam(
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
