/**
 * The SORACOM kind behind the one profile seam (src/core/profile-kinds.ts): the status list, login with a
 * code, logout and removal of SORACOM profiles go through here to SoracomAccounts.
 */
import type { KindDriver } from '../profile-kinds';
import type { SoracomProfile } from '../profiles';
import type { LoginResult } from '../mfa-tray-core';
import type { ProfileDto } from '../../shared/ipc-contract';
import type { SoracomAccounts } from './soracom-accounts';

export class SoracomDriver implements KindDriver<SoracomProfile> {
  constructor(readonly accounts: SoracomAccounts) {}

  status(profile: SoracomProfile, nowMs: number, leadMs: number): ProfileDto {
    return this.accounts.status(profile, nowMs, leadMs);
  }

  login(profile: SoracomProfile, code: string): Promise<LoginResult> {
    return this.accounts.login(profile, code);
  }

  logout(profile: SoracomProfile): Promise<void> {
    return this.accounts.logout(profile);
  }

  async remove(profile: SoracomProfile): Promise<void> {
    await this.accounts.remove(profile);
  }
}
