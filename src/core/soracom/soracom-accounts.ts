/**
 * SORACOM accounts as mfa-tray profiles: add / edit / remove, login and logout, MFA set-up, and the codes
 * handed to soracom-cli's profileCommand. The password (or AuthKey secret), the API key + token and the
 * opt-in MFA seed live in the keychain; profiles.json holds what identifies the account and the hashes of
 * recent codes. Every method returns facts the CLI and the popup word themselves (no secret in them, except
 * the MFA set-up URI, which the user has to scan).
 *
 * The parts, each built here with what it needs: adding, editing and removing accounts
 * (soracom-account-editor.ts), login and sessions (soracom-sessions.ts), MFA set-up
 * (soracom-account-mfa.ts), and the codes handed out and remembered (soracom-codes.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { formatCodeCommand } from '../codes/code-command';
import type { SecretStore } from '../keychain/secret-store';
import type { ProfileStore, SoracomProfile } from '../profiles';
import { sessionState } from '../scheduler';
import type { LoginResult } from '../mfa-tray-core';
import type { ProfileDto } from '../../shared/ipc-contract';
import { SoracomApiClient, type SoracomApiCredentials, type SoracomLang } from './api-client';
import { resolveSoracomEndpoint } from './endpoint';
import type { SoracomMfaStatus } from './mfa';
import type { SoracomAccountContext } from './soracom-account-context';
import {
  SoracomAccountEditor,
  type SoracomAddRequest,
  type SoracomChangeResult,
  type SoracomRemoveResult,
  type SoracomUpdateRequest,
} from './soracom-account-editor';
import { SoracomAccountMfa, type SoracomMfaSetup, type SoracomMfaVerifyResult } from './soracom-account-mfa';
import { SoracomCodes, type HandOutSource } from './soracom-codes';
import { SoracomSessions, type SoracomCliAuthFields, type StoredSoracomSession } from './soracom-sessions';

export type {
  SoracomAddRequest,
  SoracomChangeResult,
  SoracomRemoveResult,
  SoracomUpdateRequest,
} from './soracom-account-editor';
export type { SoracomMfaSetup, SoracomMfaVerifyResult } from './soracom-account-mfa';
export { SORACOM_BUILT_IN_AUTHENTICATOR_WARNING, type HandOutSource } from './soracom-codes';
export type { SoracomCliAuthFields, StoredSoracomSession } from './soracom-sessions';

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

export class SoracomAccounts implements SoracomAccountContext {
  readonly profiles: ProfileStore;
  readonly secrets: SecretStore;
  readonly clock: Clock;
  readonly env: NodeJS.ProcessEnv;
  private readonly clientFactory: SoracomClientFactory;
  private readonly editor: SoracomAccountEditor;
  private readonly sessions: SoracomSessions;
  private readonly mfa: SoracomAccountMfa;
  private readonly codes: SoracomCodes;

  constructor(options: SoracomAccountsOptions) {
    this.profiles = options.profiles;
    this.secrets = options.secrets;
    this.clock = options.clock ?? systemClock;
    this.env = options.env ?? process.env;
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
    this.codes = new SoracomCodes(this, options.sleep ?? ((ms) => sleep(ms)));
    this.sessions = new SoracomSessions(this, this.codes);
    this.mfa = new SoracomAccountMfa(this, this.sessions, this.codes);
    this.editor = new SoracomAccountEditor(this, this.sessions, options.cliCommand);
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

  add(request: SoracomAddRequest): Promise<SoracomChangeResult> {
    return this.editor.add(request);
  }

  /** Edits everything but the name and the way of signing in; a new secret replaces the stored one. */
  update(request: SoracomUpdateRequest): Promise<SoracomChangeResult> {
    return this.editor.update(request);
  }

  remove(profile: SoracomProfile): Promise<SoracomRemoveResult> {
    return this.editor.remove(profile);
  }

  // ---- sessions -------------------------------------------------------------------------------------------

  /**
   * /auth with the stored secret and `code` (not for an AuthKey), keeping the API key + token in the
   * keychain with their expiry. A code that was already used or handed out is refused before SORACOM sees it.
   */
  login(
    profile: SoracomProfile,
    code: string | undefined,
    options: { handedOut?: boolean } = {},
  ): Promise<LoginResult> {
    return this.sessions.login(profile, code, options);
  }

  /** Logs in with a code from the built-in authenticator, one SORACOM has not seen from us. */
  loginWithBuiltInAuthenticator(name: string): Promise<LoginResult> {
    return this.sessions.loginWithBuiltInAuthenticator(name);
  }

  /** Ends the token at SORACOM (an expired one counts as ended) and forgets it. */
  logout(profile: SoracomProfile): Promise<void> {
    return this.sessions.logout(profile);
  }

  storedSession(name: string): Promise<StoredSoracomSession | undefined> {
    return this.sessions.storedSession(name);
  }

  /** An API client and the API key + token of a profile whose token lives at least `minValidityMs` more. */
  apiSession(
    name: string,
    minValidityMs = 0,
  ): Promise<{ client: SoracomApiClient; credentials: SoracomApiCredentials }> {
    return this.sessions.apiSession(name, minValidityMs);
  }

  /** The session when it is still valid, else 'no-session' saying to log in. */
  validSession(name: string): Promise<StoredSoracomSession> {
    return this.sessions.validSession(name);
  }

  // ---- MFA set-up -----------------------------------------------------------------------------------------

  mfaEnable(name: string): Promise<SoracomMfaSetup> {
    return this.mfa.mfaEnable(name);
  }

  mfaVerify(
    name: string,
    code: string,
    options: { keepSeed?: string } = {},
  ): Promise<SoracomMfaVerifyResult> {
    return this.mfa.mfaVerify(name, code, options);
  }

  mfaStatus(name: string): Promise<SoracomMfaStatus> {
    return this.mfa.mfaStatus(name);
  }

  setBuiltInAuthenticator(name: string, seedBase32: string): Promise<void> {
    return this.codes.setBuiltInAuthenticator(name, seedBase32);
  }

  disableBuiltInAuthenticator(name: string): Promise<boolean> {
    return this.codes.disableBuiltInAuthenticator(name);
  }

  /** Whether the keychain holds this profile's MFA seed (the built-in authenticator is on). */
  hasBuiltInAuthenticator(name: string): Promise<boolean> {
    return this.codes.hasBuiltInAuthenticator(name);
  }

  // ---- soracom-cli's profileCommand -----------------------------------------------------------------------

  /** The auth fields soracom-cli sends to /auth: the stored secret, and `mfaOTPCode` when given. */
  cliAuthFields(profile: SoracomProfile, mfaOTPCode: string | undefined): Promise<SoracomCliAuthFields> {
    return this.sessions.cliAuthFields(profile, mfaOTPCode);
  }

  /** A code SORACOM has not seen from us (see SoracomCodes.handOutCode). */
  handOutCode(name: string, source: HandOutSource): Promise<string> {
    return this.codes.handOutCode(name, source);
  }

  // ---- internals ------------------------------------------------------------------------------------------

  client(profile: SoracomProfile): SoracomApiClient {
    return this.clientFactory(profile, this.lang());
  }

  /** X-Soracom-Lang from the app's language setting ("system": the environment's locale). */
  lang(): SoracomLang {
    const setting = this.profiles.load().settings.language;
    if (setting === 'en' || setting === 'ja') return setting;
    const locale = this.env.LC_ALL || this.env.LC_MESSAGES || this.env.LANG || '';
    return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
  }
}
