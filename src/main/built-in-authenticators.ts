/**
 * Which profiles log in without typing: their built-in authenticator is on and holds the login device's
 * seed. A cache of the keychain (reads are async, state changes are reported synchronously), refreshed on
 * start, after the app's own changes and when the CLI changed profiles.json. A stale entry only costs a
 * failed silent refresh, which falls back to the notification; a missing one only means the notification
 * instead of a silent refresh.
 */
import type { MfaDeviceService } from '../core/mfa-devices';
import { soracomAccountsOf } from '../core/open';
import type { RoleDriver } from '../core/roles';
import type { LoginResult, MfaTrayCore } from '../core/mfa-tray-core';

export class BuiltInAuthenticators {
  private readonly enabled = new Set<string>();

  constructor(
    private readonly core: MfaTrayCore,
    private readonly mfa: MfaDeviceService,
    private readonly roles: RoleDriver,
  ) {}

  has(name: string): boolean {
    return this.enabled.has(name);
  }

  forget(name: string): void {
    this.enabled.delete(name);
  }

  /** Re-reads whether `name`'s built-in authenticator is on and usable. */
  async check(name: string): Promise<void> {
    let usable = false;
    try {
      if (this.isSoracom(name)) {
        usable = await soracomAccountsOf(this.core).hasBuiltInAuthenticator(name);
      } else {
        const status = await this.mfa.builtInAuthenticator(name);
        usable = status.enabled && status.matchesLoginDevice;
      }
    } catch {
      // Keychain locked or unavailable: treat it as off; logins then ask for a code, as without it.
    }
    if (usable) this.enabled.add(name);
    else this.enabled.delete(name);
  }

  /** Re-reads, for every profile, whether its built-in authenticator is on. */
  async loadAll(): Promise<void> {
    let names: string[];
    try {
      names = this.core.profiles.load().profiles.map((p) => p.name);
    } catch {
      // profiles.json unreadable: the next refresh reports that.
      return;
    }
    for (const name of [...this.enabled]) if (!names.includes(name)) this.enabled.delete(name);
    for (const name of names) await this.check(name);
  }

  /** A login with no typed code: the seed in the keychain, or (a role) its source's session. */
  login(name: string): Promise<LoginResult> {
    // A role whose source has a valid session needs no code at all: assumed from that session.
    const stored = this.core.profiles.getAny(name);
    if (stored.kind === 'role') return this.roles.refresh(stored);
    return this.isSoracom(name)
      ? soracomAccountsOf(this.core).loginWithBuiltInAuthenticator(name)
      : this.mfa.loginWithBuiltInAuthenticator(name);
  }

  /** A code for a key rotation's one login, when the AWS profile's built-in authenticator is on. */
  async code(name: string): Promise<string | undefined> {
    if (!this.has(name) || this.isSoracom(name)) return undefined;
    return this.mfa.builtInCode(name);
  }

  /** SORACOM accounts keep their seed through SoracomAccounts; AWS profiles through the MFA device service. */
  private isSoracom(name: string): boolean {
    return this.core.profiles.load().profiles.find((p) => p.name === name)?.kind === 'soracom';
  }
}
