/**
 * An IAM user's MFA session: login (GetSessionToken, then keychain and delivery behind a pending mark),
 * logout, and putting a session back — each step recoverable after a crash.
 */
import type { AwsProfiles } from '../aws-profiles';
import type { Clock } from '../clock';
import { MfaTrayError } from '../errors';
import {
  isSessionCredentials,
  readJsonSecret,
  secretAccounts,
  type BaseKeys,
  type SecretStore,
  type SessionCredentials,
} from '../keychain/secret-store';
import type { LoginResult } from '../mfa-tray-core';
import { toStatus } from '../profile-status';
import type { Profile, ProfileStore } from '../profiles';
import { pausePoint } from '../test-pause';
import { hashCode } from '../totp';
import { codeRecentlyUsed, codeReusedError } from './code-reuse';
import { requestMfaSession } from './mfa-session';
import type { PendingMarks } from './pending-marks';
import type { SessionDelivery } from './session-delivery';

export interface AwsSessionsDeps {
  readonly profiles: ProfileStore;
  readonly secrets: SecretStore;
  readonly awsProfiles: AwsProfiles;
  readonly clock: Clock;
  readonly env: NodeJS.ProcessEnv;
  readonly marks: PendingMarks;
  readonly delivery: SessionDelivery;
  baseKeys(name: string): Promise<BaseKeys>;
}

export class AwsSessions {
  constructor(private readonly deps: AwsSessionsDeps) {}

  /** Logs an IAM user's profile in with a (normalised) MFA code and delivers the session. */
  async login(profile: Profile, code: string): Promise<LoginResult> {
    const name = profile.name;
    if (!profile.mfaSerial) {
      throw new MfaTrayError('no-mfa-device', `The profile "${profile.name}" has no MFA device yet.`, {
        hint: `Set one up with \`mfa-tray mfa create DEVICE_NAME --profile ${profile.name}\` (or in the tray), then log in.`,
      });
    }
    const now = this.deps.clock.now();
    const serial = profile.mfaSerial;
    if (codeRecentlyUsed(this.deps.profiles.load().profiles, serial, code, now)) throw codeReusedError(now);
    const base = await this.deps.baseKeys(name);
    const { session, warnings } = await requestMfaSession(profile, serial, code, base, {
      profiles: this.deps.profiles,
      clock: this.deps.clock,
      env: this.deps.env,
    });

    // The mark goes first and carries the used code (AWS has consumed it whatever happens next); on a
    // full disk this write fails and nothing else has changed.
    await this.deps.profiles.updateProfile(name, (p) => {
      p.pending = this.deps.marks.op('login');
      p.lastCode = { hash: hashCode(serial, code), usedAt: new Date(now).toISOString() };
    });
    await pausePoint(this.deps.env, 'login:marked');
    const previous = await this.cached(name).catch(() => undefined);
    try {
      await this.deps.secrets.set(secretAccounts.session(name), JSON.stringify(session));
      await pausePoint(this.deps.env, 'login:keychain');
      await this.deps.delivery.deliver(profile, session);
      await pausePoint(this.deps.env, 'login:delivered');
    } catch (error) {
      // Back to the session there was before (or none), in the keychain and the file alike.
      await this.restore(profile, previous).catch(() => undefined);
      throw error;
    }
    const updated = await this.deps.profiles.updateProfile(name, (p) => {
      p.sessionExpiresAt = session.expiration;
      delete p.pending;
    });
    const settings = this.deps.profiles.load().settings;
    return {
      profile: toStatus(updated, this.deps.clock.now(), settings.leadTimeSeconds * 1000),
      expiresAt: session.expiration,
      warnings,
    };
  }

  /** Keychain, then file, then record, behind a pending mark: a crash is finished by the next command. */
  async logout(name: string): Promise<void> {
    // Reports a locked or missing keychain before the mark is written.
    await this.deps.secrets.get(secretAccounts.session(name));
    await this.deps.marks.mark(name, 'logout');
    await pausePoint(this.deps.env, 'logout:marked');
    try {
      await this.deps.secrets.delete(secretAccounts.session(name));
    } catch (error) {
      await this.deps.marks.clear(name).catch(() => undefined);
      throw error;
    }
    await pausePoint(this.deps.env, 'logout:keychain');
    await this.finishLogout(this.deps.profiles.get(name), { sessionDeleted: true });
  }

  async finishLogout(profile: Profile, done: { sessionDeleted: boolean }): Promise<void> {
    if (!done.sessionDeleted) await this.deps.secrets.delete(secretAccounts.session(profile.name));
    if (profile.delivery === 'file') await this.deps.awsProfiles.removeCredentialsSection(profile.target);
    await pausePoint(this.deps.env, 'logout:file');
    await this.deps.profiles.updateProfile(profile.name, (p) => {
      delete p.sessionExpiresAt;
      delete p.pending;
    });
  }

  /** Puts `session` (or no session) back in the keychain, the AWS files and the record. */
  async restore(profile: Profile, session: SessionCredentials | undefined): Promise<void> {
    if (session) {
      await this.deps.secrets.set(secretAccounts.session(profile.name), JSON.stringify(session));
      await this.deps.delivery.deliver(profile, session);
    } else {
      await this.deps.secrets.delete(secretAccounts.session(profile.name));
      if (profile.delivery === 'file') await this.deps.awsProfiles.removeCredentialsSection(profile.target);
    }
    await this.deps.profiles.updateProfile(profile.name, (p) => {
      if (session) p.sessionExpiresAt = session.expiration;
      else delete p.sessionExpiresAt;
      delete p.pending;
    });
  }

  /** The cached session if it is still valid for at least `minValidityMs`. */
  async cached(name: string, minValidityMs = 0): Promise<SessionCredentials | undefined> {
    const session = await readJsonSecret(
      this.deps.secrets,
      secretAccounts.session(name),
      isSessionCredentials,
    );
    if (!session) return undefined;
    return Date.parse(session.expiration) - this.deps.clock.now() > minValidityMs ? session : undefined;
  }
}
