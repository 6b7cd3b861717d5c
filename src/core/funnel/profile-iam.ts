/**
 * IAM calls made with an mfa-tray AWS profile's rights: its MFA session first (the cached one, or one
 * login with a code asked once per run), its base keys as the fallback — the same rule as the base-key
 * rotation and the MFA device commands (callWithIamAccess). A Funnel rotation acts on another IAM user
 * (the one Funnel publishes as) with the rights of the person running it.
 */
import type { SessionCredentials } from '../keychain/secret-store';
import { callWithIamAccess } from '../mfa-devices';
import type { Profile, ProfileStore } from '../profiles';
import type { KeyIam, KeyIamFactory } from '../rotation/key-iam';
import { runSession, type SessionSource } from '../rotation/run-session';
import type { BaseKeys } from '../keychain/secret-store';
import { accountIdFromSerial } from '../rules/profile-rules';

export interface ProfileIamOptions {
  profiles: ProfileStore;
  /** The profile's cached MFA session and login with a code (MfaTrayCore does both). */
  sessions: SessionSource;
  baseKeys: (name: string) => Promise<BaseKeys>;
  iam: KeyIamFactory;
  codeProvider?: (profile: Profile) => Promise<string>;
}

/** One run's IAM access for one profile. */
export interface ProfileIamRun {
  readonly profile: Profile;
  /** `action`/`resource` only word the hint when AWS refuses. */
  call<T>(action: string, resource: string, what: string, run: (iam: KeyIam) => Promise<T>): Promise<T>;
}

export class ProfileIam {
  constructor(private readonly o: ProfileIamOptions) {}

  async open(name: string): Promise<ProfileIamRun> {
    const profile = this.o.profiles.get(name);
    const session = await this.session(profile);
    const o = this.o;
    return {
      profile,
      async call(action, resource, what, run) {
        const { value } = await callWithIamAccess(
          {
            profile: profile.name,
            hasMfaDevice: profile.mfaSerial !== undefined,
            baseKeys: async () => {
              const keys = await o.baseKeys(profile.name);
              return { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
            },
            mfaSession: () => Promise.resolve(session),
            sessionFirst: true,
          },
          { action, resource, what },
          (credentials) => run(o.iam(credentials, profile.region)),
        );
        return value;
      },
    };
  }

  private session(profile: Profile): Promise<SessionCredentials | undefined> {
    return runSession(this.o.sessions, profile, this.o.codeProvider);
  }
}

/** The user's ARN for the wording of a refusal (the account from the profile's MFA device, if known). */
export function userArnFor(profile: Profile, userName: string): string {
  const account = accountIdFromSerial(profile.mfaSerial) ?? '*';
  return `arn:aws:iam::${account}:user/${userName}`;
}
