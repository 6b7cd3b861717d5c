import { MfaTrayError, quoteInput } from './errors';
import type { Clock } from './clock';
import { systemClock } from './clock';
import {
  isBaseKeys,
  readJsonSecret,
  secretAccounts,
  type BaseKeys,
  type SecretStore,
  type SessionCredentials,
} from './keychain/secret-store';
import { DEFAULT_DURATION_SECONDS, isProfileName } from './rules/profile-rules';
import { type Profile, type ProfileStore, type StoredProfile, type Settings } from './profiles';
import { normaliseCode } from './totp';
import type { AwsProfiles } from './aws-profiles';
import { pausePoint } from './test-pause';
import { parseCodeCommand } from './codes/code-command';
import type { KindDriver, OtherKindDrivers } from './profile-kinds';
import { refuseRemovingSourceOfRoles } from './roles/source-removal';
import { discoverMfaSerial } from './aws/mfa-discovery';
import { ProfileImport, type ImportOptions } from './profile-import';
import { rootCapNote, toStatus } from './profile-status';
import {
  assertProfileName,
  assertProfileSettings,
  assertTargetAvailable,
  profileExistsError,
  targetTakenError,
  validateBaseKeys,
} from './profile-validation';
import { AwsSessions } from './sessions/aws-sessions';
import { CrashRecovery } from './sessions/crash-recovery';
import { PendingMarks } from './sessions/pending-marks';
import { defaultCliCommand, SessionDelivery } from './sessions/session-delivery';
import { assertSettingsPatch } from './settings';
import type {
  AddProfileRequest,
  LoginResponse,
  ProfileChangeResponse,
  ProfileDto,
  UpdateProfileRequest,
} from '../shared/dto/profiles';
import type { Note } from '../shared/notes';

// Callers import these from the core, as before the core was split.
export { toStatus } from './profile-status';
export {
  assertDuration,
  assertMfaSerial,
  assertProfileName,
  assertProfileSettings,
  validateBaseKeys,
} from './profile-validation';
export { defaultCliCommand } from './sessions/session-delivery';

/** What the UI and `status` see of a profile: no key, no token, no secret. The IPC DTO is this very shape. */
export type ProfileStatus = ProfileDto;

/** The same shapes the tray's IPC contract carries (the contract has no Node imports, the core may use it). */
export type AddProfileInput = AddProfileRequest;
export type UpdateProfileInput = UpdateProfileRequest;

/** What adding, editing or importing a profile answers: the IPC DTO itself (src/shared/dto/profiles.ts). */
export type AddProfileResult = ProfileChangeResponse;

/**
 * A login's answer, the IPC DTO itself (src/shared/dto/profiles.ts). codeHandedOut: the typed code went to a
 * waiting CLI call (PromptCoordinator.requestCode); nothing logged in.
 */
export type LoginResult = LoginResponse;

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
  private readonly otherKinds: OtherKindDrivers;
  private readonly delivery: SessionDelivery;
  private readonly marks: PendingMarks;
  private readonly imports: ProfileImport;
  private readonly recovery: CrashRecovery;
  private readonly sessions: AwsSessions;

  constructor(options: CoreOptions) {
    this.otherKinds = { ...options.otherKinds };
    this.profiles = options.profiles;
    this.secrets = options.secrets;
    this.awsProfiles = options.awsProfiles;
    this.clock = options.clock ?? systemClock;
    this.env = options.env ?? process.env;
    this.delivery = new SessionDelivery(this.awsProfiles, options.cliCommand ?? defaultCliCommand(this.env));
    this.marks = new PendingMarks(this.profiles, this.clock);
    this.sessions = new AwsSessions({
      profiles: this.profiles,
      secrets: this.secrets,
      awsProfiles: this.awsProfiles,
      clock: this.clock,
      env: this.env,
      marks: this.marks,
      delivery: this.delivery,
      baseKeys: (name) => this.baseKeys(name),
    });
    this.imports = new ProfileImport({
      awsProfiles: this.awsProfiles,
      profiles: this.profiles,
      secrets: this.secrets,
      clock: this.clock,
      env: this.env,
      addProfile: (input, options) => this.addProfile(input, options),
      undoAdd: (profile) => this.undoAdd(profile),
      clearPending: (name) => this.marks.clear(name),
    });
    this.recovery = new CrashRecovery(
      { marks: this.marks, awsProfiles: this.awsProfiles, secrets: this.secrets },
      {
        undoAdd: (profile) => this.undoAdd(profile),
        finishRemove: (profile, done) => this.finishRemove(profile, done),
        finishLogout: (profile, done) => this.sessions.finishLogout(profile, done),
        restoreSession: (profile, session) => this.sessions.restore(profile, session),
        cachedSession: (name) => this.cachedSession(name),
      },
    );
  }

  settings(): Settings {
    return this.profiles.load().settings;
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    assertSettingsPatch(patch);
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
    if (input.target === undefined && !isProfileName(target)) {
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
    await assertTargetAvailable(target, this);
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
      data.profiles.push({ ...profile, pending: this.marks.op('add', options.keepPending?.scrubFrom) });
    });
    try {
      await pausePoint(this.env, 'add:reserved');
      await this.storeBaseKeys(name, base);
      await pausePoint(this.env, 'add:keys-stored');
      await this.deliver(profile, undefined);
      await pausePoint(this.env, 'add:delivered');
      if (!options.keepPending) await this.marks.clear(name);
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
    if (target !== before.target) await assertTargetAvailable(target, this, name);

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
    // Take the old delivery down, and put the new one up.
    if (moved) await this.delivery.takeDown(before, target);
    const session = moved && delivery === 'file' ? await this.cachedSession(name) : undefined;
    await this.deliver(this.profiles.get(name), session);
    return { profile: this.profileStatus(name), notes: rootCapNote(mfaSerial, durationSeconds) };
  }

  /** The ListMFADevices answer for the key's own user, or undefined with a note when there is none. */
  async discoverMfaSerial(
    base: BaseKeys,
    region: string,
    notes: Note[],
    profileName: string,
  ): Promise<string | undefined> {
    return discoverMfaSerial(base, region, notes, profileName, {
      env: this.env,
      now: () => this.clock.now(),
    });
  }

  /** Moves the plain-text keys of an AWS CLI profile into the keychain, and optionally scrubs them. */
  async importProfile(
    awsProfile: string,
    options: ImportOptions = {},
  ): Promise<AddProfileResult & { backupPath?: string }> {
    return this.imports.run(awsProfile, options);
  }

  /** Profiles in the credentials file that hold plain long-term keys and are not ours. */
  async importCandidates(): Promise<{ awsProfile: string; accessKeyIdSuffix: string }[]> {
    return this.imports.candidates();
  }

  /**
   * Keychain first (a locked keychain stops it before anything changed), then the AWS files, then the
   * record. The pending mark written first lets the next command finish a removal a crash interrupted.
   */
  async removeProfile(name: string): Promise<void> {
    const any = this.profiles.getAny(name);
    refuseRemovingSourceOfRoles(this.profiles.load().profiles, name);
    const other = this.otherKind(any);
    if (other) return other.remove(any);
    const profile = any as Profile;
    // Reports a locked or missing keychain before the mark is written.
    await this.secrets.get(secretAccounts.base(name));
    await this.marks.mark(name, 'remove');
    await pausePoint(this.env, 'remove:marked');
    try {
      await this.deleteSecrets(name);
    } catch (error) {
      // Nothing was removed: the profile stays as it was.
      await this.marks.clear(name).catch(() => undefined);
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
    return other ? other.login(any, code) : this.sessions.login(any as Profile, code);
  }

  /** Keychain, then file, then record, behind a pending mark: a crash is finished by the next command. */
  async logout(name: string): Promise<void> {
    const any = this.profiles.getAny(name);
    const other = this.otherKind(any);
    return other ? other.logout(any) : this.sessions.logout(name);
  }

  // ---- crash recovery -------------------------------------------------------------------------------------

  /**
   * Finishes or undoes every operation a crashed (killed) process left pending, so the keychain, the AWS
   * files and profiles.json agree again. Each CLI command runs this first (cheap when nothing is pending).
   */
  async recover(): Promise<void> {
    await this.recovery.recover();
  }

  /** The cached session if it is still valid for at least `minValidityMs`. */
  async cachedSession(name: string, minValidityMs = 0): Promise<SessionCredentials | undefined> {
    return this.sessions.cached(name, minValidityMs);
  }

  credentialProcessLine(name: string): string {
    return this.delivery.credentialProcessLine(name);
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
    await this.delivery.deliver(profile, session);
  }
}
