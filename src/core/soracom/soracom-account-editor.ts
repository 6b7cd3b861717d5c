/**
 * Adding, editing and removing SORACOM accounts as mfa-tray profiles. The password (or AuthKey secret) goes
 * to the keychain, what identifies the account to profiles.json, and soracom-cli's profile file
 * (~/.soracom/P.json) is written to run `mfa-tray soracom profile-command NAME`.
 */
import { parseCodeCommand } from '../codes/code-command';
import { MfaTrayError } from '../errors';
import { secretAccounts } from '../keychain/secret-store';
import type { SoracomAuthMode, SoracomCoverage, SoracomProfile } from '../profiles';
import { checkProfileName } from '../rules/profile-rules';
import type { ProfileDto } from '../../shared/ipc-contract';
import { removeSoracomProfileFile, soracomProfileFilePath, writeSoracomProfileFile } from './profile-file';
import type { SoracomAccountContext } from './soracom-account-context';
import {
  checkAuthKeyId,
  checkCoverageType,
  checkEmail,
  checkEndpoint,
  checkOperatorId,
  checkSamUserName,
  checkSoracomProfileName,
  checkTokenTimeoutSeconds,
  DEFAULT_TOKEN_TIMEOUT_SECONDS,
  MAX_SORACOM_SECRET_LENGTH,
} from '../rules/soracom-rules';
import type { SoracomSessions } from './soracom-sessions';

export interface SoracomAddRequest {
  name: string;
  /** Exactly one way to sign in: email (root), operatorId + userName (SAM user), or authKeyId. */
  email?: string;
  operatorId?: string;
  userName?: string;
  authKeyId?: string;
  /** Write-only: the password, or the AuthKey secret. */
  secret: string;
  coverage?: string;
  endpoint?: string;
  tokenTimeoutSeconds?: number | string;
  /** The soracom-cli profile name (~/.soracom/P.json); default the mfa-tray name. */
  soracomProfile?: string;
  codeCommand?: string;
}

export interface SoracomUpdateRequest {
  name: string;
  /** A new password / AuthKey secret; absent keeps the stored one. */
  secret?: string;
  coverage?: string;
  /** null removes it. */
  endpoint?: string | null;
  tokenTimeoutSeconds?: number | string;
  /** null removes it. */
  codeCommand?: string | null;
}

export interface SoracomChangeResult {
  profile: ProfileDto;
  /** The soracom-cli profile file that runs `mfa-tray soracom profile-command NAME`. */
  profileFile: string;
}

export interface SoracomRemoveResult {
  /** What happened to ~/.soracom/P.json: removed, absent, or left alone because it is not ours. */
  profileFile: { path: string; outcome: 'removed' | 'absent' | 'foreign' };
  /** Whether /auth/logout was reached (false: no session, or SORACOM could not be reached). */
  loggedOut: boolean;
}

export class SoracomAccountEditor {
  constructor(
    private readonly ctx: SoracomAccountContext,
    private readonly sessions: SoracomSessions,
    /** How soracom-cli starts mfa-tray (absolute): [node, main.js] or [mfa-tray]. */
    private readonly cliCommand: string[],
  ) {}

  async add(request: SoracomAddRequest): Promise<SoracomChangeResult> {
    const name = request.name;
    checkProfileName(name, { quote: true });
    const identity = identityOf(request);
    const secret = checkSecret(request.secret, identity.authMode);
    const coverage: SoracomCoverage = checkCoverageType(request.coverage ?? 'jp');
    const endpoint = request.endpoint !== undefined ? checkEndpoint(request.endpoint) : undefined;
    const tokenTimeoutSeconds = checkTokenTimeoutSeconds(
      request.tokenTimeoutSeconds ?? DEFAULT_TOKEN_TIMEOUT_SECONDS,
    );
    const soracomProfile = checkSoracomProfileName(request.soracomProfile ?? name);
    const codeCommand = request.codeCommand !== undefined ? parseCodeCommand(request.codeCommand) : undefined;
    const existing = this.ctx.profiles.load().profiles;
    if (existing.some((p) => p.name === name)) throw profileExists(name);
    const sharing = existing.find((p) => p.kind === 'soracom' && p.soracomProfile === soracomProfile);
    if (sharing) {
      throw new MfaTrayError(
        'profile-exists',
        `The SORACOM CLI profile "${soracomProfile}" is already used by mfa-tray profile "${sharing.name}".`,
        { hint: 'Choose another SORACOM CLI profile name (--soracom-profile).' },
      );
    }

    // The file first: it may be refused (someone else's), and then nothing else has happened.
    const written = await writeSoracomProfileFile({
      soracomProfile,
      mfaTrayProfile: name,
      command: this.cliCommand,
      coverageType: coverage,
      ...(endpoint !== undefined ? { endpoint } : {}),
      env: this.ctx.env,
    });
    const profile: SoracomProfile = {
      kind: 'soracom',
      name,
      authMode: identity.authMode,
      ...(identity.email !== undefined ? { email: identity.email } : {}),
      ...(identity.operatorId !== undefined ? { operatorId: identity.operatorId } : {}),
      ...(identity.userName !== undefined ? { userName: identity.userName } : {}),
      ...(identity.authKeyId !== undefined ? { authKeyId: identity.authKeyId } : {}),
      coverage,
      ...(endpoint !== undefined ? { endpoint } : {}),
      tokenTimeoutSeconds,
      soracomProfile,
      ...(codeCommand ? { codeCommand } : {}),
    };
    try {
      await this.ctx.secrets.set(secretAccounts.soracomSecret(name), secret);
      await this.ctx.profiles.update((data) => {
        if (data.profiles.some((p) => p.name === name)) throw profileExists(name);
        data.profiles.push(profile);
      });
    } catch (error) {
      await this.ctx.secrets.delete(secretAccounts.soracomSecret(name)).catch(() => false);
      if (written.changed)
        await removeSoracomProfileFile({ soracomProfile, mfaTrayProfile: name, env: this.ctx.env }).catch(
          () => undefined,
        );
      throw error;
    }
    return { profile: this.ctx.statusOf(name), profileFile: written.path };
  }

  /** Edits everything but the name and the way of signing in; a new secret replaces the stored one. */
  async update(request: SoracomUpdateRequest): Promise<SoracomChangeResult> {
    const before = this.ctx.profile(request.name);
    const coverage = request.coverage !== undefined ? checkCoverageType(request.coverage) : before.coverage;
    const endpoint =
      request.endpoint === null
        ? undefined
        : request.endpoint !== undefined
          ? checkEndpoint(request.endpoint)
          : before.endpoint;
    const tokenTimeoutSeconds =
      request.tokenTimeoutSeconds !== undefined
        ? checkTokenTimeoutSeconds(request.tokenTimeoutSeconds)
        : before.tokenTimeoutSeconds;
    const codeCommand =
      request.codeCommand === null
        ? undefined
        : request.codeCommand !== undefined
          ? parseCodeCommand(request.codeCommand)
          : before.codeCommand;
    const secret = request.secret !== undefined ? checkSecret(request.secret, before.authMode) : undefined;
    const written = await writeSoracomProfileFile({
      soracomProfile: before.soracomProfile,
      mfaTrayProfile: before.name,
      command: this.cliCommand,
      coverageType: coverage,
      ...(endpoint !== undefined ? { endpoint } : {}),
      env: this.ctx.env,
    });
    if (secret !== undefined) await this.ctx.secrets.set(secretAccounts.soracomSecret(before.name), secret);
    await this.ctx.profiles.updateOfKind(before.name, 'soracom', (p) => {
      p.coverage = coverage;
      p.tokenTimeoutSeconds = tokenTimeoutSeconds;
      if (endpoint === undefined) delete p.endpoint;
      else p.endpoint = endpoint;
      if (codeCommand === undefined) delete p.codeCommand;
      else p.codeCommand = codeCommand;
    });
    return { profile: this.ctx.statusOf(before.name), profileFile: written.path };
  }

  async remove(profile: SoracomProfile): Promise<SoracomRemoveResult> {
    let loggedOut = false;
    try {
      loggedOut = await this.sessions.endSession(profile);
    } catch {
      // Best effort: the token expires by itself; the profile goes either way.
    }
    const location = {
      soracomProfile: profile.soracomProfile,
      mfaTrayProfile: profile.name,
      env: this.ctx.env,
    };
    const outcome = await removeSoracomProfileFile(location);
    for (const account of [
      secretAccounts.session(profile.name),
      secretAccounts.soracomSecret(profile.name),
      secretAccounts.soracomMfaSeed(profile.name),
    ]) {
      await this.ctx.secrets.delete(account);
    }
    await this.ctx.profiles.update((data) => {
      data.profiles = data.profiles.filter((p) => p.name !== profile.name);
    });
    return { profileFile: { path: soracomProfileFilePath(location), outcome }, loggedOut };
  }
}

function identityOf(request: SoracomAddRequest): {
  authMode: SoracomAuthMode;
  email?: string;
  operatorId?: string;
  userName?: string;
  authKeyId?: string;
} {
  const ways = [
    request.email !== undefined,
    request.operatorId !== undefined || request.userName !== undefined,
    request.authKeyId !== undefined,
  ].filter(Boolean).length;
  if (ways !== 1) {
    throw new MfaTrayError(
      'invalid-input',
      'Give exactly one way to sign in: an email (root account), an operator id and user name (SAM user), or an auth key id.',
      { field: 'authMode', rule: 'one-sign-in' },
    );
  }
  if (request.email !== undefined) return { authMode: 'root', email: checkEmail(request.email) };
  if (request.authKeyId !== undefined)
    return { authMode: 'authkey', authKeyId: checkAuthKeyId(request.authKeyId) };
  if (request.operatorId === undefined || request.userName === undefined) {
    throw new MfaTrayError('invalid-input', 'A SAM user needs both the operator id and the user name.', {
      field: request.operatorId === undefined ? 'operatorId' : 'userName',
      rule: 'required',
    });
  }
  return {
    authMode: 'sam',
    operatorId: checkOperatorId(request.operatorId),
    userName: checkSamUserName(request.userName),
  };
}

function checkSecret(secret: string, authMode: SoracomAuthMode): string {
  // Passwords may contain spaces inside; only the newline of a pipe is dropped.
  const value = secret.replace(/\r?\n$/, '');
  if (value.length === 0 || value.length > MAX_SORACOM_SECRET_LENGTH || /[\r\n]/.test(value)) {
    throw new MfaTrayError(
      'invalid-input',
      authMode === 'authkey' ? 'No auth key secret given.' : 'No password given.',
      { field: 'secret', rule: 'required' },
    );
  }
  return value;
}

function profileExists(name: string): MfaTrayError {
  return new MfaTrayError('profile-exists', `An mfa-tray profile named "${name}" already exists.`, {
    hint: `Remove it first with \`mfa-tray profile remove ${name}\`, or pick another name.`,
  });
}
