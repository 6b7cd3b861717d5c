/**
 * What a base-key rotation run reads and writes besides rotations.json: the keychain's pairs (the current
 * one and the old one kept beside it while a rotation is in flight), the profile's key suffix and key age,
 * and IAM/STS with the run's MFA session (falling back to the base keys).
 */
import { userNameFromArn } from '../rules/profile-rules';
import type { AwsCredentialsInput } from '../aws-client';
import { MfaTrayError } from '../errors';
import {
  isBaseKeys,
  readJsonSecret,
  secretAccounts,
  type BaseKeys,
  type SecretStore,
  type SessionCredentials,
} from '../keychain/secret-store';
import { callWithIamAccess, type IamPermission } from '../mfa-devices';
import type { Profile, ProfileStore } from '../profiles';
import type { AccessKeyInfo, CallerIdentityCheck, KeyIam, KeyIamFactory } from './key-iam';
import type { AccessKeyRotationRecord, RotationStore } from './rotation-store';
import { runSession, type SessionSource } from './run-session';

/** Keychain account for the old pair while a rotation is in flight (rollback puts it back). */
export const previousBaseAccount = (profile: string) => `${profile}/base-keys-previous`;

export interface KeyRun {
  profile: Profile;
  session: SessionCredentials | undefined;
  /** The base pair IAM calls may fall back to (the old one until the new one is proven). */
  baseKeys: BaseKeys;
}

export interface KeyAccessOptions {
  profiles: ProfileStore;
  secrets: SecretStore;
  rotations: RotationStore;
  sessions: SessionSource;
  iam: KeyIamFactory;
  sts: CallerIdentityCheck;
  codeProvider?: (profile: Profile) => Promise<string>;
}

export class KeyAccess {
  constructor(private readonly o: KeyAccessOptions) {}

  /** A run on the profile: one MFA session for all of it (or none: base keys), IAM falling back to `baseKeys`. */
  async openRun(profile: Profile, baseKeys: BaseKeys): Promise<KeyRun> {
    return { profile, session: await this.session(profile), baseKeys };
  }

  /** One MFA session for the whole run: the cached one, or a login with one code; else none (base keys). */
  session(profile: Profile): Promise<SessionCredentials | undefined> {
    return runSession(this.o.sessions, profile, this.o.codeProvider);
  }

  async identity(run: KeyRun): Promise<{ arn: string }> {
    const credentials: AwsCredentialsInput = run.session ?? run.baseKeys;
    const identity = await this.o.sts(credentials, run.profile.region);
    if (!userNameOf(identity.arn)) {
      throw new MfaTrayError(
        'root-user',
        `The keys of "${run.profile.name}" are not an IAM user's (${identity.arn}); mfa-tray rotates IAM users' keys.`,
      );
    }
    return identity;
  }

  /** An IAM call with the run's MFA session, falling back to base keys (see callWithIamAccess). */
  async iamCall<T>(
    run: KeyRun,
    action: string,
    userArn: string,
    what: string,
    call: (iam: KeyIam) => Promise<T>,
  ): Promise<T> {
    const permission: IamPermission = { action, resource: userArn, what };
    const { value } = await callWithIamAccess(
      {
        profile: run.profile.name,
        hasMfaDevice: run.profile.mfaSerial !== undefined,
        baseKeys: () => Promise.resolve(run.baseKeys),
        mfaSession: () => Promise.resolve(run.session),
        sessionFirst: true,
      },
      permission,
      (credentials) => call(this.o.iam(credentials, run.profile.region)),
    );
    return value;
  }

  async keychainBase(name: string): Promise<BaseKeys> {
    const base = await readJsonSecret(this.o.secrets, secretAccounts.base(name), isBaseKeys);
    if (!base) {
      throw new MfaTrayError('invalid-base-key', `The keychain holds no access key for "${name}".`);
    }
    // Only the pair: whatever else the stored JSON carries is not ours to copy around.
    return { accessKeyId: base.accessKeyId, secretAccessKey: base.secretAccessKey };
  }

  /** The old pair kept beside the new one while a rotation is in flight, if any. */
  previousBase(name: string): Promise<BaseKeys | undefined> {
    return readJsonSecret(this.o.secrets, previousBaseAccount(name), isBaseKeys);
  }

  async keepPreviousBase(name: string, keys: BaseKeys): Promise<void> {
    await this.o.secrets.set(previousBaseAccount(name), JSON.stringify(keys));
  }

  async dropPreviousBase(name: string): Promise<void> {
    await this.o.secrets.delete(previousBaseAccount(name));
  }

  /** The new pair as the profile's base key: the keychain, then the profile's key suffix. */
  async storeBase(name: string, keys: BaseKeys): Promise<void> {
    await this.o.secrets.set(secretAccounts.base(name), JSON.stringify(keys));
  }

  async setProfileKey(name: string, accessKeyId: string): Promise<void> {
    await this.o.profiles.updateProfile(name, (p) => {
      p.accessKeyIdSuffix = accessKeyId.slice(-4);
    });
  }

  /** Puts the old pair back as the profile's base key (if the keychain holds the new one). */
  async restoreOldKeys(record: AccessKeyRotationRecord): Promise<void> {
    const previous = await this.previousBase(record.profile);
    const current = await readJsonSecret(this.o.secrets, secretAccounts.base(record.profile), isBaseKeys);
    if (previous && previous.accessKeyId === record.oldKeyId && current?.accessKeyId !== record.oldKeyId) {
      await this.o.secrets.set(secretAccounts.base(record.profile), JSON.stringify(previous));
    }
    await this.setProfileKey(record.profile, record.oldKeyId);
    if (previous) await this.dropPreviousBase(record.profile);
  }

  recordKeyAge(name: string, key: Pick<AccessKeyInfo, 'accessKeyId' | 'createDate'>): Promise<void> {
    return this.o.rotations.recordKeyAge(name, key);
  }
}

/** The IAM user name in a caller ARN, or '' for root and roles. */
export function userNameOf(arn: string): string {
  return userNameFromArn(arn) ?? '';
}
