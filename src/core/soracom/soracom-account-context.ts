/**
 * What the parts of SoracomAccounts (editor, sessions, MFA set-up, codes) share: the stores, the clock,
 * and the few lookups every part needs. SoracomAccounts builds it once and hands it to each constructor.
 */
import type { Clock } from '../clock';
import type { SecretStore } from '../keychain/secret-store';
import type { ProfileStore, SoracomProfile } from '../profiles';
import type { ProfileDto } from '../../shared/ipc-contract';
import type { SoracomApiClient } from './api-client';

export interface SoracomAccountContext {
  readonly profiles: ProfileStore;
  readonly secrets: SecretStore;
  readonly clock: Clock;
  readonly env: NodeJS.ProcessEnv;
  /** The SORACOM profile of that name ('profile-not-found' otherwise). */
  profile(name: string): SoracomProfile;
  /** An API client for the profile's coverage or endpoint, in the app's language. */
  client(profile: SoracomProfile): SoracomApiClient;
  /** The profile as `status` and the popup show it. */
  statusOf(name: string): ProfileDto;
}
