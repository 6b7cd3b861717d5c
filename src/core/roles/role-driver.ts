import type { ProfileDto } from '../../shared/ipc-contract';
import type { AwsProfiles } from '../aws-profiles';
import type { Clock } from '../clock';
import { MfaTrayError } from '../errors';
import {
  secretAccounts,
  type BaseKeys,
  type SecretStore,
  type SessionCredentials,
} from '../keychain/secret-store';
import type { KindDriver } from '../profile-kinds';
import type { Profile, ProfileStore, RoleProfile } from '../profiles';
import { sessionState } from '../scheduler';
import type { LoginResult } from '../mfa-tray-core';
import type { AssumeRoleRequest, RoleSts } from './role-sts';
import { rolesOf, roleStatus } from './role-status';
import { unpointRoleProfile } from './role-files';

/** AWS caps a role assumed with session credentials (role chaining) at this many seconds. */
import { ROLE_CHAINING_MAX_SECONDS } from '../rules/role-rules';
import { MIN_SESSION_VALIDITY_MS } from '../rules/session-rules';
export { ROLE_CHAINING_MAX_SECONDS };
/** A source session is only used when it lives at least this long (the AssumeRole call must fit in it). */

/** Whether assuming a role now needs an MFA code, and why: the facts the CLI and the popup word. */
export type RoleCodeNeed =
  /** The source has a valid MFA session: the role is assumed from it, no code. */
  | { code: false; via: 'source-session' }
  /** The source has no MFA device: the role is assumed with its base keys, without MFA. */
  | { code: false; via: 'base-keys' }
  /** The source's session is gone: one code logs the source in, and then every role is assumed from it. */
  | { code: true; why: 'source-login'; source: string; mfaSerial: string }
  /**
   * The role asks for more than 1 hour, which AWS refuses to chained sessions: it is assumed with the
   * source's base keys and an MFA code directly, every time.
   */
  | { code: true; why: 'chaining-cap'; source: string; mfaSerial: string; durationSeconds: number };

export interface RoleDriverDeps {
  profiles: ProfileStore;
  secrets: SecretStore;
  awsProfiles: AwsProfiles;
  clock: Clock;
  sts: RoleSts;
  /** The source's cached MFA session if valid for at least minValidityMs (MfaTrayCore.cachedSession). */
  sourceSession: (name: string, minValidityMs?: number) => Promise<SessionCredentials | undefined>;
  /** Logs the source in with a code (MfaTrayCore.login). */
  loginSource: (name: string, code: string) => Promise<LoginResult>;
  /** The source's base keys from the keychain (MfaTrayCore.baseKeys). */
  baseKeys: (name: string) => Promise<BaseKeys>;
  /** The credential_process line that runs `mfa-tray credential-process NAME` (MfaTrayCore.credentialProcessLine). */
  credentialProcessLine: (name: string) => string;
}

/** What renewAll did for each role. */
export interface RoleRenewal {
  name: string;
  expiresAt?: string;
  error?: MfaTrayError;
}

/**
 * Roles assumed with the MFA session of a source profile: one code serves every role of the source. Each
 * role keeps its own session (keychain: secretAccounts.session(role)) and is delivered like an IAM user's
 * profile (credentials file or credential_process).
 */
export class RoleDriver implements KindDriver<RoleProfile> {
  /** Renewals in flight, by role: concurrent callers share one AssumeRole. */
  private readonly inflight = new Map<string, Promise<LoginResult>>();

  constructor(private readonly deps: RoleDriverDeps) {}

  status(role: RoleProfile, nowMs: number, leadMs: number): ProfileDto {
    return roleStatus(role, nowMs, leadMs);
  }

  /** The source profile of a role: an IAM user's profile. */
  source(role: RoleProfile): Profile {
    const source = this.deps.profiles.load().profiles.find((p) => p.name === role.source);
    if (!source || source.kind !== 'aws') {
      throw new MfaTrayError(
        'profile-not-found',
        `The source profile "${role.source}" of role "${role.name}" is gone.`,
        {
          hint: `Add it again (mfa-tray profile add ${role.source} …) or remove the role.`,
        },
      );
    }
    return source;
  }

  async codeNeed(role: RoleProfile): Promise<RoleCodeNeed> {
    const source = this.source(role);
    if (!source.mfaSerial) return { code: false, via: 'base-keys' };
    if (role.durationSeconds > ROLE_CHAINING_MAX_SECONDS) {
      return {
        code: true,
        why: 'chaining-cap',
        source: source.name,
        mfaSerial: source.mfaSerial,
        durationSeconds: role.durationSeconds,
      };
    }
    if (await this.deps.sourceSession(source.name, MIN_SESSION_VALIDITY_MS)) {
      return { code: false, via: 'source-session' };
    }
    return { code: true, why: 'source-login', source: source.name, mfaSerial: source.mfaSerial };
  }

  /** Logs the role in with a code: the source first when its session is gone, or directly for roles over 1 h. */
  async login(role: RoleProfile, code: string): Promise<LoginResult> {
    const need = await this.codeNeed(role);
    if (!need.code) return this.refresh(role);
    if (need.why === 'chaining-cap') {
      const base = await this.deps.baseKeys(need.source);
      return this.assumeAndStore(role, base, { serialNumber: need.mfaSerial, tokenCode: code });
    }
    await this.deps.loginSource(need.source, code);
    const result = await this.refresh(role);
    // The one code renewed the source: renew the source's other roles that need it, without asking again.
    const others = await this.renewAll(need.source, { except: role.name });
    for (const o of others) {
      if (o.error) result.warnings.push({ code: 'role-not-renewed', role: o.name, errorKind: o.error.kind });
    }
    return result;
  }

  /** Renews the role without a prompt (from the source's valid session); refuses with the reason when a code is needed. */
  async refresh(role: RoleProfile): Promise<LoginResult> {
    const running = this.inflight.get(role.name);
    if (running) return running;
    const job = this.refreshNow(role).finally(() => this.inflight.delete(role.name));
    this.inflight.set(role.name, job);
    return job;
  }

  private async refreshNow(role: RoleProfile): Promise<LoginResult> {
    const need = await this.codeNeed(role);
    if (need.code) throw codeNeededError(role, need);
    if (need.via === 'base-keys') return this.assumeAndStore(role, await this.deps.baseKeys(role.source), {});
    const session = await this.deps.sourceSession(role.source, MIN_SESSION_VALIDITY_MS);
    if (!session)
      throw codeNeededError(role, { code: true, why: 'source-login', source: role.source, mfaSerial: '' });
    return this.assumeAndStore(role, session, {});
  }

  /**
   * After the source logged in: renews every role of the source that had a session and needs a new one
   * (expiring or expired), from the source's session. Roles over 1 h need their own code and are left.
   */
  async renewAll(source: string, options: { except?: string; all?: boolean } = {}): Promise<RoleRenewal[]> {
    const data = this.deps.profiles.load();
    const now = this.deps.clock.now();
    const lead = data.settings.leadTimeSeconds * 1000;
    const due = rolesOf(data.profiles, source).filter(
      (r) =>
        r.name !== options.except &&
        r.durationSeconds <= ROLE_CHAINING_MAX_SECONDS &&
        (options.all === true ||
          (r.sessionExpiresAt !== undefined && sessionState(r.sessionExpiresAt, now, lead) !== 'valid')),
    );
    const results: RoleRenewal[] = [];
    for (const role of due) {
      try {
        results.push({ name: role.name, expiresAt: (await this.refresh(role)).expiresAt });
      } catch (error) {
        results.push({
          name: role.name,
          error: error instanceof MfaTrayError ? error : new MfaTrayError('internal', String(error)),
        });
      }
    }
    return results;
  }

  async logout(role: RoleProfile): Promise<void> {
    await this.deps.secrets.delete(secretAccounts.session(role.name));
    if (role.delivery === 'file') await this.deps.awsProfiles.removeCredentialsSection(role.target);
    await this.deps.profiles.updateOfKind(role.name, 'role', (p) => {
      delete p.sessionExpiresAt;
    });
  }

  /** Logs out every role of `source` that has a session; returns their names. */
  async logoutRolesOf(source: string): Promise<string[]> {
    const roles = rolesOf(this.deps.profiles.load().profiles, source);
    for (const role of roles) await this.logout(role);
    return roles.map((r) => r.name);
  }

  /** Removes every role assumed from `source` (before the source itself goes); returns their names. */
  async removeRolesOf(source: string): Promise<string[]> {
    const roles = rolesOf(this.deps.profiles.load().profiles, source);
    for (const role of roles) await this.remove(role);
    return roles.map((r) => r.name);
  }

  async remove(role: RoleProfile): Promise<void> {
    await this.deps.secrets.delete(secretAccounts.session(role.name));
    await this.deps.awsProfiles.removeCredentialsSection(role.target);
    if (role.pointed) {
      // An imported profile we pointed at mfa-tray: give the user's section its role settings back.
      await unpointRoleProfile(this.deps.awsProfiles, role.target, role.pointed);
    } else {
      await this.deps.awsProfiles.removeConfigProfile(role.target);
    }
    await this.deps.profiles.update((data) => {
      data.profiles = data.profiles.filter((p) => p.name !== role.name);
    });
  }

  /** Puts the role's AWS profile in place; with a session, its credentials too (file delivery). */
  async deliver(role: RoleProfile, session: SessionCredentials | undefined): Promise<void> {
    if (role.delivery === 'file') {
      if (session) await this.deps.awsProfiles.writeSessionCredentials(role.target, session);
      await this.deps.awsProfiles.ensureConfigProfile(role.target, { region: role.region });
    } else {
      await this.deps.awsProfiles.ensureConfigProfile(role.target, {
        region: role.region,
        credentialProcess: this.deps.credentialProcessLine(role.name),
      });
    }
  }

  private async assumeAndStore(
    role: RoleProfile,
    credentials: BaseKeys | SessionCredentials,
    mfa: { serialNumber?: string; tokenCode?: string },
  ): Promise<LoginResult> {
    const request: AssumeRoleRequest = {
      roleArn: role.roleArn,
      sessionName: role.sessionName ?? defaultSessionName(role),
      durationSeconds: role.durationSeconds,
      ...(role.externalId !== undefined ? { externalId: role.externalId } : {}),
      ...mfa,
    };
    const session = await this.deps.sts.assumeRole(
      {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        ...('sessionToken' in credentials ? { sessionToken: credentials.sessionToken } : {}),
      },
      request,
      { region: role.region },
    );
    await this.deps.secrets.set(secretAccounts.session(role.name), JSON.stringify(session));
    await this.deliver(role, session);
    const updated = await this.deps.profiles.updateOfKind(role.name, 'role', (p) => {
      p.sessionExpiresAt = session.expiration;
    });
    const settings = this.deps.profiles.load().settings;
    return {
      profile: roleStatus(updated, this.deps.clock.now(), settings.leadTimeSeconds * 1000),
      expiresAt: session.expiration,
      warnings: [],
    };
  }
}

/** The session name AWS shows in CloudTrail and in the assumed-role ARN. */
export function defaultSessionName(role: Pick<RoleProfile, 'source'>): string {
  return `mfa-tray-${role.source}`.slice(0, 64);
}

function codeNeededError(role: RoleProfile, need: Extract<RoleCodeNeed, { code: true }>): MfaTrayError {
  if (need.why === 'chaining-cap') {
    return new MfaTrayError(
      'no-session',
      `Role "${role.name}" asks for ${need.durationSeconds} s; AWS caps roles assumed from a session at 1 hour, so it needs an MFA code each time.`,
      { reason: 'role-chaining-cap', hint: `Run: mfa-tray login ${role.name}` },
    );
  }
  return new MfaTrayError(
    'no-session',
    `Role "${role.name}" needs the MFA session of "${need.source}", which has none (or it expired).`,
    {
      reason: 'role-source-login',
      hint: `Run: mfa-tray login ${role.name} (one code renews "${need.source}" and its roles)`,
    },
  );
}
