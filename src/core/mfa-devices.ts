/**
 * Virtual MFA devices of a profile's IAM user: create (with a QR code rendered here), enable with two
 * consecutive codes, resync, list (with the account's unassigned "orphans"), remove, and the opt-in
 * built-in authenticator. The CLI (`mfa-tray mfa …`) and the tray's setup screen both drive this class.
 *
 * Secrets: the device's seed exists only in memory between create and enable (or abandon), in the DTO that
 * create returns for the setup screen, and — only after an explicit opt-in — in the keychain for the
 * built-in authenticator. Every other DTO here is free of secrets.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { IAMClient } from '@aws-sdk/client-iam';
import {
  classifyAwsError,
  ServerClockProbe,
  type AwsCredentialsInput,
  type ClassifyContext,
} from './aws-client';
import { MfaTrayError } from './errors';
import type { IamOptions } from './iam';
import {
  readJsonSecret,
  secretAccounts,
  type BaseKeys,
  type SessionCredentials,
} from './keychain/secret-store';
import { normaliseSeed, otpauthUri, renderQr, seedFromAwsBlob } from './otpauth';
import type { Profile } from './profiles';
import { assertMfaSerial, type LoginResult, type MfaTrayCore, type ProfileStatus } from './service';
import {
  CODE_REUSE_WINDOW_MS,
  generateCode,
  hashCode,
  normaliseCode,
  secondsUntilNextCode,
  TOTP_PERIOD_SECONDS,
} from './totp';
import type { Note } from '../shared/notes';
import {
  checkDeviceName,
  checkDevicePath,
  MFA_DEVICE_LIMIT as MAX_MFA_DEVICES_PER_USER,
} from './rules/mfa-device-rules';
import { isVirtualMfaSerial } from './rules/profile-rules';

// The device rules live in src/core/rules; these names stay importable from here.
export {
  DEVICE_NAME_PATTERN,
  DEVICE_PATH_PATTERN,
  MFA_DEVICE_LIMIT as MAX_MFA_DEVICES_PER_USER,
} from './rules/mfa-device-rules';
/** How long a created-but-not-enabled device's seed is kept in memory for enable. */
export const PENDING_SETUP_TTL_MS = 15 * 60_000;

export const BUILT_IN_AUTHENTICATOR_WARNING =
  'The built-in authenticator keeps the MFA secret in this computer’s keychain, next to your access key: ' +
  'both factors then live on this computer, so whoever can use your account on it can log in to AWS as you ' +
  'without your phone. Turn it on only if that is acceptable for this AWS account.';

// ---- DTOs (the tray gets these over IPC) --------------------------------------------------------------------

/** What a setup screen needs right after CreateVirtualMFADevice. Holds the seed: show it, never store it. */
export interface CreatedVirtualDevice {
  serialNumber: string;
  deviceName: string;
  userName: string;
  accountId: string;
  /** Secret: the otpauth:// URI the QR code encodes. */
  otpauthUri: string;
  /** Secret: for "can't scan? type this key" (show it only when asked). */
  seedBase32: string;
  /** Secret: the QR code, as SVG markup and as a PNG data URL. */
  qr: { svg: string; pngDataUrl: string };
  /** The unassigned device is deleted by abandon(); enable it before this (ISO 8601) to keep the seed usable. */
  pendingUntil: string;
}

export interface EnableResult {
  serialNumber: string;
  userName: string;
  profile: ProfileStatus;
  /** The device the profile logged in with before, if it was another one. */
  previousSerial: string | null;
  builtInAuthenticator: boolean;
  notes: Note[];
}

export interface AssignedDevice {
  serialNumber: string;
  /** ISO 8601, when it was enabled for the user. */
  enableDate: string | null;
  virtual: boolean;
  /** The profile logs in with this one. */
  isLoginDevice: boolean;
  /** The profile's built-in authenticator holds this device's secret. */
  builtInAuthenticator: boolean;
}

export interface OrphanDevice {
  serialNumber: string;
  deviceName: string;
  /** Created by this app instance and waiting for its codes right now (not really an orphan yet). */
  setupInProgress: boolean;
}

export interface MfaDeviceList {
  profile: string;
  userName: string;
  accountId: string;
  loginDevice: string | null;
  limit: number;
  assigned: AssignedDevice[];
  /** The account's unassigned virtual devices, or null when they cannot be listed (see orphansUnavailable). */
  orphans: OrphanDevice[] | null;
  orphansUnavailable?: string;
}

export interface RemovalPlan {
  serialNumber: string;
  /** assigned: enabled for the profile's user (deactivate, then delete); unassigned: just delete. */
  status: 'assigned' | 'unassigned';
  virtual: boolean;
  isLoginDevice: boolean;
  userName: string;
  /** What stops working, one sentence each, for the confirmation. */
  consequences: string[];
  /** The profile logs in with it: confirm a second time. */
  needsSecondConfirmation: boolean;
}

export interface RemovalResult {
  serialNumber: string;
  deactivated: boolean;
  deleted: boolean;
  profile: ProfileStatus;
  notes: Note[];
}

export interface AbandonResult {
  serialNumber: string;
  deleted: boolean;
  message: string;
}

export interface BuiltInAuthenticatorStatus {
  enabled: boolean;
  /** The device whose secret is kept (no secret here). */
  serialNumber: string | null;
  /** False when the kept secret is for another device than the one the profile logs in with. */
  matchesLoginDevice: boolean;
}

// ---- which credentials may call IAM -------------------------------------------------------------------------

export type CredentialKind = 'base-keys' | 'mfa-session';

export interface IamPermission {
  /** The IAM action, e.g. iam:EnableMFADevice. */
  action: string;
  /** The resource a policy must allow it on. */
  resource: string;
  /** What the user was doing, for messages: "enable the MFA device". */
  what: string;
}

/** Where the credentials for an IAM call come from. */
export interface IamAccess {
  profile: string;
  /** Whether the profile has an MFA device it could log in with (else "log in first" is no advice). */
  hasMfaDevice: boolean;
  baseKeys(): Promise<BaseKeys>;
  /** The profile's cached MFA session, if it is still valid. */
  mfaSession(): Promise<SessionCredentials | undefined>;
  /** A previous call found the base keys denied: start with the session. */
  sessionFirst?: boolean;
}

function isDenied(error: unknown): error is MfaTrayError {
  return error instanceof MfaTrayError && error.kind === 'access-denied';
}

/**
 * IAM calls need the long-term keys — except where the account's policy denies IAM without MFA (AWS's own
 * example policy does, for most actions): then the profile's MFA session works. Tries the base keys, then
 * the session; when both are refused (or there is no session) explains which one is needed.
 */
export async function callWithIamAccess<T>(
  access: IamAccess,
  permission: IamPermission,
  call: (credentials: AwsCredentialsInput, via: CredentialKind) => Promise<T>,
): Promise<{ value: T; via: CredentialKind }> {
  const order: CredentialKind[] = access.sessionFirst
    ? ['mfa-session', 'base-keys']
    : ['base-keys', 'mfa-session'];
  let denied: MfaTrayError | undefined;
  let triedSession = false;
  for (const via of order) {
    const credentials = via === 'base-keys' ? await access.baseKeys() : await access.mfaSession();
    if (!credentials) continue;
    if (via === 'mfa-session') triedSession = true;
    try {
      return { value: await call(credentials, via), via };
    } catch (error) {
      if (!isDenied(error)) throw error;
      denied = error;
    }
  }
  const awsCode = denied?.details.awsCode;
  const cause = { cause: denied };
  const policy = `${permission.action} on ${permission.resource}`;
  if (triedSession) {
    throw new MfaTrayError(
      'access-denied',
      `Your IAM user is not allowed to ${permission.what}: AWS refused it with the long-term keys and with the MFA session of "${access.profile}".`,
      {
        awsCode,
        hint: `Ask your administrator for a policy that allows ${policy} (as AWS's example policy for managing one's own MFA device does).`,
      },
      cause,
    );
  }
  if (access.hasMfaDevice) {
    throw new MfaTrayError(
      'mfa-session-required',
      `AWS refused to ${permission.what} with the long-term keys of "${access.profile}": your account's policy probably requires MFA for this.`,
      {
        awsCode,
        hint: `Log in first (\`mfa-tray login ${access.profile}\`), then try again: the MFA session is used then. If it is still refused, the policy needs to allow ${policy}.`,
      },
      cause,
    );
  }
  throw new MfaTrayError(
    'access-denied',
    `AWS refused to ${permission.what} with the long-term keys of "${access.profile}", and the profile has no MFA device to log in with.`,
    {
      awsCode,
      hint: `Your IAM user needs a policy that allows ${policy} without MFA (AWS's example self-service MFA policy does, for setting up a device); ask your administrator.`,
    },
    cause,
  );
}

// ---- error classification for the IAM MFA calls -------------------------------------------------------------

type Overrides = Partial<Record<string, (message: string) => MfaTrayError>>;

export function classifyIamMfaError(
  error: unknown,
  ctx: ClassifyContext,
  overrides: Overrides = {},
): MfaTrayError {
  if (error instanceof MfaTrayError) return error;
  const e = (error ?? {}) as { name?: string; Code?: string; message?: string };
  // SDK v3 names modelled errors after their class (InvalidAuthenticationCodeException); AWS's code lacks the suffix.
  const name = (e.Code ?? e.name ?? '').replace(/Exception$/, '');
  const message = e.message ?? '';
  const override = overrides[name];
  if (override) {
    const mapped = override(message);
    return new MfaTrayError(
      mapped.kind,
      mapped.message,
      { awsCode: name, ...mapped.details },
      { cause: error },
    );
  }
  const now = ctx.now ?? Date.now;
  if (name === 'InvalidAuthenticationCode') {
    if (ctx.probe?.isSkewed()) {
      return new MfaTrayError('clock-skew', `AWS did not accept the two codes. ${ctx.probe.describe()}`, {
        awsCode: name,
        clockOffsetSeconds: ctx.probe.offsetSeconds,
        hint: 'Turn on automatic time (NTP) on this computer and on the phone, then try two new codes.',
      });
    }
    return invalidAuthCodes(now(), name, error);
  }
  if (name === 'LimitExceeded') {
    return new MfaTrayError(
      'mfa-device-limit',
      `AWS refused: a limit on MFA devices is reached (${message}). An IAM user can have at most ${MAX_MFA_DEVICES_PER_USER} MFA devices.`,
      {
        awsCode: name,
        hint: 'Remove a device you no longer use (`mfa-tray mfa list`, `mfa-tray mfa remove`).',
      },
      { cause: error },
    );
  }
  if (name === 'EntityAlreadyExists') {
    return new MfaTrayError('entity-exists', `AWS refused: ${message}`, { awsCode: name }, { cause: error });
  }
  if (name === 'NoSuchEntity') {
    return new MfaTrayError(
      'mfa-device-not-found',
      `AWS does not know that MFA device: ${message}`,
      { awsCode: name, hint: 'See `mfa-tray mfa list` for the devices there are.' },
      { cause: error },
    );
  }
  return classifyAwsError(error, ctx);
}

function invalidAuthCodes(nowMs: number, awsCode?: string, cause?: unknown): MfaTrayError {
  const wait = secondsUntilNextCode(nowMs);
  return new MfaTrayError(
    'invalid-auth-codes',
    'AWS did not accept the two codes. It needs two consecutive codes from this device, each used only once.',
    {
      awsCode,
      secondsUntilNextCode: wait,
      hint: `Enter the code your app shows now, then wait until it changes (in ${wait} s) and enter the new one. Check that the app entry is the one you just scanned.`,
    },
    cause === undefined ? undefined : { cause },
  );
}

// ---- the service ----------------------------------------------------------------------------------------

interface PendingSetup {
  profile: string;
  serialNumber: string;
  deviceName: string;
  seed: string;
  createdAt: number;
}

interface Caller {
  accountId: string;
  userName: string;
  partition: string;
}

interface StoredSeed {
  serialNumber: string;
  seed: string;
}

function isStoredSeed(v: unknown): v is StoredSeed {
  const o = v as Partial<StoredSeed> | null;
  return typeof o?.serialNumber === 'string' && typeof o.seed === 'string';
}

function isVirtual(serial: string): boolean {
  return isVirtualMfaSerial(serial);
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
  private readonly pending = new Map<string, PendingSetup>();
  private readonly callers = new Map<string, Caller>();
  /** Profiles whose base keys were refused for IAM while their MFA session worked. */
  private readonly sessionFirst = new Set<string>();

  constructor(private readonly core: MfaTrayCore) {}

  // ---- create / enable / abandon --------------------------------------------------------------------------

  async create(
    profileName: string,
    deviceName: string,
    options: { path?: string } = {},
  ): Promise<CreatedVirtualDevice> {
    checkDeviceName(deviceName, { quote: true });
    const path = checkDevicePath(options.path ?? '/', { quote: true });
    const profile = this.core.profiles.get(profileName);
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
      const createdAt = this.core.clock.now();
      this.pending.set(serialNumber, {
        profile: profile.name,
        serialNumber,
        deviceName,
        seed: seedBase32,
        createdAt,
      });
      return {
        serialNumber,
        deviceName,
        userName: caller.userName,
        accountId: caller.accountId,
        otpauthUri: uri,
        seedBase32,
        qr,
        pendingUntil: new Date(createdAt + PENDING_SETUP_TTL_MS).toISOString(),
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
    const [c1, c2] = checkCodes(code1, code2, this.core.clock.now());
    const profile = this.core.profiles.get(profileName);
    let seed: string | undefined;
    if (options.builtInAuthenticator) {
      seed =
        options.seedBase32 !== undefined
          ? normaliseSeed(options.seedBase32)
          : this.pendingFor(serialNumber)?.seed;
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
    const usedAt = new Date(this.core.clock.now()).toISOString();
    await this.core.profiles.updateProfile(profile.name, (p) => {
      p.mfaSerial = serialNumber;
      // AWS has consumed the second code: a login with it would fail like a wrong code.
      p.lastCode = { hash: hashCode(serialNumber, c2), usedAt };
    });
    if (seed) {
      await this.storeSeed(profile.name, { serialNumber, seed });
    } else {
      const stored = await this.readSeed(profile.name);
      if (stored && stored.serialNumber !== serialNumber) {
        await this.core.secrets.delete(secretAccounts.mfaSeed(profile.name));
        notes.push({ code: 'authenticator-secret-deleted' });
      }
    }
    this.pending.delete(serialNumber);
    return {
      serialNumber,
      userName: caller.userName,
      profile: this.core.profileStatus(profile.name),
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
    const seed = seedBase32 !== undefined ? normaliseSeed(seedBase32) : this.pendingFor(serialNumber)?.seed;
    if (!seed) {
      throw new MfaTrayError('invalid-input', 'The secret of this device is not known here.', {
        hint: 'Give the secret key shown when the device was created, or create a new device.',
      });
    }
    const step = Math.floor(this.core.clock.now() / 1000 / TOTP_PERIOD_SECONDS);
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
    this.pending.delete(serialNumber);
    const profile = this.core.profiles.get(profileName);
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
    for (const setup of [...this.pending.values()]) {
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
    this.purgeExpired();
    return [...this.pending.values()].map(({ profile, serialNumber, deviceName }) => ({
      profile,
      serialNumber,
      deviceName,
    }));
  }

  /** The seed of a device created here and not yet enabled (for the CLI's local code check). */
  pendingSeed(serialNumber: string): string | undefined {
    return this.pendingFor(serialNumber)?.seed;
  }

  // ---- resync / list / remove -----------------------------------------------------------------------------

  /** ResyncMFADevice with two consecutive codes; the device defaults to the one the profile logs in with. */
  async resync(
    profileName: string,
    serialNumber: string | undefined,
    code1: string,
    code2: string,
  ): Promise<{ serialNumber: string }> {
    const profile = this.core.profiles.get(profileName);
    const serial = serialNumber ?? profile.mfaSerial;
    if (!serial) {
      throw new MfaTrayError('no-mfa-device', `The profile "${profile.name}" has no MFA device to resync.`, {
        hint: `Set one up with \`mfa-tray mfa create DEVICE_NAME --profile ${profile.name}\`.`,
      });
    }
    assertMfaSerial(serial);
    const [c1, c2] = checkCodes(code1, code2, this.core.clock.now());
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
      const usedAt = new Date(this.core.clock.now()).toISOString();
      await this.core.profiles.updateProfile(profile.name, (p) => {
        p.lastCode = { hash: hashCode(serial, c2), usedAt };
      });
    }
    return { serialNumber: serial };
  }

  /** The user's devices (with enable dates) and the account's unassigned virtual devices ("orphans"). */
  async list(profileName: string): Promise<MfaDeviceList> {
    const profile = this.core.profiles.get(profileName);
    const caller = await this.caller(profile);
    const stored = await this.readSeed(profile.name);
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
      this.purgeExpired();
      list.orphans = (await this.listUnassigned(profile)).map((serialNumber) => ({
        serialNumber,
        deviceName: deviceNameOf(serialNumber),
        setupInProgress: this.pending.has(serialNumber),
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
    const profile = this.core.profiles.get(profileName);
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
    if ((await this.readSeed(profile.name))?.serialNumber === serialNumber) {
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
    const profile = this.core.profiles.get(profileName);
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
    this.pending.delete(serialNumber);

    if (profile.mfaSerial === serialNumber) {
      const remaining =
        plan.status === 'assigned'
          ? (await this.listAssigned(profile, caller)).map((d) => d.serialNumber)
          : [];
      const next = remaining.find(isVirtual) ?? remaining[0];
      await this.core.profiles.updateProfile(profile.name, (p) => {
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
    const stored = await this.readSeed(profile.name);
    if (stored?.serialNumber === serialNumber) {
      await this.core.secrets.delete(secretAccounts.mfaSeed(profile.name));
      notes.push({ code: 'authenticator-secret-deleted' });
    }
    return { serialNumber, deactivated, deleted, profile: this.core.profileStatus(profile.name), notes };
  }

  // ---- built-in authenticator (opt-in) ---------------------------------------------------------------------

  /** Keeps the seed of the profile's login device in the keychain. Read BUILT_IN_AUTHENTICATOR_WARNING first. */
  async enableBuiltInAuthenticator(
    profileName: string,
    seedBase32: string,
  ): Promise<BuiltInAuthenticatorStatus> {
    const profile = this.core.profiles.get(profileName);
    if (!profile.mfaSerial) {
      throw new MfaTrayError('no-mfa-device', `The profile "${profile.name}" has no MFA device yet.`, {
        hint: `Set one up with \`mfa-tray mfa create DEVICE_NAME --profile ${profile.name} --built-in-authenticator\`.`,
      });
    }
    const seed = normaliseSeed(seedBase32);
    if (!seed)
      throw new MfaTrayError(
        'invalid-input',
        'That is not a base32 MFA secret (the text key shown under the QR code).',
      );
    await this.storeSeed(profile.name, { serialNumber: profile.mfaSerial, seed });
    return this.builtInAuthenticator(profile.name);
  }

  /** Deletes the kept seed; codes must be typed again. Returns whether there was one. */
  async disableBuiltInAuthenticator(profileName: string): Promise<boolean> {
    this.core.profiles.get(profileName);
    return this.core.secrets.delete(secretAccounts.mfaSeed(profileName));
  }

  async builtInAuthenticator(profileName: string): Promise<BuiltInAuthenticatorStatus> {
    const profile = this.core.profiles.get(profileName);
    const stored = await this.readSeed(profile.name);
    return {
      enabled: stored !== undefined,
      serialNumber: stored?.serialNumber ?? null,
      matchesLoginDevice: stored !== undefined && stored.serialNumber === profile.mfaSerial,
    };
  }

  /**
   * Logs in with a code from the built-in authenticator: no typing, so the tray can refresh silently. When
   * the current code was already used (AWS takes each once), waits for the next one unless told not to.
   */
  async loginWithBuiltInAuthenticator(
    profileName: string,
    options: { waitForFreshCode?: boolean } = {},
  ): Promise<LoginResult> {
    return this.core.login(profileName, await this.builtInCode(profileName, options));
  }

  /**
   * The built-in authenticator's code for the profile's device, as a phone shows it now — or the next one
   * when this one was already used (AWS takes each once), unless told not to wait.
   */
  async builtInCode(profileName: string, options: { waitForFreshCode?: boolean } = {}): Promise<string> {
    const profile = this.core.profiles.get(profileName);
    const stored = await this.readSeed(profile.name);
    if (!stored) {
      throw new MfaTrayError('no-mfa-device', `The built-in authenticator is off for "${profile.name}".`, {
        hint: `Log in with a code: \`mfa-tray login ${profile.name}\`.`,
      });
    }
    if (stored.serialNumber !== profile.mfaSerial) {
      throw new MfaTrayError(
        'invalid-serial',
        `The built-in authenticator holds the secret of ${stored.serialNumber}, but "${profile.name}" logs in with ${profile.mfaSerial ?? 'no device'}.`,
        {
          hint: `Turn it off (\`mfa-tray mfa authenticator off --profile ${profile.name}\`) and log in with a code.`,
        },
      );
    }
    let now = this.core.clock.now();
    let code = await generateCode(stored.seed, now);
    const used =
      profile.lastCode?.hash === hashCode(stored.serialNumber, code) &&
      now - Date.parse(profile.lastCode.usedAt) < CODE_REUSE_WINDOW_MS;
    if (used && options.waitForFreshCode !== false) {
      await sleep(secondsUntilNextCode(now) * 1000 + 250);
      now = this.core.clock.now();
      code = await generateCode(stored.seed, now);
    }
    return code;
  }

  // ---- internals ------------------------------------------------------------------------------------------

  private pendingFor(serialNumber: string): PendingSetup | undefined {
    this.purgeExpired();
    return this.pending.get(serialNumber);
  }

  private purgeExpired(): void {
    const now = this.core.clock.now();
    for (const [serial, setup] of this.pending) {
      if (now - setup.createdAt > PENDING_SETUP_TTL_MS) this.pending.delete(serial);
    }
  }

  private async readSeed(profileName: string): Promise<StoredSeed | undefined> {
    return readJsonSecret(this.core.secrets, secretAccounts.mfaSeed(profileName), isStoredSeed);
  }

  private async storeSeed(profileName: string, value: StoredSeed): Promise<void> {
    await this.core.secrets.set(secretAccounts.mfaSeed(profileName), JSON.stringify(value));
  }

  private options(profile: Profile): IamOptions {
    return { region: profile.region, env: this.core.env, now: () => this.core.clock.now() };
  }

  /** The profile's IAM user, from GetCallerIdentity (needs no permission). Root is refused with an explanation. */
  private async caller(profile: Profile): Promise<Caller> {
    // Keyed by the access key too: a profile re-added with another user's key is another caller.
    const cacheKey = `${profile.name}\n${profile.accessKeyIdSuffix ?? ''}`;
    const known = this.callers.get(cacheKey);
    if (known) return known;
    const { getCallerIdentity } = await import('./sts.js');
    const { userNameFromArn } = await import('./iam.js');
    const identity = await getCallerIdentity(await this.core.baseKeys(profile.name), this.options(profile));
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
    overrides: Overrides = {},
  ): Promise<T> {
    const { iamClient } = await import('./iam.js');
    const options = this.options(profile);
    const access: IamAccess = {
      profile: profile.name,
      hasMfaDevice: profile.mfaSerial !== undefined,
      baseKeys: () => this.core.baseKeys(profile.name),
      mfaSession: () => this.core.cachedSession(profile.name, 60_000),
      sessionFirst: this.sessionFirst.has(profile.name),
    };
    const operation = permission.what.charAt(0).toUpperCase() + permission.what.slice(1);
    const { value, via } = await callWithIamAccess(access, permission, async (credentials) => {
      const probe = new ServerClockProbe(options.now);
      const client = iamClient({ ...credentials }, options, probe);
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
    const { ListMFADevicesCommand } = await import('@aws-sdk/client-iam');
    return this.iam(
      profile,
      { action: 'iam:ListMFADevices', resource: this.userArn(caller), what: 'list your MFA devices' },
      async (client) => {
        const devices: { serialNumber: string; enableDate: string | null }[] = [];
        let marker: string | undefined;
        do {
          const out = await client.send(
            new ListMFADevicesCommand({ UserName: caller.userName, ...(marker ? { Marker: marker } : {}) }),
          );
          for (const d of out.MFADevices ?? []) {
            if (d.SerialNumber)
              devices.push({ serialNumber: d.SerialNumber, enableDate: d.EnableDate?.toISOString() ?? null });
          }
          marker = out.IsTruncated ? out.Marker : undefined;
        } while (marker);
        return devices;
      },
    );
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
