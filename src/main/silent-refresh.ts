/**
 * The silent-refresh policy: a session about to end that the app can renew without the user — with the
 * built-in authenticator, or a role from its source's session — is renewed without a prompt or a
 * notification; only when that fails (or AWS grants less than the lead time) does the state change reach
 * the tray and the notifications after all.
 */
import { MfaTrayError } from '../core/errors';
import type { RoleProfile } from '../core/profiles';
import type { PromptCoordinator } from '../core/prompts';
import { ROLE_CHAINING_MAX_SECONDS } from '../core/rules/role-rules';
import type { StateChange } from '../core/scheduler';
import type { LoginResult } from '../core/mfa-tray-core';
import type { ProfileDto } from '../shared/ipc-contract';

/** The prompt coordinator's name for a login with the built-in authenticator (no typed code). */
export const BUILT_IN_ATTEMPT = 'built-in-authenticator';
/** The prompt coordinator's name for renewing a role from its source's session (no code). */
export const ROLE_REFRESH_ATTEMPT = 'role-from-source-session';

/** Changes the app may answer by itself: a session about to end, or one that ended unseen (sleep). */
export function isRefreshable(change: StateChange): boolean {
  if (change.to === 'expiring') return true;
  return change.to === 'expired' && (change.from === 'valid' || change.from === 'expiring');
}

export interface SilentRefreshHost {
  prompts: PromptCoordinator;
  /** The profile has a usable built-in authenticator. */
  hasBuiltIn(name: string): boolean;
  /** A login with no typed code (see BuiltInAuthenticators.login). */
  loginWithBuiltIn(name: string): Promise<LoginResult>;
  /** Renews a role from its source's session. */
  refreshRole(role: RoleProfile): Promise<LoginResult>;
  /** The stored role named so, if `name` is a role. */
  roleNamed(name: string): RoleProfile | undefined;
  leadMs(): number;
  /** Re-reads everything and reports it (may throw when profiles.json is unreadable). */
  refresh(): ProfileDto[];
  /** Tells the tray and the notifications. */
  announce(changes: StateChange[], profiles: ProfileDto[]): void;
  onUnexpectedError?: (error: unknown) => void;
}

export class SilentRefresh {
  /** Silent refreshes under way, by profile. */
  private readonly underWay = new Set<string>();
  /** Per profile, a session a silent refresh produced that was expiring at once: never refreshed silently again. */
  private readonly noSilentRefresh = new Map<string, string>();

  constructor(private readonly host: SilentRefreshHost) {}

  /**
   * State changes go to the listeners (tray, notifications) — except those answered silently; a refresh
   * under way reports its own outcome with the state as it is then.
   */
  dispatch(changes: StateChange[], profiles: ProfileDto[]): void {
    const silent: StateChange[] = [];
    const announced: StateChange[] = [];
    for (const change of changes) {
      if (this.underWay.has(change.name) && change.to !== 'valid' && change.to !== 'none') continue;
      (this.refreshesSilently(change, profiles) ? silent : announced).push(change);
    }
    if (announced.length > 0) this.host.announce(announced, profiles);
    for (const change of silent) void this.refreshSilently(change);
  }

  private refreshesSilently(change: StateChange, profiles: ProfileDto[]): boolean {
    if (!isRefreshable(change)) return false;
    const profile = profiles.find((p) => p.name === change.name);
    // A role renews from its source's session without a prompt (up to 1 h: longer ones need a code).
    const fromSource = profile?.kind === 'role' && profile.durationSeconds <= ROLE_CHAINING_MAX_SECONDS;
    if (!this.host.hasBuiltIn(change.name) && !fromSource) return false;
    if (!profile?.expiresAt || this.noSilentRefresh.get(change.name) === profile.expiresAt) return false;
    // Sessions no longer than the lead time are "expiring" from the start: refreshing would only loop.
    return profile.durationSeconds * 1000 > this.host.leadMs();
  }

  private async refreshSilently(change: StateChange): Promise<void> {
    const { name } = change;
    const host = this.host;
    this.underWay.add(name);
    let failed = false;
    try {
      // Through the coordinator: an open prompt closes and CLI calls waiting on it get the session.
      const role = host.roleNamed(name);
      await (role
        ? host.prompts.submitWith(name, ROLE_REFRESH_ATTEMPT, () => host.refreshRole(role))
        : host.prompts.submitWith(name, BUILT_IN_ATTEMPT, () => host.loginWithBuiltIn(name)));
    } catch (error) {
      if (!(error instanceof MfaTrayError)) host.onUnexpectedError?.(error);
      failed = true;
    } finally {
      this.underWay.delete(name);
    }
    let profiles: ProfileDto[];
    try {
      profiles = host.refresh();
    } catch (error) {
      host.onUnexpectedError?.(error);
      return;
    }
    const now = profiles.find((p) => p.name === name);
    if (!now || now.state === 'valid' || now.state === 'none') return;
    if (!failed && now.expiresAt) {
      // AWS granted less than the lead time: refreshing again would only loop. Say it, once.
      this.noSilentRefresh.set(name, now.expiresAt);
    }
    host.announce([{ name, from: change.from, to: now.state }], profiles);
  }
}
