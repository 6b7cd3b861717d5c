/**
 * Moving an AWS CLI profile's plain-text keys into the keychain (`mfa-tray profile import`), optionally
 * scrubbing them from ~/.aws/credentials once the keychain demonstrably holds them.
 */
import type { AwsProfiles } from './aws-profiles';
import type { Clock } from './clock';
import { MfaTrayError } from './errors';
import { isBaseKeys, readJsonSecret, secretAccounts, type SecretStore } from './keychain/secret-store';
import type { Delivery, Profile, ProfileStore } from './profiles';
import { pausePoint } from './test-pause';
import type { AddProfileInput, AddProfileResult } from './mfa-tray-core';

export interface ImportOptions {
  name?: string;
  scrub?: boolean;
  target?: string;
  delivery?: Delivery;
  mfaSerial?: string;
  durationSeconds?: number;
}

export interface ProfileImportDeps {
  readonly awsProfiles: AwsProfiles;
  readonly profiles: ProfileStore;
  readonly secrets: SecretStore;
  readonly clock: Clock;
  readonly env: NodeJS.ProcessEnv;
  /** Adds the profile; with keepPending it stays marked until the plain keys are gone. */
  addProfile(
    input: AddProfileInput,
    options: { keepPending?: { scrubFrom: string } },
  ): Promise<AddProfileResult>;
  /** Takes back what addProfile did. */
  undoAdd(profile: Profile): Promise<void>;
  clearPending(name: string): Promise<void>;
}

export class ProfileImport {
  constructor(private readonly deps: ProfileImportDeps) {}

  async run(
    awsProfile: string,
    options: ImportOptions = {},
  ): Promise<AddProfileResult & { backupPath?: string }> {
    const found = await this.deps.awsProfiles.readPlainKeys(awsProfile);
    if (!found) {
      throw new MfaTrayError(
        'profile-not-found',
        `The AWS profile "${awsProfile}" has no aws_access_key_id / aws_secret_access_key in ${this.deps.awsProfiles.credentialsPath}.`,
        { path: this.deps.awsProfiles.credentialsPath },
      );
    }
    if (found.sessionToken) {
      throw new MfaTrayError(
        'invalid-input',
        `The AWS profile "${awsProfile}" holds temporary session credentials (it has aws_session_token), not base keys.`,
      );
    }
    // A file that cannot be scrubbed is refused before anything is added.
    if (options.scrub) (await this.deps.awsProfiles.files.read('credentials'))?.assertEditable();
    // With --scrub the new profile stays pending until the plain keys are gone: if scrubbing fails, the
    // profile is taken back, so "nothing was changed" is true; after a crash, recover() decides by the file.
    const result = await this.deps.addProfile(
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
    const added = this.deps.profiles.get(result.profile.name);
    let backupPath: string;
    try {
      // Only scrub once the keychain demonstrably holds the same keys.
      const stored = await readJsonSecret(this.deps.secrets, secretAccounts.base(added.name), isBaseKeys);
      if (stored?.accessKeyId !== found.accessKeyId || stored.secretAccessKey !== found.secretAccessKey) {
        throw new MfaTrayError(
          'keychain-unavailable',
          'The keys could not be read back from the keychain; nothing was scrubbed.',
        );
      }
      await pausePoint(this.deps.env, 'import:before-scrub');
      backupPath = await this.deps.awsProfiles.scrubPlainKeys(awsProfile, this.deps.clock.now());
    } catch (error) {
      await this.deps.undoAdd(added).catch(() => undefined);
      throw error;
    }
    await pausePoint(this.deps.env, 'import:scrubbed');
    await this.deps.clearPending(added.name);
    result.notes.push({
      code: 'keys-scrubbed',
      awsProfile,
      file: this.deps.awsProfiles.credentialsPath,
      backupPath,
    });
    return { ...result, backupPath };
  }

  /** Profiles in the credentials file that hold plain long-term keys and are not ours. */
  async candidates(): Promise<{ awsProfile: string; accessKeyIdSuffix: string }[]> {
    const ours = new Set(this.deps.profiles.load().profiles.map((p) => ('target' in p ? p.target : '')));
    return (await this.deps.awsProfiles.listPlainKeyProfiles()).filter((c) => !ours.has(c.awsProfile));
  }
}
