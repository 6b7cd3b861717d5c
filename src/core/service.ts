import path from 'node:path';
import fs from 'node:fs';
import { MfaTrayError, quoteInput } from './errors';
import type { Clock } from './clock';
import { systemClock } from './clock';
import {
  isBaseKeys,
  isSessionCredentials,
  readJsonSecret,
  secretAccounts,
  type BaseKeys,
  type SecretStore,
  type SessionCredentials,
} from './keychain/secret-store';
import {
  accountIdFromSerial,
  DEFAULT_DURATION_SECONDS,
  isRootMfaSerial,
  MAX_DURATION_SECONDS,
  MAX_KEY_AGE_REMINDER_DAYS,
  MFA_SERIAL_PATTERN,
  MIN_DURATION_SECONDS,
  PROFILE_NAME_PATTERN,
  REGION_PATTERN,
  ROOT_MAX_DURATION_SECONDS,
  type Delivery,
  type PendingOperation,
  type Profile,
  type ProfileStore,
  type StoredProfile,
  type Settings,
} from './profiles';
import { sessionState } from './scheduler';
import { CODE_REUSE_WINDOW_MS, hashCode, normaliseCode, secondsUntilNextCode } from './totp';
import type { AwsProfiles } from './aws-profiles';
import { pausePoint } from './test-pause';
import { formatCodeCommand, parseCodeCommand } from './codes/code-command';
import type { KindDriver, OtherKindDrivers } from './profile-kinds';
import type { AddProfileRequest, ProfileDto, UpdateProfileRequest } from '../shared/ipc-contract';
import type { Note } from '../shared/notes';

/** What the UI and `status` see of a profile: no key, no token, no secret. The IPC DTO is this very shape. */
export type ProfileStatus = ProfileDto;

/** The same shapes the tray's IPC contract carries (the contract has no Node imports, the core may use it). */
export type AddProfileInput = AddProfileRequest;
export type UpdateProfileInput = UpdateProfileRequest;

export interface AddProfileResult {
  profile: ProfileStatus;
  /** Things the user should know (no MFA device found, root cap, …). */
  notes: Note[];
}

export interface LoginResult {
  profile: ProfileStatus;
  expiresAt: string;
  warnings: Note[];
  /** The typed code went to a waiting CLI call (PromptCoordinator.requestCode); nothing logged in. */
  codeHandedOut?: true;
}

export interface CoreOptions {
  profiles: ProfileStore;
  secrets: SecretStore;
  awsProfiles: AwsProfiles;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** How the AWS CLI should run us for credential_process: [executable, ...args]. */
  cliCommand?: string[];
  /** The drivers of the other kinds of profile (SORACOM, roles); more can be added with addKind(). */
  otherKinds?: OtherKindDrivers;
}

/**
 * The whole of mfa-tray without a UI: the CLI and the tray app are both thin layers over this class.
 * AWS SDK modules are loaded only by the operations that call AWS, so reading cached sessions stays fast.
 */
export class MfaTrayCore {
  readonly profiles: ProfileStore;
  readonly secrets: SecretStore;
  readonly awsProfiles: AwsProfiles;
  readonly clock: Clock;
  readonly env: NodeJS.ProcessEnv;
  private readonly cliCommand: string[];
  private readonly otherKinds: OtherKindDrivers;

  constructor(options: CoreOptions) {
    this.otherKinds = { ...options.otherKinds };
    this.profiles = options.profiles;
    this.secrets = options.secrets;
    this.awsProfiles = options.awsProfiles;
    this.clock = options.clock ?? systemClock;
    this.env = options.env ?? process.env;
    this.cliCommand = options.cliCommand ?? defaultCliCommand(this.env);
  }

  settings(): Settings {
    return this.profiles.load().settings;
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    if (patch.leadTimeSeconds !== undefined) {
      if (
        !Number.isInteger(patch.leadTimeSeconds) ||
        patch.leadTimeSeconds < 60 ||
        patch.leadTimeSeconds > 3600
      ) {
        throw new MfaTrayError('invalid-input', 'The lead time must be between 60 and 3600 seconds.');
      }
    }
    const reminder = patch.keyAgeReminderDays;
    if (
      reminder !== undefined &&
      !(Number.isInteger(reminder) && reminder >= 0 && reminder <= MAX_KEY_AGE_REMINDER_DAYS)
    ) {
      throw new MfaTrayError(
        'invalid-input',
        `The key age reminder is a whole number of days from 0 (off) to ${MAX_KEY_AGE_REMINDER_DAYS}.`,
      );
    }
    if (patch.language !== undefined && !['en', 'ja', 'system'].includes(patch.language)) {
      throw new MfaTrayError('invalid-input', 'The language must be en, ja or system.');
    }
    return this.profiles.update((data) => {
      data.settings = { ...data.settings, ...patch };
      return { ...data.settings };
    });
  }

  /** Registers the driver of another kind of profile (a driver may need this core, so it comes later). */
  addKind<K extends keyof OtherKindDrivers>(kind: K, driver: NonNullable<OtherKindDrivers[K]>): void {
    this.otherKinds[kind] = driver;
  }

  /** The driver of a profile that is not an IAM user's; undefined for an IAM user's (this class). */
  private otherKind(profile: StoredProfile): KindDriver | undefined {
    if (profile.kind === 'aws') return undefined;
    const driver = this.otherKinds[profile.kind];
    if (!driver) {
      throw new MfaTrayError(
        'wrong-profile-kind',
        `This mfa-tray cannot handle ${profile.kind} profiles ("${profile.name}").`,
        { profileKind: profile.kind },
      );
    }
    return driver;
  }

  status(): ProfileStatus[] {
    const data = this.profiles.load();
    const now = this.clock.now();
    return data.profiles.map((p) => this.describe(p, now, data.settings.leadTimeSeconds * 1000));
  }

  profileStatus(name: string): ProfileStatus {
    const data = this.profiles.load();
    return this.describe(this.profiles.getAny(name), this.clock.now(), data.settings.leadTimeSeconds * 1000);
  }

  /** The status row of a profile of any kind. */
  describe(profile: StoredProfile, nowMs: number, leadMs: number): ProfileStatus {
    const other = this.otherKind(profile);
    return other ? other.status(profile, nowMs, leadMs) : toStatus(profile as Profile, nowMs, leadMs);
  }

  // ---- profiles -------------------------------------------------------------------------------------------

  /**
   * Steps, each recoverable: (1) reserve the name and target in profiles.json under its lock, marked
   * pending — a second writer of the same name or target fails here, before it touches the keychain, so it
   * can never delete the winner's keys; (2) keys into the keychain; (3) the AWS config side; (4) clear the
   * mark. Any failure undoes what this call did; a crash is undone by the next command (recover).
   */
  async addProfile(
    input: AddProfileInput,
    options: { keepPending?: { scrubFrom: string } } = {},
  ): Promise<AddProfileResult> {
    const notes: Note[] = [];
    const name = input.name;
    assertProfileName(name, 'profile name');
    const base = validateBaseKeys(input.accessKeyId, input.secretAccessKey);
    const region = input.region ?? (this.env.AWS_REGION || this.env.AWS_DEFAULT_REGION || 'us-east-1');
    const durationSeconds = input.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    const target = input.target ?? `${name}-mfa`;
    if (input.target === undefined && !PROFILE_NAME_PATTERN.test(target)) {
      throw new MfaTrayError(
        'invalid-input',
        `The default target AWS profile "${quoteInput(target)}" is longer than 64 characters.`,
        {
          field: 'target',
          hint: 'Pass --target with a shorter AWS profile name for the sessions, or pick a shorter name.',
        },
      );
    }
    const delivery = input.delivery ?? 'file';
    assertProfileSettings({ region, durationSeconds, delivery, mfaSerial: input.mfaSerial });
    if (this.profiles.load().profiles.some((p) => p.name === name)) throw profileExistsError(name);
    await this.assertTargetAvailable(target);
    // A locked or missing keychain is reported before anything is written.
    await this.secrets.get(secretAccounts.base(name));

    const mfaSerial = input.mfaSerial ?? (await this.discoverMfaSerial(base, region, notes, name));
    notes.push(...rootCapNote(mfaSerial, durationSeconds));

    const profile: Profile = {
      kind: 'aws',
      name,
      region,
      durationSeconds,
      target,
      delivery,
      accessKeyIdSuffix: base.accessKeyId.slice(-4),
      ...(mfaSerial ? { mfaSerial } : {}),
      ...(input.codeCommand ? { codeCommand: parseCodeCommand(input.codeCommand) } : {}),
    };
    await this.profiles.update((data) => {
      // Name and target are checked again under the lock: this is the check that counts.
      if (data.profiles.some((p) => p.name === name)) throw profileExistsError(name);
      const owner = data.profiles.find((p) => 'target' in p && p.target === target);
      if (owner) throw targetTakenError(target, owner.name);
      data.profiles.push({ ...profile, pending: this.pendingOp('add', options.keepPending?.scrubFrom) });
    });
    try {
      await pausePoint(this.env, 'add:reserved');
      await this.storeBaseKeys(name, base);
      await pausePoint(this.env, 'add:keys-stored');
      await this.deliver(profile, undefined);
      await pausePoint(this.env, 'add:delivered');
      if (!options.keepPending) await this.clearPending(name);
    } catch (error) {
      await this.undoAdd(profile).catch(() => undefined);
      throw error;
    }
    return { profile: this.profileStatus(name), notes };
  }

  /** Takes back what addProfile did for `profile` (its keychain entries, its config section, its record). */
  private async undoAdd(profile: Profile): Promise<void> {
    // The keychain first: if it cannot be cleaned, the pending record stays so the next run tries again.
    await this.deleteSecrets(profile.name);
    await this.awsProfiles.removeConfigProfile(profile.target);
    await this.profiles.update((data) => {
      data.profiles = data.profiles.filter((p) => p.name !== profile.name);
    });
  }

  /**
   * Edits a profile in place (everything but its name). New keys are stored only when the request carries
   * a secret; a changed target or delivery moves the session's delivery with it.
   */
  async updateProfile(request: UpdateProfileInput): Promise<AddProfileResult> {
    const name = request.name;
    const before = this.profiles.get(name);
    const target = request.target ?? before.target;
    const delivery = request.delivery ?? before.delivery;
    const region = request.region ?? before.region;
    const durationSeconds = request.durationSeconds ?? before.durationSeconds;
    const mfaSerial = request.mfaSerial === null ? undefined : (request.mfaSerial ?? before.mfaSerial);
    assertProfileSettings({ region, durationSeconds, delivery, mfaSerial });
    const codeCommand =
      request.codeCommand === null
        ? undefined
        : request.codeCommand !== undefined
          ? parseCodeCommand(request.codeCommand)
          : before.codeCommand;
    if (target !== before.target) await this.assertTargetAvailable(target, name);

    let newKeys: BaseKeys | undefined;
    let oldKeys: BaseKeys | undefined;
    if (request.secretAccessKey !== undefined) {
      oldKeys = await this.baseKeys(name).catch(() => undefined);
      newKeys = validateBaseKeys(request.accessKeyId ?? oldKeys?.accessKeyId ?? '', request.secretAccessKey);
    } else if (request.accessKeyId !== undefined) {
      const stored = await this.baseKeys(name);
      if (stored.accessKeyId !== request.accessKeyId.trim()) {
        throw new MfaTrayError('invalid-input', 'A new access key id needs its secret access key too.', {
          hint: 'Type the secret access key that belongs to the new key.',
        });
      }
    }

    if (newKeys) await this.storeBaseKeys(name, newKeys);
    try {
      await this.profiles.update((data) => {
        const owner = data.profiles.find((o) => 'target' in o && o.target === target && o.name !== name);
        if (owner) throw targetTakenError(target, owner.name);
        const p = data.profiles.find((o): o is Profile => o.name === name && o.kind === 'aws');
        if (!p) throw new MfaTrayError('profile-not-found', `There is no mfa-tray profile named "${name}".`);
        p.target = target;
        p.delivery = delivery;
        p.region = region;
        p.durationSeconds = durationSeconds;
        if (mfaSerial === undefined) delete p.mfaSerial;
        else p.mfaSerial = mfaSerial;
        if (codeCommand === undefined) delete p.codeCommand;
        else p.codeCommand = codeCommand;
        // The remembered code belongs to the old device.
        if (mfaSerial !== before.mfaSerial) delete p.lastCode;
        if (newKeys) p.accessKeyIdSuffix = newKeys.accessKeyId.slice(-4);
      });
    } catch (error) {
      // The profile still describes the old keys: put them back.
      if (newKeys && oldKeys) await this.storeBaseKeys(name, oldKeys);
      throw error;
    }

    const moved = target !== before.target || delivery !== before.delivery;
    if (moved) {
      // Take the old delivery down…
      if (before.delivery === 'file') await this.awsProfiles.removeCredentialsSection(before.target);
      if (target !== before.target) await this.awsProfiles.removeConfigProfile(before.target);
      else if (before.delivery === 'process') await this.awsProfiles.removeCredentialProcess(target);
    }
    // …and put the new one up.
    const session = moved && delivery === 'file' ? await this.cachedSession(name) : undefined;
    await this.deliver(this.profiles.get(name), session);
    return { profile: this.profileStatus(name), notes: rootCapNote(mfaSerial, durationSeconds) };
  }

  /** Refuses a target AWS profile that another mfa-tray profile uses or that the user already has. */
  private async assertTargetAvailable(target: string, exceptProfile?: string): Promise<void> {
    assertProfileName(target, 'target AWS profile');
    const owner = this.profiles
      .load()
      .profiles.find((p) => 'target' in p && p.target === target && p.name !== exceptProfile);
    if (owner) throw targetTakenError(target, owner.name);
    const taken = await this.awsProfiles.findForeignTarget(target);
    if (taken) {
      throw new MfaTrayError(
        'aws-file-conflict',
        `The AWS profile "${target}" already exists in ${taken}; mfa-tray will not take it over.`,
        { path: taken, hint: 'Choose another target profile.' },
      );
    }
  }

  /** The ListMFADevices answer for the key's own user, or undefined with a note when there is none. */
  async discoverMfaSerial(
    base: BaseKeys,
    region: string,
    notes: Note[],
    profileName: string,
  ): Promise<string | undefined> {
    const { listMyMfaDevices } = await import('./iam.js');
    const { getCallerIdentity } = await import('./sts.js');
    const options = { region, env: this.env, now: () => this.clock.now() };
    // Also proves the key pair works before anything is stored.
    // Copies: the SDK writes its own fields into the credentials object it is given.
    const caller = await getCallerIdentity({ ...base }, options);
    const devices = await listMyMfaDevices({ ...base }, options, caller.arn);
    if (devices.length === 0) {
      notes.push({ code: 'no-mfa-device', profile: profileName });
      return undefined;
    }
    if (devices.length > 1) {
      const virtual = devices.filter((d) => d.serialNumber.includes(':mfa/'));
      const pick = virtual[0] ?? devices[0];
      notes.push({ code: 'several-mfa-devices', count: devices.length, chosen: pick.serialNumber });
      return pick.serialNumber;
    }
    return devices[0].serialNumber;
  }

  /** Moves the plain-text keys of an AWS CLI profile into the keychain, and optionally scrubs them. */
  async importProfile(
    awsProfile: string,
    options: {
      name?: string;
      scrub?: boolean;
      target?: string;
      delivery?: Delivery;
      mfaSerial?: string;
      durationSeconds?: number;
    } = {},
  ): Promise<AddProfileResult & { backupPath?: string }> {
    const found = await this.awsProfiles.readPlainKeys(awsProfile);
    if (!found) {
      throw new MfaTrayError(
        'profile-not-found',
        `The AWS profile "${awsProfile}" has no aws_access_key_id / aws_secret_access_key in ${this.awsProfiles.credentialsPath}.`,
        { path: this.awsProfiles.credentialsPath },
      );
    }
    if (found.sessionToken) {
      throw new MfaTrayError(
        'invalid-input',
        `The AWS profile "${awsProfile}" holds temporary session credentials (it has aws_session_token), not base keys.`,
      );
    }
    // A file that cannot be scrubbed is refused before anything is added.
    if (options.scrub) (await this.awsProfiles.files.read('credentials'))?.assertEditable();
    // With --scrub the new profile stays pending until the plain keys are gone: if scrubbing fails, the
    // profile is taken back, so "nothing was changed" is true; after a crash, recover() decides by the file.
    const result = await this.addProfile(
      {
        name: options.name ?? awsProfile,
        accessKeyId: found.accessKeyId,
        secretAccessKey: found.secretAccessKey,
        mfaSerial: options.mfaSerial ?? found.mfaSerial,
        region: found.region,
        durationSeconds: options.durationSeconds,
        target: options.target,
        delivery: options.delivery,
      },
      options.scrub ? { keepPending: { scrubFrom: awsProfile } } : {},
    );
    if (!options.scrub) return result;
    const added = this.profiles.get(result.profile.name);
    let backupPath: string;
    try {
      // Only scrub once the keychain demonstrably holds the same keys.
      const stored = await readJsonSecret(this.secrets, secretAccounts.base(added.name), isBaseKeys);
      if (stored?.accessKeyId !== found.accessKeyId || stored.secretAccessKey !== found.secretAccessKey) {
        throw new MfaTrayError(
          'keychain-unavailable',
          'The keys could not be read back from the keychain; nothing was scrubbed.',
        );
      }
      await pausePoint(this.env, 'import:before-scrub');
      backupPath = await this.awsProfiles.scrubPlainKeys(awsProfile, this.clock.now());
    } catch (error) {
      await this.undoAdd(added).catch(() => undefined);
      throw error;
    }
    await pausePoint(this.env, 'import:scrubbed');
    await this.clearPending(added.name);
    result.notes.push({
      code: 'keys-scrubbed',
      awsProfile,
      file: this.awsProfiles.credentialsPath,
      backupPath,
    });
    return { ...result, backupPath };
  }

  /** Profiles in the credentials file that hold plain long-term keys and are not ours. */
  async importCandidates(): Promise<{ awsProfile: string; accessKeyIdSuffix: string }[]> {
    const ours = new Set(this.profiles.load().profiles.map((p) => ('target' in p ? p.target : '')));
    return (await this.awsProfiles.listPlainKeyProfiles()).filter((c) => !ours.has(c.awsProfile));
  }

  /**
   * Keychain first (a locked keychain stops it before anything changed), then the AWS files, then the
   * record. The pending mark written first lets the next command finish a removal a crash interrupted.
   */
  async removeProfile(name: string): Promise<void> {
    const any = this.profiles.getAny(name);
    const other = this.otherKind(any);
    if (other) return other.remove(any);
    const profile = any as Profile;
    // Reports a locked or missing keychain before the mark is written.
    await this.secrets.get(secretAccounts.base(name));
    await this.markPending(name, 'remove');
    await pausePoint(this.env, 'remove:marked');
    try {
      await this.deleteSecrets(name);
    } catch (error) {
      // Nothing was removed: the profile stays as it was.
      await this.clearPending(name).catch(() => undefined);
      throw error;
    }
    await this.finishRemove(profile, { secretsDeleted: true });
  }

  private async finishRemove(profile: Profile, done: { secretsDeleted: boolean }): Promise<void> {
    if (!done.secretsDeleted) await this.deleteSecrets(profile.name);
    await pausePoint(this.env, 'remove:keychain');
    await this.awsProfiles.removeCredentialsSection(profile.target);
    await this.awsProfiles.removeConfigProfile(profile.target);
    await pausePoint(this.env, 'remove:files');
    await this.profiles.update((data) => {
      data.profiles = data.profiles.filter((p) => p.name !== profile.name);
    });
  }

  private async deleteSecrets(name: string): Promise<void> {
    await this.secrets.delete(secretAccounts.session(name));
    await this.secrets.delete(secretAccounts.base(name));
    await this.secrets.delete(secretAccounts.mfaSeed(name));
  }

  // ---- sessions -------------------------------------------------------------------------------------------

  async login(name: string, rawCode: string): Promise<LoginResult> {
    const code = normaliseCode(rawCode);
    if (!code) {
      throw new MfaTrayError('invalid-input', 'An MFA code is 6 digits.', {
        hint: 'Type the 6-digit code your authenticator app shows.',
      });
    }
    const any = this.profiles.getAny(name);
    const other = this.otherKind(any);
    if (other) return other.login(any, code);
    const profile = any as Profile;
    if (!profile.mfaSerial) {
      throw new MfaTrayError('no-mfa-device', `The profile "${name}" has no MFA device yet.`, {
        hint: `Set one up with \`mfa-tray mfa create DEVICE_NAME --profile ${name}\` (or in the tray), then log in.`,
      });
    }
    const now = this.clock.now();
    const serial = profile.mfaSerial;
    if (this.codeRecentlyUsed(serial, code, now)) throw codeReusedError(now);
    const base = await this.baseKeys(name);
    const { getSessionToken } = await import('./sts.js');
    let result;
    try {
      result = await getSessionToken(
        base,
        { serialNumber: profile.mfaSerial, tokenCode: code, durationSeconds: profile.durationSeconds },
        { region: profile.region, env: this.env, now: () => this.clock.now() },
      );
    } catch (error) {
      // AWS answers a reused code exactly like a wrong one; if it is the code that worked last time, say so.
      if (
        error instanceof MfaTrayError &&
        error.kind === 'wrong-code' &&
        this.codeRecentlyUsed(serial, code, Number.NEGATIVE_INFINITY)
      ) {
        throw codeReusedError(this.clock.now());
      }
      throw error;
    }
    const session = result.credentials;
    const warnings: Note[] = [];
    if (result.clockSkewed && result.clockOffsetSeconds !== undefined) {
      warnings.push({ code: 'clock-skew', offsetSeconds: result.clockOffsetSeconds });
    }
    const granted = Math.round((Date.parse(session.expiration) - this.clock.now()) / 1000);
    if (profile.durationSeconds > ROOT_MAX_DURATION_SECONDS && granted <= ROOT_MAX_DURATION_SECONDS + 60) {
      warnings.push({
        code: 'root-session-granted',
        grantedSeconds: granted,
        askedSeconds: profile.durationSeconds,
      });
    }

    // The mark goes first and carries the used code (AWS has consumed it whatever happens next); on a
    // full disk this write fails and nothing else has changed.
    await this.profiles.updateProfile(name, (p) => {
      p.pending = this.pendingOp('login');
      p.lastCode = { hash: hashCode(serial, code), usedAt: new Date(now).toISOString() };
    });
    await pausePoint(this.env, 'login:marked');
    const previous = await this.cachedSession(name).catch(() => undefined);
    try {
      await this.secrets.set(secretAccounts.session(name), JSON.stringify(session));
      await pausePoint(this.env, 'login:keychain');
      await this.deliver(profile, session);
      await pausePoint(this.env, 'login:delivered');
    } catch (error) {
      // Back to the session there was before (or none), in the keychain and the file alike.
      await this.restoreSession(profile, previous).catch(() => undefined);
      throw error;
    }
    const updated = await this.profiles.updateProfile(name, (p) => {
      p.sessionExpiresAt = session.expiration;
      delete p.pending;
    });
    const settings = this.profiles.load().settings;
    return {
      profile: toStatus(updated, this.clock.now(), settings.leadTimeSeconds * 1000),
      expiresAt: session.expiration,
      warnings,
    };
  }

  /** Keychain, then file, then record, behind a pending mark: a crash is finished by the next command. */
  async logout(name: string): Promise<void> {
    const any = this.profiles.getAny(name);
    const other = this.otherKind(any);
    if (other) return other.logout(any);
    // Reports a locked or missing keychain before the mark is written.
    await this.secrets.get(secretAccounts.session(name));
    await this.markPending(name, 'logout');
    await pausePoint(this.env, 'logout:marked');
    try {
      await this.secrets.delete(secretAccounts.session(name));
    } catch (error) {
      await this.clearPending(name).catch(() => undefined);
      throw error;
    }
    await pausePoint(this.env, 'logout:keychain');
    await this.finishLogout(this.profiles.get(name), { sessionDeleted: true });
  }

  private async finishLogout(profile: Profile, done: { sessionDeleted: boolean }): Promise<void> {
    if (!done.sessionDeleted) await this.secrets.delete(secretAccounts.session(profile.name));
    if (profile.delivery === 'file') await this.awsProfiles.removeCredentialsSection(profile.target);
    await pausePoint(this.env, 'logout:file');
    await this.profiles.updateProfile(profile.name, (p) => {
      delete p.sessionExpiresAt;
      delete p.pending;
    });
  }

  /** Puts `session` (or no session) back in the keychain, the AWS files and the record. */
  private async restoreSession(profile: Profile, session: SessionCredentials | undefined): Promise<void> {
    if (session) {
      await this.secrets.set(secretAccounts.session(profile.name), JSON.stringify(session));
      await this.deliver(profile, session);
    } else {
      await this.secrets.delete(secretAccounts.session(profile.name));
      if (profile.delivery === 'file') await this.awsProfiles.removeCredentialsSection(profile.target);
    }
    await this.profiles.updateProfile(profile.name, (p) => {
      if (session) p.sessionExpiresAt = session.expiration;
      else delete p.sessionExpiresAt;
      delete p.pending;
    });
  }

  // ---- crash recovery -------------------------------------------------------------------------------------

  /**
   * Finishes or undoes every operation a crashed (killed) process left pending, so the keychain, the AWS
   * files and profiles.json agree again. Operations of live processes are left alone. Each CLI command
   * runs this first; it is cheap when nothing is pending (one read of profiles.json).
   */
  async recover(): Promise<void> {
    const stale = this.profiles
      .load()
      .profiles.filter(
        (p): p is Profile => p.kind === 'aws' && !!p.pending && !isLive(p.pending, this.clock.now()),
      );
    for (const profile of stale) {
      try {
        await this.recoverOne(profile, profile.pending!);
      } catch {
        // Keychain locked, file unwritable, …: the mark stays and the next command tries again; the
        // command at hand reports such a problem itself if it meets it.
      }
    }
  }

  private async recoverOne(profile: Profile, pending: PendingOperation): Promise<void> {
    switch (pending.op) {
      case 'add': {
        // An import whose plain keys are already scrubbed is finished (the keys live only in the
        // keychain now); any other interrupted add is undone.
        const scrubbed =
          pending.scrubFrom !== undefined &&
          !(await this.awsProfiles.readPlainKeys(pending.scrubFrom)) &&
          (await readJsonSecret(this.secrets, secretAccounts.base(profile.name), isBaseKeys));
        if (scrubbed) await this.clearPending(profile.name);
        else await this.undoAdd(profile);
        break;
      }
      case 'remove':
        await this.finishRemove(profile, { secretsDeleted: false });
        break;
      case 'logout':
        await this.finishLogout(profile, { sessionDeleted: false });
        break;
      case 'login':
        // The keychain decides: credential-process hands out what it holds, so file and record follow it.
        await this.restoreSession(profile, await this.cachedSession(profile.name));
        break;
    }
  }

  private pendingOp(op: PendingOperation['op'], scrubFrom?: string): PendingOperation {
    return {
      op,
      pid: process.pid,
      startedAt: new Date(this.clock.now()).toISOString(),
      ...(scrubFrom !== undefined ? { scrubFrom } : {}),
    };
  }

  private async markPending(name: string, op: PendingOperation['op']): Promise<void> {
    await this.profiles.updateProfile(name, (p) => {
      p.pending = this.pendingOp(op);
    });
  }

  private async clearPending(name: string): Promise<void> {
    await this.profiles.updateProfile(name, (p) => {
      delete p.pending;
    });
  }

  /**
   * Whether `code` was used for the MFA device `serial` within the reuse window — by any profile: two
   * profiles may log in with the same device, and AWS takes each code once per device.
   */
  private codeRecentlyUsed(serial: string, code: string, nowMs: number): boolean {
    const hash = hashCode(serial, code);
    return this.profiles
      .load()
      .profiles.some(
        (p) =>
          p.kind === 'aws' &&
          p.mfaSerial === serial &&
          p.lastCode?.hash === hash &&
          (nowMs === Number.NEGATIVE_INFINITY ||
            nowMs - Date.parse(p.lastCode.usedAt) < CODE_REUSE_WINDOW_MS),
      );
  }

  /** The cached session if it is still valid for at least `minValidityMs`. */
  async cachedSession(name: string, minValidityMs = 0): Promise<SessionCredentials | undefined> {
    const session = await readJsonSecret(this.secrets, secretAccounts.session(name), isSessionCredentials);
    if (!session) return undefined;
    return Date.parse(session.expiration) - this.clock.now() > minValidityMs ? session : undefined;
  }

  credentialProcessLine(name: string): string {
    return [...this.cliCommand.map(quoteArg), 'credential-process', name].join(' ');
  }

  async baseKeys(name: string): Promise<BaseKeys> {
    const base = await readJsonSecret(this.secrets, secretAccounts.base(name), isBaseKeys);
    if (!base) {
      throw new MfaTrayError('invalid-base-key', `The keychain holds no access key for "${name}".`, {
        hint: `Add it again with \`mfa-tray profile remove ${name}\` then \`mfa-tray profile add ${name} …\`.`,
      });
    }
    return base;
  }

  private async storeBaseKeys(name: string, base: BaseKeys): Promise<void> {
    const { accessKeyId, secretAccessKey } = base;
    await this.secrets.set(secretAccounts.base(name), JSON.stringify({ accessKeyId, secretAccessKey }));
  }

  /** Puts the session where the AWS CLI finds it; with no session, only the config side is prepared. */
  private async deliver(profile: Profile, session: SessionCredentials | undefined): Promise<void> {
    if (profile.delivery === 'file') {
      if (session) await this.awsProfiles.writeSessionCredentials(profile.target, session);
      await this.awsProfiles.ensureConfigProfile(profile.target, { region: profile.region });
    } else {
      await this.awsProfiles.ensureConfigProfile(profile.target, {
        region: profile.region,
        credentialProcess: this.credentialProcessLine(profile.name),
      });
    }
  }
}

/**
 * No step of a pending operation waits on the network or a person, so one older than this was
 * interrupted even if its pid has since been reused by another process.
 */
const PENDING_STALE_MS = 5 * 60_000;

/** Whether the process that started `pending` still runs (then it is in progress, not crashed). */
function isLive(pending: PendingOperation, nowMs: number): boolean {
  if (pending.pid === process.pid) return true;
  if (nowMs - Date.parse(pending.startedAt) > PENDING_STALE_MS) return false;
  try {
    process.kill(pending.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function profileExistsError(name: string): MfaTrayError {
  return new MfaTrayError('profile-exists', `An mfa-tray profile named "${name}" already exists.`, {
    hint: `Remove it first with \`mfa-tray profile remove ${name}\`, or pick another name.`,
  });
}

function targetTakenError(target: string, owner: string): MfaTrayError {
  return new MfaTrayError(
    'aws-file-conflict',
    `The AWS profile "${target}" is already used by mfa-tray profile "${owner}".`,
    { hint: 'Choose another target profile.' },
  );
}

function codeReusedError(nowMs: number): MfaTrayError {
  const wait = secondsUntilNextCode(nowMs);
  return new MfaTrayError('code-reused', `That code was already used; AWS accepts each code only once.`, {
    secondsUntilNextCode: wait,
    hint: `Wait for the next code (in ${wait} s) and enter that one.`,
  });
}

export function toStatus(p: Profile, nowMs: number, leadMs: number): ProfileStatus {
  return {
    name: p.name,
    kind: 'aws',
    state: sessionState(p.sessionExpiresAt, nowMs, leadMs),
    expiresAt: p.sessionExpiresAt ?? null,
    target: p.target,
    delivery: p.delivery,
    region: p.region,
    durationSeconds: p.durationSeconds,
    mfaSerial: p.mfaSerial ?? null,
    accountId: accountIdFromSerial(p.mfaSerial) ?? null,
    accessKeyIdSuffix: p.accessKeyIdSuffix ?? null,
    ...(p.codeCommand ? { codeCommand: formatCodeCommand(p.codeCommand) } : {}),
  };
}

function rootCapNote(mfaSerial: string | undefined, durationSeconds: number): Note[] {
  return isRootMfaSerial(mfaSerial) && durationSeconds > ROOT_MAX_DURATION_SECONDS
    ? [{ code: 'root-session-cap', maxSeconds: ROOT_MAX_DURATION_SECONDS }]
    : [];
}

/** The settings a profile is added or edited with, checked in one place. */
export function assertProfileSettings(settings: {
  region: string;
  durationSeconds: number;
  delivery: string;
  mfaSerial: string | undefined;
}): void {
  if (!REGION_PATTERN.test(settings.region)) {
    throw new MfaTrayError(
      'invalid-input',
      `"${quoteInput(settings.region)}" is not an AWS region name (like eu-west-1).`,
    );
  }
  assertDuration(settings.durationSeconds);
  if (settings.delivery !== 'file' && settings.delivery !== 'process') {
    throw new MfaTrayError('invalid-input', 'Delivery must be "file" or "process".');
  }
  if (settings.mfaSerial !== undefined) assertMfaSerial(settings.mfaSerial);
}

export function assertProfileName(name: string, what: string): void {
  if (!PROFILE_NAME_PATTERN.test(name)) {
    throw new MfaTrayError(
      'invalid-input',
      `"${quoteInput(name)}" is not a valid ${what}: use letters, digits and _ . @ + = , - (up to 64, starting with a letter or digit).`,
    );
  }
}

export function assertDuration(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < MIN_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) {
    throw new MfaTrayError(
      'invalid-input',
      `The session duration must be a whole number of seconds from ${MIN_DURATION_SECONDS} (15 min) to ${MAX_DURATION_SECONDS} (36 h); root sessions are capped at ${ROOT_MAX_DURATION_SECONDS}.`,
    );
  }
}

export function assertMfaSerial(serial: string): void {
  if (!MFA_SERIAL_PATTERN.test(serial)) {
    throw new MfaTrayError(
      'invalid-input',
      `"${quoteInput(serial)}" is not an MFA device serial: expected an ARN like arn:aws:iam::123456789012:mfa/my-phone (or a hardware token's serial).`,
    );
  }
}

export function validateBaseKeys(accessKeyId: string, secretAccessKey: string): BaseKeys {
  const id = accessKeyId.trim();
  const secret = secretAccessKey.trim();
  if (/^ASIA/.test(id)) {
    throw new MfaTrayError(
      'invalid-input',
      'That access key id (ASIA…) belongs to temporary credentials; mfa-tray needs an IAM user’s long-term key (AKIA…).',
    );
  }
  if (!/^[A-Z0-9]{16,128}$/.test(id)) {
    throw new MfaTrayError(
      'invalid-input',
      'That does not look like an access key id (AKIA… , 20 capital letters and digits).',
    );
  }
  if (!/^[A-Za-z0-9/+=]{16,128}$/.test(secret)) {
    throw new MfaTrayError(
      'invalid-input',
      'That does not look like a secret access key (40 characters of letters, digits, / and +).',
    );
  }
  return { accessKeyId: id, secretAccessKey: secret };
}

/** Double quotes that the AWS CLI's credential_process splitting (shlex) reads back as the same argument. */
function quoteArg(arg: string): string {
  return `"${arg.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** node + this checkout's (or install's) CLI script, unless MFA_TRAY_CLI_COMMAND says otherwise. */
export function defaultCliCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.MFA_TRAY_CLI_COMMAND) return [env.MFA_TRAY_CLI_COMMAND];
  const script = path.resolve(__dirname, '..', 'cli', 'main.js');
  return fs.existsSync(script) ? [process.execPath, script] : ['mfa-tray'];
}
