/**
 * SORACOM accounts as mfa-tray profiles: add / edit / remove, login and logout, MFA set-up, and the codes
 * handed to soracom-cli's profileCommand. The password (or AuthKey secret), the API key + token and the
 * opt-in MFA seed live in the keychain; profiles.json holds what identifies the account and the hashes of
 * recent codes. Every method returns facts the CLI and the popup word themselves (no secret in them, except
 * the MFA set-up URI, which the user has to scan).
 */
import { checkProfileName } from '../rules/profile-rules';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { formatCodeCommand, parseCodeCommand } from '../codes/code-command';
import { MfaTrayError } from '../errors';
import { readJsonSecret, secretAccounts, type SecretStore } from '../keychain/secret-store';
import { normaliseSeed } from '../otpauth';
import {
  type ProfileStore,
  type SoracomAuthMode,
  type SoracomCoverage,
  type SoracomProfile,
} from '../profiles';
import { sessionState } from '../scheduler';
import type { LoginResult } from '../mfa-tray-core';
import { generateCode, hashCode, normaliseCode, secondsUntilNextCode, TOTP_PERIOD_SECONDS } from '../totp';
import type { ProfileDto } from '../../shared/ipc-contract';
import { SoracomApiClient, type SoracomApiCredentials, type SoracomLang } from './api-client';
import { soracomLogin, soracomLogout, type SoracomLoginSecret } from './auth';
import { resolveSoracomEndpoint } from './endpoint';
import {
  enableSoracomMfa,
  getSoracomMfaStatus,
  mfaTargetOf,
  verifySoracomMfa,
  type SoracomMfaStatus,
} from './mfa';
import { removeSoracomProfileFile, soracomProfileFilePath, writeSoracomProfileFile } from './profile-file';
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

/** What the keychain keeps of a SORACOM login. */
export interface StoredSoracomSession {
  apiKey: string;
  token: string;
  operatorId: string;
  userName?: string;
  /** ISO 8601: issue time + tokenTimeoutSeconds. */
  expiresAt: string;
}

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

export interface SoracomMfaSetup {
  /** otpauth:// URI with the new seed: for the QR code only, never stored (unless kept on purpose). */
  totpUri: string;
  secret: string;
  issuer: string | undefined;
  account: string;
}

export interface SoracomMfaVerifyResult {
  /** Root accounts get backup codes (show them once); SAM users none. */
  backupCodes: string[];
  status: SoracomMfaStatus;
  builtInAuthenticator: boolean;
}

/** The JSON soracom-cli reads from profileCommand's stdout; its fields replace the file's auth fields. */
export type SoracomCliAuthFields =
  | { email: string; password: string; mfaOTPCode?: string }
  | { operatorId: string; username: string; password: string; mfaOTPCode?: string }
  | { authKeyId: string; authKey: string };

/** Where the code for soracom-cli comes from, decided by the caller (src/core/codes/code-source.ts). */
export type HandOutSource =
  | { from: 'authenticator' }
  /** Gets a code (a code command, the tray app); called again once when it returns a code already used. */
  | { from: 'fetch'; get: () => Promise<string>; retryAfterWindow: boolean };

export type SoracomClientFactory = (profile: SoracomProfile, lang: SoracomLang) => SoracomApiClient;

export interface SoracomAccountsOptions {
  profiles: ProfileStore;
  secrets: SecretStore;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** How soracom-cli starts mfa-tray (absolute): [node, main.js] or [mfa-tray]. */
  cliCommand: string[];
  clientFactory?: SoracomClientFactory;
  /** Waits (for the next TOTP window); injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

/** SORACOM accepts the current window ±1: a code is "recent" for three windows. */
const RECENT_CODE_MS = 3 * TOTP_PERIOD_SECONDS * 1000;
const PERIOD_MS = TOTP_PERIOD_SECONDS * 1000;

export const SORACOM_BUILT_IN_AUTHENTICATOR_WARNING =
  'The built-in authenticator keeps the MFA secret in this computer’s keychain, next to the SORACOM ' +
  'password: both factors then live on this computer, so whoever can use your account on it can sign in ' +
  'to SORACOM as you without your phone. Turn it on only if that is acceptable for this account.';

export class SoracomAccounts {
  readonly profiles: ProfileStore;
  readonly secrets: SecretStore;
  readonly clock: Clock;
  readonly env: NodeJS.ProcessEnv;
  private readonly cliCommand: string[];
  private readonly clientFactory: SoracomClientFactory;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: SoracomAccountsOptions) {
    this.profiles = options.profiles;
    this.secrets = options.secrets;
    this.clock = options.clock ?? systemClock;
    this.env = options.env ?? process.env;
    this.cliCommand = options.cliCommand;
    this.clientFactory =
      options.clientFactory ??
      ((profile, lang) =>
        new SoracomApiClient({
          endpoint: resolveSoracomEndpoint(
            { endpoint: profile.endpoint, coverageType: profile.coverage },
            { env: this.env },
          ),
          lang,
        }));
    // A real, referenced timer: the CLI process must stay alive while it waits for the next window.
    this.sleep = options.sleep ?? ((ms) => sleep(ms));
  }

  // ---- profiles -------------------------------------------------------------------------------------------

  profile(name: string): SoracomProfile {
    return this.profiles.getOfKind(name, 'soracom');
  }

  status(profile: SoracomProfile, nowMs: number, leadMs: number): ProfileDto {
    return {
      name: profile.name,
      kind: 'soracom',
      state: sessionState(profile.sessionExpiresAt, nowMs, leadMs),
      expiresAt: profile.sessionExpiresAt ?? null,
      target: profile.soracomProfile,
      delivery: 'process',
      region: profile.coverage,
      durationSeconds: profile.tokenTimeoutSeconds,
      mfaSerial: null,
      accountId: profile.operatorId ?? null,
      accessKeyIdSuffix: profile.authKeyId ? profile.authKeyId.slice(-4) : null,
      ...(profile.builtInAuthenticator ? { builtInAuthenticator: true } : {}),
      ...(profile.codeCommand ? { codeCommand: formatCodeCommand(profile.codeCommand) } : {}),
      soracom: {
        authMode: profile.authMode,
        email: profile.email ?? null,
        operatorId: profile.operatorId ?? null,
        userName: profile.userName ?? null,
        coverage: profile.coverage,
      },
    };
  }

  statusOf(name: string): ProfileDto {
    const lead = this.profiles.load().settings.leadTimeSeconds * 1000;
    return this.status(this.profile(name), this.clock.now(), lead);
  }

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
    const existing = this.profiles.load().profiles;
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
      env: this.env,
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
      await this.secrets.set(secretAccounts.soracomSecret(name), secret);
      await this.profiles.update((data) => {
        if (data.profiles.some((p) => p.name === name)) throw profileExists(name);
        data.profiles.push(profile);
      });
    } catch (error) {
      await this.secrets.delete(secretAccounts.soracomSecret(name)).catch(() => false);
      if (written.changed)
        await removeSoracomProfileFile({ soracomProfile, mfaTrayProfile: name, env: this.env }).catch(
          () => undefined,
        );
      throw error;
    }
    return { profile: this.statusOf(name), profileFile: written.path };
  }

  /** Edits everything but the name and the way of signing in; a new secret replaces the stored one. */
  async update(request: SoracomUpdateRequest): Promise<SoracomChangeResult> {
    const before = this.profile(request.name);
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
      env: this.env,
    });
    if (secret !== undefined) await this.secrets.set(secretAccounts.soracomSecret(before.name), secret);
    await this.profiles.updateOfKind(before.name, 'soracom', (p) => {
      p.coverage = coverage;
      p.tokenTimeoutSeconds = tokenTimeoutSeconds;
      if (endpoint === undefined) delete p.endpoint;
      else p.endpoint = endpoint;
      if (codeCommand === undefined) delete p.codeCommand;
      else p.codeCommand = codeCommand;
    });
    return { profile: this.statusOf(before.name), profileFile: written.path };
  }

  async remove(profile: SoracomProfile): Promise<SoracomRemoveResult> {
    let loggedOut = false;
    try {
      loggedOut = await this.endSession(profile);
    } catch {
      // Best effort: the token expires by itself; the profile goes either way.
    }
    const location = { soracomProfile: profile.soracomProfile, mfaTrayProfile: profile.name, env: this.env };
    const outcome = await removeSoracomProfileFile(location);
    for (const account of [
      secretAccounts.session(profile.name),
      secretAccounts.soracomSecret(profile.name),
      secretAccounts.soracomMfaSeed(profile.name),
    ]) {
      await this.secrets.delete(account);
    }
    await this.profiles.update((data) => {
      data.profiles = data.profiles.filter((p) => p.name !== profile.name);
    });
    return { profileFile: { path: soracomProfileFilePath(location), outcome }, loggedOut };
  }

  // ---- sessions -------------------------------------------------------------------------------------------

  /**
   * /auth with the stored secret and `code` (not for an AuthKey), keeping the API key + token in the
   * keychain with their expiry. A code that was already used or handed out is refused before SORACOM sees it.
   */
  async login(
    profile: SoracomProfile,
    code: string | undefined,
    options: { handedOut?: boolean } = {},
  ): Promise<LoginResult> {
    let mfaCode: string | undefined;
    if (profile.authMode !== 'authkey' && code !== undefined) {
      mfaCode = normaliseCode(code);
      if (!mfaCode) {
        throw new MfaTrayError('invalid-input', 'An MFA code is 6 digits.', {
          field: 'code',
          rule: 'otp-code',
          hint: 'Type the 6-digit code your authenticator app shows.',
        });
      }
      // A code from handOutCode is recorded already; any other recent one SORACOM would refuse.
      if (!options.handedOut && this.wasRecent(profile, mfaCode, this.clock.now()))
        throw codeReusedError(this.clock.now());
    }
    const secret = await this.loginSecret(profile);
    const client = this.client(profile);
    let session;
    try {
      session = await soracomLogin(client, secret, {
        ...(mfaCode !== undefined ? { mfaCode } : {}),
        tokenTimeoutSeconds: profile.tokenTimeoutSeconds,
        now: () => this.clock.now(),
      });
    } finally {
      // Tried is spent: SORACOM may have seen it even when the answer was lost.
      if (mfaCode !== undefined) await this.remember(profile.name, mfaCode);
    }
    const expiresAt = new Date(session.expiresAt).toISOString();
    const stored: StoredSoracomSession = {
      apiKey: session.apiKey,
      token: session.token,
      operatorId: session.operatorId,
      ...(session.userName !== undefined ? { userName: session.userName } : {}),
      expiresAt,
    };
    await this.secrets.set(secretAccounts.session(profile.name), JSON.stringify(stored));
    await this.profiles.updateOfKind(profile.name, 'soracom', (p) => {
      p.sessionExpiresAt = expiresAt;
      // A root account's operator id is only known once it has logged in.
      p.operatorId ??= session.operatorId;
      if (p.authMode !== 'authkey' && mfaCode === undefined) p.noMfa = true;
      else delete p.noMfa;
    });
    return { profile: this.statusOf(profile.name), expiresAt, warnings: [] };
  }

  /**
   * Logs in with a code from the built-in authenticator (no typing: the tray may refresh by itself), one
   * SORACOM has not seen from us.
   */
  async loginWithBuiltInAuthenticator(name: string): Promise<LoginResult> {
    const code = await this.handOutCode(name, { from: 'authenticator' });
    return this.login(this.profile(name), code, { handedOut: true });
  }

  /** Ends the token at SORACOM (an expired one counts as ended) and forgets it. */
  async logout(profile: SoracomProfile): Promise<void> {
    await this.endSession(profile);
  }

  private async endSession(profile: SoracomProfile): Promise<boolean> {
    const session = await this.storedSession(profile.name);
    let reached = false;
    if (session) {
      try {
        await soracomLogout(this.client(profile), session);
        reached = true;
      } finally {
        await this.forgetSession(profile.name);
      }
    } else {
      await this.forgetSession(profile.name);
    }
    return reached;
  }

  private async forgetSession(name: string): Promise<void> {
    await this.secrets.delete(secretAccounts.session(name));
    await this.profiles.updateOfKind(name, 'soracom', (p) => {
      delete p.sessionExpiresAt;
    });
  }

  async storedSession(name: string): Promise<StoredSoracomSession | undefined> {
    return readJsonSecret(this.secrets, secretAccounts.session(name), isStoredSession);
  }

  /**
   * An API client and the API key + token of a logged-in profile whose token lives at least
   * `minValidityMs` more (for work that must not lose its token half-way, like a Funnel rotation).
   */
  async apiSession(
    name: string,
    minValidityMs = 0,
  ): Promise<{ client: SoracomApiClient; credentials: SoracomApiCredentials }> {
    const profile = this.profiles.getOfKind(name, 'soracom');
    const stored = await this.storedSession(name);
    if (!stored || !(Date.parse(stored.expiresAt) - minValidityMs > this.clock.now())) {
      throw new MfaTrayError(
        'no-session',
        stored
          ? `The SORACOM session of "${name}" has expired (or ends within minutes).`
          : `"${name}" has no SORACOM session.`,
        { hint: `Log in first: \`mfa-tray login ${name}\`.` },
      );
    }
    return { client: this.client(profile), credentials: { apiKey: stored.apiKey, token: stored.token } };
  }

  /** The session when it is still valid, else 'no-session' saying to log in. */
  async validSession(name: string): Promise<StoredSoracomSession> {
    const session = await this.storedSession(name);
    if (!session || Date.parse(session.expiresAt) <= this.clock.now()) {
      throw new MfaTrayError('no-session', `"${name}" is not logged in to SORACOM (or its token expired).`, {
        hint: `Log in first: mfa-tray login ${name}`,
      });
    }
    return session;
  }

  // ---- MFA set-up -----------------------------------------------------------------------------------------

  /** Starts MFA set-up for the logged-in root account or SAM user: a new seed, status UNCONFIRMED. */
  async mfaEnable(name: string): Promise<SoracomMfaSetup> {
    const profile = this.assertMfaCapable(this.profile(name));
    const session = await this.validSession(name);
    const result = await this.withSession(name, () =>
      enableSoracomMfa(this.client(profile), session, mfaTargetOf(session)),
    );
    return { totpUri: result.totpUri, secret: result.secret, issuer: result.issuer, account: result.account };
  }

  /**
   * Completes the set-up with a first code. `keepSeed` (the set-up's secret) turns the built-in
   * authenticator on: the seed goes to the keychain (explicit opt-in).
   */
  async mfaVerify(
    name: string,
    code: string,
    options: { keepSeed?: string } = {},
  ): Promise<SoracomMfaVerifyResult> {
    const profile = this.assertMfaCapable(this.profile(name));
    const session = await this.validSession(name);
    const normalised = normaliseCode(code);
    if (!normalised) throw new MfaTrayError('invalid-input', 'An MFA code is 6 digits.', { field: 'code' });
    const seed = options.keepSeed !== undefined ? normaliseSeed(options.keepSeed) : undefined;
    if (options.keepSeed !== undefined && !seed) {
      throw new MfaTrayError('invalid-input', 'That is not a base32 MFA secret.', { field: 'seed' });
    }
    const target = mfaTargetOf(session);
    const client = this.client(profile);
    const { backupCodes } = await this.withSession(name, () =>
      verifySoracomMfa(client, session, target, normalised),
    );
    await this.remember(name, normalised);
    await this.profiles.updateOfKind(name, 'soracom', (p) => {
      delete p.noMfa;
    });
    if (seed) await this.setBuiltInAuthenticator(name, seed);
    const status = await this.withSession(name, () => getSoracomMfaStatus(client, session, target));
    return { backupCodes, status, builtInAuthenticator: seed !== undefined };
  }

  async mfaStatus(name: string): Promise<SoracomMfaStatus> {
    const profile = this.assertMfaCapable(this.profile(name));
    const session = await this.validSession(name);
    return this.withSession(name, () =>
      getSoracomMfaStatus(this.client(profile), session, mfaTargetOf(session)),
    );
  }

  async setBuiltInAuthenticator(name: string, seedBase32: string): Promise<void> {
    const seed = normaliseSeed(seedBase32);
    if (!seed) throw new MfaTrayError('invalid-input', 'That is not a base32 MFA secret.', { field: 'seed' });
    this.profile(name);
    await this.secrets.set(secretAccounts.soracomMfaSeed(name), JSON.stringify({ seed }));
    await this.profiles.updateOfKind(name, 'soracom', (p) => {
      p.builtInAuthenticator = true;
    });
  }

  async disableBuiltInAuthenticator(name: string): Promise<boolean> {
    this.profile(name);
    const deleted = await this.secrets.delete(secretAccounts.soracomMfaSeed(name));
    await this.profiles.updateOfKind(name, 'soracom', (p) => {
      delete p.builtInAuthenticator;
    });
    return deleted;
  }

  /** Whether the keychain holds this profile's MFA seed (the built-in authenticator is on). */
  async hasBuiltInAuthenticator(name: string): Promise<boolean> {
    return (await this.readSeed(name)) !== undefined;
  }

  // ---- soracom-cli's profileCommand -----------------------------------------------------------------------

  /** The auth fields soracom-cli sends to /auth: the stored secret, and `mfaOTPCode` when given. */
  async cliAuthFields(
    profile: SoracomProfile,
    mfaOTPCode: string | undefined,
  ): Promise<SoracomCliAuthFields> {
    const secret = await this.loginSecret(profile);
    const code = mfaOTPCode !== undefined ? { mfaOTPCode } : {};
    switch (secret.kind) {
      case 'root':
        return { email: secret.email, password: secret.password, ...code };
      case 'sam':
        return {
          operatorId: secret.operatorId,
          username: secret.userName,
          password: secret.password,
          ...code,
        };
      case 'authkey':
        return { authKeyId: secret.authKeyId, authKey: secret.authKey };
    }
  }

  /**
   * A code SORACOM has not seen from us: never one handed out or used in the last windows. The built-in
   * authenticator hands out the current window's code, else the next window's (SORACOM accepts +1), else
   * waits for the next window. A fetched code (a code command, the tray app) already handed out is fetched
   * once more after the window turns, when `retryAfterWindow`, else refused as reused.
   */
  async handOutCode(name: string, source: HandOutSource): Promise<string> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (source.from === 'authenticator') {
        const seed = await this.readSeed(name);
        if (!seed) {
          throw new MfaTrayError('no-code-source', `The built-in authenticator is off for "${name}".`, {
            hint: `Turn it on with \`mfa-tray soracom mfa enable ${name} --keep-seed\`.`,
          });
        }
        const now = this.clock.now();
        const candidates = await Promise.all(
          [0, 1].map((offset) => generateCode(seed, now + offset * PERIOD_MS)),
        );
        const picked = await this.claim(name, candidates, now);
        if (picked) return picked;
      } else {
        const code = normaliseCode(await source.get());
        if (!code) throw new MfaTrayError('invalid-input', 'An MFA code is 6 digits.', { field: 'code' });
        const now = this.clock.now();
        const picked = await this.claim(name, [code], now);
        if (picked) return picked;
        if (!source.retryAfterWindow) throw codeReusedError(now);
      }
      await this.sleep(secondsUntilNextCode(this.clock.now()) * 1000 + 200);
    }
    throw codeReusedError(this.clock.now());
  }

  /** Under the profile lock: the first candidate not recently handed out, recorded as handed out now. */
  private async claim(name: string, candidates: string[], nowMs: number): Promise<string | undefined> {
    return this.profiles.update((data) => {
      const found = data.profiles.find((p) => p.name === name);
      if (!found || found.kind !== 'soracom')
        throw new MfaTrayError('profile-not-found', `There is no SORACOM profile named "${name}".`);
      const recent = pruneRecent(found.recentCodes, nowMs);
      const pick = candidates.find((c) => !recent.some((r) => r.hash === hashCode(soracomKey(name), c)));
      if (pick !== undefined)
        recent.push({ hash: hashCode(soracomKey(name), pick), usedAt: new Date(nowMs).toISOString() });
      found.recentCodes = recent;
      return pick;
    });
  }

  private async remember(name: string, code: string): Promise<void> {
    const now = this.clock.now();
    await this.profiles.updateOfKind(name, 'soracom', (p) => {
      const recent = pruneRecent(p.recentCodes, now);
      const hash = hashCode(soracomKey(name), code);
      if (!recent.some((r) => r.hash === hash)) recent.push({ hash, usedAt: new Date(now).toISOString() });
      p.recentCodes = recent;
    });
  }

  private wasRecent(profile: SoracomProfile, code: string, nowMs: number): boolean {
    const hash = hashCode(soracomKey(profile.name), code);
    return pruneRecent(profile.recentCodes, nowMs).some((r) => r.hash === hash);
  }

  // ---- internals ------------------------------------------------------------------------------------------

  private client(profile: SoracomProfile): SoracomApiClient {
    return this.clientFactory(profile, this.lang());
  }

  /** X-Soracom-Lang from the app's language setting ("system": the environment's locale). */
  lang(): SoracomLang {
    const setting = this.profiles.load().settings.language;
    if (setting === 'en' || setting === 'ja') return setting;
    const locale = this.env.LC_ALL || this.env.LC_MESSAGES || this.env.LANG || '';
    return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
  }

  private async loginSecret(profile: SoracomProfile): Promise<SoracomLoginSecret> {
    const secret = await this.secrets.get(secretAccounts.soracomSecret(profile.name));
    if (secret === null) {
      throw new MfaTrayError(
        'invalid-base-key',
        `The keychain holds no SORACOM password for "${profile.name}".`,
        {
          hint: `Add it again with \`mfa-tray profile remove ${profile.name}\` then \`mfa-tray soracom add ${profile.name} …\`.`,
        },
      );
    }
    switch (profile.authMode) {
      case 'root':
        return { kind: 'root', email: profile.email ?? '', password: secret };
      case 'sam':
        return {
          kind: 'sam',
          operatorId: profile.operatorId ?? '',
          userName: profile.userName ?? '',
          password: secret,
        };
      case 'authkey':
        return { kind: 'authkey', authKeyId: profile.authKeyId ?? '', authKey: secret };
    }
  }

  private async readSeed(name: string): Promise<string | undefined> {
    const stored = await readJsonSecret(
      this.secrets,
      secretAccounts.soracomMfaSeed(name),
      (v): v is { seed: string } => typeof (v as { seed?: unknown } | null)?.seed === 'string',
    );
    return stored?.seed;
  }

  private assertMfaCapable(profile: SoracomProfile): SoracomProfile {
    if (profile.authMode === 'authkey') {
      throw new MfaTrayError(
        'invalid-input',
        `"${profile.name}" signs in with an AuthKey: MFA does not apply to it.`,
        {
          field: 'authMode',
        },
      );
    }
    return profile;
  }

  /** A call with the stored token: a 401 means it expired or was revoked, so it is forgotten. */
  private async withSession<T>(name: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof MfaTrayError && error.kind === 'no-session') await this.forgetSession(name);
      throw error;
    }
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

function soracomKey(name: string): string {
  return `soracom:${name}`;
}

function pruneRecent(
  recent: { hash: string; usedAt: string }[] | undefined,
  nowMs: number,
): { hash: string; usedAt: string }[] {
  return (recent ?? []).filter((r) => nowMs - Date.parse(r.usedAt) < RECENT_CODE_MS);
}

function codeReusedError(nowMs: number): MfaTrayError {
  const wait = secondsUntilNextCode(nowMs);
  return new MfaTrayError('code-reused', 'That code was already used; SORACOM accepts each code only once.', {
    secondsUntilNextCode: wait,
    hint: `Wait for the next code (in ${wait} s) and enter that one.`,
  });
}

function isStoredSession(v: unknown): v is StoredSoracomSession {
  const o = v as Partial<StoredSoracomSession> | null;
  return (
    typeof o?.apiKey === 'string' &&
    typeof o.token === 'string' &&
    typeof o.operatorId === 'string' &&
    typeof o.expiresAt === 'string'
  );
}
