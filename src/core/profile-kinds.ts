import type { ProfileKind, StoredProfile } from './profiles';
import type { ProfileDto } from '../shared/ipc-contract';
import type { LoginResult } from './mfa-tray-core';

/**
 * What a kind of profile (an IAM user, a SORACOM account, a role) does for the parts of mfa-tray that treat
 * every profile alike: the status list and countdown, login with a code, logout, removal. MfaTrayCore is
 * the AWS kind itself and hands every other kind's profiles to its driver — the one place that looks at
 * `kind`.
 */
export interface KindDriver<P extends StoredProfile = StoredProfile> {
  /** The status row: state, expiry and what the UI shows of the profile (never a secret). */
  status(profile: P, nowMs: number, leadMs: number): ProfileDto;
  /** Logs in with a 6-digit code (already normalised) and keeps the session where its users find it. */
  login(profile: P, code: string): Promise<LoginResult>;
  /** Ends the session (at the provider where it can be ended) and forgets it. */
  logout(profile: P): Promise<void>;
  /** Deletes the profile: its secrets, its files, its record. */
  remove(profile: P): Promise<void>;
}

type ProfileOf<K extends ProfileKind> = Extract<StoredProfile, { kind: K }>;

/** The drivers of the kinds other than AWS, by kind. */
export type OtherKindDrivers = { [K in Exclude<ProfileKind, 'aws'>]?: KindDriver<ProfileOf<K>> };
