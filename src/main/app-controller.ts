/**
 * The tray app's logic, in plain Node (no Electron here, not even its types): the Electron shell binds
 * `handlers` to IPC, forwards `emit` to the window, and drives the tray icon and notifications from
 * `onStateChange`. The dev host binds the same handlers to HTTP, which is how the renderer is tested.
 */
import fs from 'node:fs';
import { BridgeServer } from '../core/bridge/server';
import type { Clock } from '../core/clock';
import { MfaTrayError, toErrorDto } from '../core/errors';
import type { BaseKeys } from '../core/keychain/secret-store';
import { MfaDeviceService, type CreatedVirtualDevice } from '../core/mfa-devices';
import { soracomAccountsOf } from '../core/open';
import { renderQr } from '../core/otpauth';
import { DEFAULT_KEY_AGE_REMINDER_DAYS, type RoleProfile, type StoredProfile } from '../core/profiles';
import { PromptCoordinator, type PromptRequestOptions } from '../core/prompts';
import { createRoleDriver, ROLE_CHAINING_MAX_SECONDS, underSources, type RoleDriver } from '../core/roles';
import { SessionScheduler, type StateChange } from '../core/scheduler';
import { validateBaseKeys, type LoginResult, type MfaTrayCore } from '../core/service';
import type {
  EventChannel,
  EventChannels,
  MfaSetupDto,
  ProfileDto,
  PromptDto,
  PromptReason,
  RequestChannel,
  RequestResponseChannels,
  Result,
  SettingsDto,
} from '../shared/ipc-contract';
import type { LoginItem } from './login-item';
import { validateChannelArgs } from './validate';
import { recordKeyAgeAfterLogin, rotationHandlers } from './rotation-handlers';
import type { Note } from '../shared/notes';

export interface AppControllerOptions {
  core: MfaTrayCore;
  clock: Clock;
  /** The role driver (default: one over `core`, assuming roles through the AWS SDK). */
  roles?: RoleDriver;
  /** Sends an event to the renderer(s). */
  emit: <E extends EventChannel>(event: E, payload: EventChannels[E]) => void;
  loginItem: LoginItem;
  version: string;
  platform: string;
  hideWindow: () => void;
  /** Quits the app (Electron: app.quit()); called after the answer is on its way. */
  quit?: () => void;
  /** Opens the help (Electron: shell.openExternal of the README URL). */
  openHelp?: () => void | Promise<void>;
  /** Listen for CLI calls on `<MFA_TRAY_HOME>/run/bridge.sock` (default true). */
  bridge?: boolean;
  /** Follow changes the CLI makes to profiles.json (default true). */
  watchProfiles?: boolean;
  /** How long a waiter (a CLI call) waits on a prompt when it does not say; the coordinator caps any ask at 15 min. */
  promptTimeoutMs?: number;
  /**
   * Called with errors that are not MfaTrayErrors (bugs); the renderer only sees a generic message. The
   * shell may log them — carefully: their text is not vetted for secrets.
   */
  onUnexpectedError?: (error: unknown) => void;
  /** A rotation ran or finished, or a login recorded a key's age: the tray's reminder looks again. */
  onRotationsChanged?: () => void;
}

export type StateChangeListener = (changes: StateChange[], profiles: ProfileDto[]) => void;

export interface StartResult {
  /** Where the bridge listens, if it does. */
  bridgeSocket?: string;
  /** Why the bridge could not start; the app works without it (CLI calls then fail with their own message). */
  bridgeError?: unknown;
}

type Args<C extends RequestChannel> = Parameters<RequestResponseChannels[C]>;
type Value<C extends RequestChannel> = Extract<
  Awaited<ReturnType<RequestResponseChannels[C]>>,
  { ok: true }
>['value'];

/** Changes to profiles.json arrive as a burst of events (lock file, temp file, rename): one refresh per burst. */
const WATCH_DEBOUNCE_MS = 150;
/** Quitting must not hang on AWS: unfinished setups get this long to be deleted. */
const ABANDON_ON_STOP_TIMEOUT_MS = 10_000;
/** The prompt coordinator's name for a login with the built-in authenticator (no typed code). */
const BUILT_IN_ATTEMPT = 'built-in-authenticator';
/** The prompt coordinator's name for renewing a role from its source's session (no code). */
const ROLE_REFRESH_ATTEMPT = 'role-from-source-session';
/** The prompt coordinator's name for a SORACOM login that needs no code (an AuthKey, an account without MFA). */
const SORACOM_NO_CODE_ATTEMPT = 'soracom-without-code';

/** The one DTO with a seed: only what the setup screen shows (no otpauth URI, no SVG markup). */
function toSetupDto(created: CreatedVirtualDevice): MfaSetupDto {
  return {
    serialNumber: created.serialNumber,
    deviceName: created.deviceName,
    userName: created.userName,
    accountId: created.accountId,
    seedBase32: created.seedBase32,
    qrPngDataUrl: created.qr.pngDataUrl,
    pendingUntil: created.pendingUntil,
  };
}

/** Changes the built-in authenticator answers by itself: a session about to end, or one that ended unseen (sleep). */
/** Every role right after its source profile (the popup, the tray menu and the tooltip list them so). */
function inDisplayOrder(profiles: ProfileDto[]): ProfileDto[] {
  return underSources(profiles).map(({ row }) => row);
}

function isRefreshable(change: StateChange): boolean {
  if (change.to === 'expiring') return true;
  return change.to === 'expired' && (change.from === 'valid' || change.from === 'expiring');
}

export class AppController {
  readonly handlers: RequestResponseChannels;
  readonly prompts: PromptCoordinator;
  readonly scheduler: SessionScheduler;
  /** The one MfaDeviceService: it holds the seeds of setups in progress, in memory only. */
  readonly mfa: MfaDeviceService;

  private readonly core: MfaTrayCore;
  /** Roles: renewed silently from their source's session; a source's login renews its roles in use. */
  private readonly roles: RoleDriver;
  private readonly stateListeners = new Set<StateChangeListener>();
  private bridgeServer: BridgeServer | undefined;
  private watcher: fs.FSWatcher | undefined;
  private watchTimer: unknown;
  /** While the controller itself updates the scheduler, it reports the changes itself (once). */
  private refreshing = false;
  private lastEmitted: string | undefined;
  /** Devices created here and not enabled yet (serial → profile): deleted when abandoned, timed out or on quit. */
  private readonly setups = new Map<string, { profile: string; timer: unknown }>();
  /**
   * Profiles whose built-in authenticator is on and holds the login device's seed: a cache of the keychain
   * (reads are async, state changes are reported synchronously), refreshed on start, after our own changes
   * and when the CLI changed profiles.json. A stale entry only costs a failed silent refresh, which falls
   * back to the notification; a missing one only means the notification instead of a silent refresh.
   */
  private readonly builtIn = new Set<string>();
  /** Silent refreshes under way, by profile. */
  private readonly silentRefreshes = new Set<string>();
  /** Per profile, a session a silent refresh produced that was expiring at once: never refreshed silently again. */
  private readonly noSilentRefresh = new Map<string, string>();

  constructor(private readonly options: AppControllerOptions) {
    this.core = options.core;
    this.roles = options.roles ?? createRoleDriver(options.core);
    this.prompts = new PromptCoordinator(options.core, options.clock, options.promptTimeoutMs);
    this.prompts.onShow((prompt) => options.emit('prompt:show', prompt));
    this.prompts.onClosed((name) => options.emit('prompt:closed', { name }));
    this.scheduler = new SessionScheduler(options.clock, this.leadMs(), (changes) => {
      if (!this.refreshing) this.reportSchedulerChanges(changes);
    });
    this.mfa = new MfaDeviceService(options.core);
    this.handlers = this.createHandlers();
  }

  /** The tray icon and notifications follow this: each state change once, with the profiles as they are now. */
  onStateChange(listener: StateChangeListener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  async start(): Promise<StartResult> {
    // An operation a crash (or kill) interrupted is completed or undone first, as every CLI command does.
    try {
      await this.core.recover();
    } catch (error) {
      // A locked keychain or a damaged file: the status view says so; the next start tries again.
      this.options.onUnexpectedError?.(error);
    }
    // Before the first state report: a session that is expiring now is refreshed silently, not announced.
    await this.loadBuiltInAuthenticators();
    this.refresh();
    if (this.options.watchProfiles !== false) this.watchProfiles();
    if (this.options.bridge === false) return {};
    const server = new BridgeServer({
      home: this.core.profiles.home,
      core: this.core,
      prompts: {
        request: (name, reason, options) => this.requestSession(name, reason, options),
        requestCode: (name, options) => this.prompts.requestCode(name, options),
      },
      version: this.options.version,
    });
    try {
      const bridgeSocket = await server.start();
      this.bridgeServer = server;
      return { bridgeSocket };
    } catch (bridgeError) {
      return { bridgeError };
    }
  }

  async stop(): Promise<void> {
    this.scheduler.stop();
    this.watcher?.close();
    this.watcher = undefined;
    if (this.watchTimer !== undefined) this.options.clock.clearTimeout(this.watchTimer);
    this.watchTimer = undefined;
    this.prompts.cancelAll();
    await this.bridgeServer?.stop();
    this.bridgeServer = undefined;
    await this.abandonUnfinishedSetups();
  }

  /** After sleep: timers did not run, so everything is recomputed once (several changes may land at once). */
  resume(): void {
    this.refresh();
  }

  /** Opens the code prompt for `name` (a notification was clicked, the tray menu chose "Log in"). */
  openPrompt(name: string, reason: PromptReason): PromptDto {
    return this.prompts.show(name, reason);
  }

  /** The profiles as the renderer sees them. */
  profiles(): ProfileDto[] {
    const data = this.core.profiles.load();
    const now = this.options.clock.now();
    return inDisplayOrder(data.profiles.map((p) => this.toDto(p, now, data.settings.leadTimeSeconds * 1000)));
  }

  private toDto(profile: StoredProfile, nowMs: number, leadMs: number): ProfileDto {
    const status = this.core.describe(profile, nowMs, leadMs);
    return this.builtIn.has(profile.name) ? { ...status, builtInAuthenticator: true } : status;
  }

  /**
   * Re-reads profiles.json, re-arms the scheduler and tells the renderer and the shell what changed.
   * Called after every change the app makes, on resume and when the CLI changed the file.
   */
  private refresh(): ProfileDto[] {
    const data = this.core.profiles.load();
    const lead = data.settings.leadTimeSeconds * 1000;
    const now = this.options.clock.now();
    const profiles = inDisplayOrder(data.profiles.map((p) => this.toDto(p, now, lead)));
    let changes: StateChange[];
    this.refreshing = true;
    try {
      changes = this.scheduler.update(
        data.profiles.map((p) => ({ name: p.name, sessionExpiresAt: p.sessionExpiresAt })),
        lead,
      );
    } finally {
      this.refreshing = false;
    }
    this.emitProfiles(profiles);
    if (changes.length > 0) this.dispatchChanges(changes, profiles);
    return profiles;
  }

  private reportSchedulerChanges(changes: StateChange[]): void {
    let profiles: ProfileDto[];
    try {
      profiles = this.profiles();
    } catch (error) {
      // A timer fired while profiles.json is unreadable: nothing to show until it is fixed.
      this.options.onUnexpectedError?.(error);
      return;
    }
    this.emitProfiles(profiles);
    this.dispatchChanges(changes, profiles);
  }

  /**
   * State changes go to the listeners (tray, notifications) — except those the built-in authenticator
   * answers: a profile that has it and enters `expiring` is refreshed silently (no prompt, no notification);
   * only when that fails does the change reach the listeners after all.
   */
  private dispatchChanges(changes: StateChange[], profiles: ProfileDto[]): void {
    const silent: StateChange[] = [];
    const announced: StateChange[] = [];
    for (const change of changes) {
      if (this.silentRefreshes.has(change.name) && change.to !== 'valid' && change.to !== 'none') {
        // The refresh under way reports its outcome with the state as it is then.
        continue;
      }
      (this.refreshesSilently(change, profiles) ? silent : announced).push(change);
    }
    if (announced.length > 0) this.notifyState(announced, profiles);
    for (const change of silent) void this.refreshSilently(change);
  }

  private refreshesSilently(change: StateChange, profiles: ProfileDto[]): boolean {
    if (!isRefreshable(change)) return false;
    const profile = profiles.find((p) => p.name === change.name);
    // A role renews from its source's session without a prompt (up to 1 h: longer ones need a code).
    const fromSource = profile?.kind === 'role' && profile.durationSeconds <= ROLE_CHAINING_MAX_SECONDS;
    if (!this.builtIn.has(change.name) && !fromSource) return false;
    if (!profile?.expiresAt || this.noSilentRefresh.get(change.name) === profile.expiresAt) return false;
    // Sessions no longer than the lead time are "expiring" from the start: refreshing would only loop.
    return profile.durationSeconds * 1000 > this.leadMs();
  }

  private async refreshSilently(change: StateChange): Promise<void> {
    const { name } = change;
    this.silentRefreshes.add(name);
    let failed = false;
    try {
      // Through the coordinator: an open prompt closes and CLI calls waiting on it get the session.
      const role = this.roleNamed(name);
      await (role
        ? this.prompts.submitWith(name, ROLE_REFRESH_ATTEMPT, () => this.roles.refresh(role))
        : this.prompts.submitWith(name, BUILT_IN_ATTEMPT, () => this.loginWithBuiltInAuthenticator(name)));
    } catch (error) {
      if (!(error instanceof MfaTrayError)) this.options.onUnexpectedError?.(error);
      failed = true;
    } finally {
      this.silentRefreshes.delete(name);
    }
    let profiles: ProfileDto[];
    try {
      profiles = this.refresh();
    } catch (error) {
      this.options.onUnexpectedError?.(error);
      return;
    }
    const now = profiles.find((p) => p.name === name);
    if (!now || now.state === 'valid' || now.state === 'none') return;
    if (!failed && now.expiresAt) {
      // AWS granted less than the lead time: refreshing again would only loop. Say it, once.
      this.noSilentRefresh.set(name, now.expiresAt);
    }
    this.notifyState([{ name, from: change.from, to: now.state }], profiles);
  }

  private roleNamed(name: string): RoleProfile | undefined {
    const profile = this.core.profiles.load().profiles.find((p) => p.name === name);
    return profile?.kind === 'role' ? profile : undefined;
  }

  /** After a source logged in: its roles in use are renewed from the new session (one code for all). */
  private async renewRoles(source: string): Promise<void> {
    try {
      const renewed = await this.roles.renewAll(source);
      if (renewed.length > 0) this.refresh();
    } catch (error) {
      this.options.onUnexpectedError?.(error);
    }
  }

  /** After a login: the base key's age, best effort (never fails the login). */
  private async recordKeyAge(name: string): Promise<void> {
    if (await recordKeyAgeAfterLogin(this.core, this.options.clock, name)) {
      this.options.emit('rotation:progress', { kind: 'access-key', profile: name, point: 'key-age' });
      this.options.onRotationsChanged?.();
    }
  }

  private emitProfiles(profiles: ProfileDto[]): void {
    // The renderer may re-list on every event; identical lists are not news (and must not loop).
    const serialised = JSON.stringify(profiles);
    if (serialised === this.lastEmitted) return;
    this.lastEmitted = serialised;
    this.options.emit('profiles:changed', profiles);
  }

  private notifyState(changes: StateChange[], profiles: ProfileDto[]): void {
    for (const listener of this.stateListeners) listener(changes, profiles);
  }

  private watchProfiles(): void {
    const home = this.core.profiles.home;
    try {
      fs.mkdirSync(home, { recursive: true, mode: 0o700 });
      // The file is replaced by rename on every write, so the directory is what can be watched.
      this.watcher = fs.watch(home, { persistent: false }, (_event, filename) => {
        if (filename !== null && filename !== 'profiles.json') return;
        if (this.watchTimer !== undefined) this.options.clock.clearTimeout(this.watchTimer);
        this.watchTimer = this.options.clock.setTimeout(() => {
          this.watchTimer = undefined;
          // The CLI may have set up a device or turned the built-in authenticator on or off.
          void this.loadBuiltInAuthenticators().then(() => {
            try {
              this.refresh();
            } catch (error) {
              this.options.onUnexpectedError?.(error);
            }
          });
        }, WATCH_DEBOUNCE_MS);
      });
      this.watcher.on('error', () => {
        // The directory went away; the app's own changes still refresh everything.
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      // No watching on this file system: CLI changes show after the next action or resume.
    }
  }

  /**
   * A CLI call needs a session: with the built-in authenticator it gets one without a prompt (falling back
   * to the prompt when that fails); otherwise it waits on the prompt.
   */
  private async requestSession(
    name: string,
    reason: PromptReason,
    options?: PromptRequestOptions,
  ): Promise<LoginResult> {
    if (this.builtIn.has(name)) {
      try {
        const login = await this.prompts.submitWith(name, BUILT_IN_ATTEMPT, () =>
          this.loginWithBuiltInAuthenticator(name),
        );
        this.refresh();
        return login;
      } catch (error) {
        if (!(error instanceof MfaTrayError)) this.options.onUnexpectedError?.(error);
      }
    }
    return this.prompts.request(name, reason, options);
  }

  /** Re-reads, for every profile, whether its built-in authenticator is on (see `builtIn`). */
  private async loadBuiltInAuthenticators(): Promise<void> {
    let names: string[];
    try {
      names = this.core.profiles.load().profiles.map((p) => p.name);
    } catch {
      // profiles.json unreadable: refresh() reports that.
      return;
    }
    for (const name of [...this.builtIn]) if (!names.includes(name)) this.builtIn.delete(name);
    for (const name of names) await this.checkBuiltInAuthenticator(name);
  }

  /** SORACOM accounts keep their seed through SoracomAccounts; AWS profiles through the MFA device service. */
  private isSoracom(name: string): boolean {
    return this.core.profiles.load().profiles.find((p) => p.name === name)?.kind === 'soracom';
  }

  private loginWithBuiltInAuthenticator(name: string): Promise<LoginResult> {
    // A role whose source has a valid session needs no code at all: assumed from that session.
    const stored = this.core.profiles.getAny(name);
    if (stored.kind === 'role') return this.roles.refresh(stored);
    return this.isSoracom(name)
      ? soracomAccountsOf(this.core).loginWithBuiltInAuthenticator(name)
      : this.mfa.loginWithBuiltInAuthenticator(name);
  }

  private async checkBuiltInAuthenticator(name: string): Promise<void> {
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
    if (usable) this.builtIn.add(name);
    else this.builtIn.delete(name);
  }

  /** Remembers a device created for a setup; when its time is up unenabled, it is deleted (no orphan). */
  private trackSetup(profile: string, created: CreatedVirtualDevice): void {
    const delay = Math.max(0, Date.parse(created.pendingUntil) - this.options.clock.now());
    const serial = created.serialNumber;
    const timer = this.options.clock.setTimeout(() => {
      void this.abandonSetup(serial).catch((error: unknown) => {
        if (!(error instanceof MfaTrayError)) this.options.onUnexpectedError?.(error);
      });
    }, delay);
    this.setups.set(serial, { profile, timer });
  }

  private untrackSetup(serial: string): { profile: string } | undefined {
    const setup = this.setups.get(serial);
    if (!setup) return undefined;
    this.options.clock.clearTimeout(setup.timer);
    this.setups.delete(serial);
    return setup;
  }

  private async abandonSetup(serial: string) {
    const setup = this.untrackSetup(serial);
    if (!setup) {
      throw new MfaTrayError('invalid-input', 'That MFA device is not being set up here.', {
        hint: 'Delete a leftover device from the list of MFA devices instead.',
      });
    }
    return this.mfa.abandon(setup.profile, serial);
  }

  /** On quit: every setup not finished is deleted in AWS, within a bound (quitting must not hang). */
  private async abandonUnfinishedSetups(): Promise<void> {
    const serials = [...this.setups.keys()];
    if (serials.length === 0) return;
    const all = (async () => {
      const done = new Set((await this.mfa.abandonAllPending()).map((r) => r.serialNumber));
      // Setups the service forgot (its memory of seeds expires) are still ours to delete.
      for (const serial of serials) {
        if (done.has(serial)) this.untrackSetup(serial);
        else await this.abandonSetup(serial).catch(() => undefined);
      }
    })();
    let timer: unknown;
    const timeout = new Promise<void>((resolve) => {
      timer = this.options.clock.setTimeout(resolve, ABANDON_ON_STOP_TIMEOUT_MS);
    });
    try {
      await Promise.race([all.catch(() => undefined), timeout]);
    } finally {
      this.options.clock.clearTimeout(timer);
      for (const serial of [...this.setups.keys()]) this.untrackSetup(serial);
    }
  }

  private leadMs(): number {
    try {
      return this.core.settings().leadTimeSeconds * 1000;
    } catch {
      return 600_000;
    }
  }

  private settingsDto(): SettingsDto {
    const settings = this.core.settings();
    return {
      leadTimeSeconds: settings.leadTimeSeconds,
      notifications: settings.notifications,
      language: settings.language,
      startAtLogin: this.options.loginItem.get(),
      keyAgeReminderDays: settings.keyAgeReminderDays ?? DEFAULT_KEY_AGE_REMINDER_DAYS,
    };
  }

  /** A rotation's code from the built-in authenticator, when the profile has one for its login device. */
  private async builtInCodeFor(name: string): Promise<string | undefined> {
    if (!this.builtIn.has(name) || this.isSoracom(name)) return undefined;
    return this.mfa.builtInCode(name);
  }

  /** Every request: arguments validated, errors turned into an ErrorDto by one helper. */
  private handle<C extends RequestChannel>(
    channel: C,
    run: (...args: Args<C>) => Promise<Value<C>> | Value<C>,
  ): RequestResponseChannels[C] {
    const handler = async (...args: unknown[]): Promise<Result<Value<C>>> => {
      try {
        const valid = validateChannelArgs(channel, args);
        return { ok: true, value: await run(...valid) };
      } catch (error) {
        if (!(error instanceof MfaTrayError)) this.options.onUnexpectedError?.(error);
        return { ok: false, error: toErrorDto(error) };
      }
    };
    return handler as unknown as RequestResponseChannels[C];
  }

  private createHandlers(): RequestResponseChannels {
    const core = this.core;
    return {
      'app:info': this.handle('app:info', () => ({
        version: this.options.version,
        platform: this.options.platform,
        prompt: this.prompts.pending()[0] ?? null,
      })),
      'profiles:list': this.handle('profiles:list', () => this.refresh()),
      'profiles:add': this.handle('profiles:add', async (request) => {
        const result = await core.addProfile(request);
        await this.checkBuiltInAuthenticator(result.profile.name);
        this.refresh();
        return result;
      }),
      'profiles:update': this.handle('profiles:update', async (request) => {
        const result = await core.updateProfile(request);
        // Another device: the kept seed (if any) no longer matches.
        await this.checkBuiltInAuthenticator(request.name);
        this.refresh();
        return result;
      }),
      'profiles:remove': this.handle('profiles:remove', async (name) => {
        // Any kind: a SORACOM account is removed here too (the core dispatches by kind).
        core.profiles.getAny(name);
        this.prompts.cancel(name);
        // Its keys are about to go: delete its unfinished devices while they can still be deleted.
        for (const [serial, setup] of [...this.setups]) {
          if (setup.profile === name) await this.abandonSetup(serial).catch(() => undefined);
        }
        await core.removeProfile(name);
        this.builtIn.delete(name);
        this.refresh();
        return null;
      }),
      'profiles:detect-serial': this.handle('profiles:detect-serial', async (request) => {
        let base: BaseKeys;
        let region = request.region;
        if (request.name !== undefined) {
          base = await core.baseKeys(request.name);
          region ??= core.profiles.get(request.name).region;
        } else {
          base = validateBaseKeys(request.accessKeyId ?? '', request.secretAccessKey ?? '');
        }
        region ??= core.env.AWS_REGION || core.env.AWS_DEFAULT_REGION || 'us-east-1';
        const notes: Note[] = [];
        const serial = await core.discoverMfaSerial(base, region, notes, request.name ?? '');
        return { serial: serial ?? null, notes };
      }),
      'profiles:import-candidates': this.handle('profiles:import-candidates', () => core.importCandidates()),
      'profiles:import': this.handle('profiles:import', async (request) => {
        const result = await core.importProfile(request.awsProfile, {
          scrub: request.scrub,
          ...(request.name !== undefined ? { name: request.name } : {}),
          ...(request.delivery !== undefined ? { delivery: request.delivery } : {}),
        });
        await this.checkBuiltInAuthenticator(result.profile.name);
        this.refresh();
        return { profile: result.profile, notes: result.notes };
      }),
      'session:login': this.handle('session:login', async ({ name, code }) => {
        // Through the coordinator: a CLI call waiting on this profile gets the same session.
        const result = await this.prompts.submit(name, code);
        if (result.profile.kind === 'aws') {
          void this.renewRoles(name);
          void this.recordKeyAge(name);
        }
        const profiles = this.refresh();
        const profile = profiles.find((p) => p.name === name) ?? result.profile;
        return {
          profile,
          expiresAt: result.expiresAt,
          warnings: result.warnings,
          ...(result.codeHandedOut ? { codeHandedOut: true as const } : {}),
        };
      }),
      'session:logout': this.handle('session:logout', async (name) => {
        await core.logout(name);
        this.refresh();
        return null;
      }),
      'session:login-built-in': this.handle('session:login-built-in', async (name) => {
        const result = await this.prompts.submitWith(name, BUILT_IN_ATTEMPT, () =>
          this.loginWithBuiltInAuthenticator(name),
        );
        const profiles = this.refresh();
        const profile = profiles.find((p) => p.name === name) ?? result.profile;
        return { profile, expiresAt: result.expiresAt, warnings: result.warnings };
      }),
      'prompt:open': this.handle('prompt:open', (name) => this.prompts.show(name, 'user')),
      'prompt:cancel': this.handle('prompt:cancel', (name) => {
        this.prompts.cancel(name);
        return null;
      }),
      'settings:get': this.handle('settings:get', () => this.settingsDto()),
      'settings:update': this.handle('settings:update', async (patch) => {
        const { startAtLogin, ...stored } = patch;
        if (Object.keys(stored).length > 0) await core.updateSettings(stored);
        if (startAtLogin !== undefined) await this.options.loginItem.set(startAtLogin);
        if (stored.leadTimeSeconds !== undefined) this.refresh();
        return this.settingsDto();
      }),
      'window:hide': this.handle('window:hide', () => {
        this.options.hideWindow();
        return null;
      }),
      'app:quit': this.handle('app:quit', () => {
        // After the answer: quitting tears down the window the answer goes to.
        const quit = this.options.quit;
        if (quit) setImmediate(quit);
        return null;
      }),
      'app:help': this.handle('app:help', async () => {
        await this.options.openHelp?.();
        return null;
      }),
      'mfa:list': this.handle('mfa:list', async (name) => {
        const list = await this.mfa.list(name);
        return { ...list, builtInAuthenticator: await this.mfa.builtInAuthenticator(name) };
      }),
      'mfa:create': this.handle('mfa:create', async ({ name, deviceName, path }) => {
        const created = await this.mfa.create(name, deviceName, path !== undefined ? { path } : {});
        this.trackSetup(name, created);
        return toSetupDto(created);
      }),
      'mfa:enable': this.handle('mfa:enable', async (request) => {
        const { name, serialNumber } = request;
        const result = await this.mfa.enable(name, serialNumber, request.code1, request.code2, {
          builtInAuthenticator: request.builtInAuthenticator === true,
        });
        this.untrackSetup(serialNumber);
        await this.checkBuiltInAuthenticator(name);
        // The profile logs in with the new device now: everyone showing it hears so.
        const profile = this.refresh().find((p) => p.name === name) ?? result.profile;
        return { ...result, profile };
      }),
      'mfa:abandon': this.handle('mfa:abandon', async ({ name, serialNumber }) => {
        if (this.setups.get(serialNumber)?.profile !== name) {
          // Only setups started here: deleting anything else goes through mfa:remove and its confirmation.
          throw new MfaTrayError('invalid-input', 'That MFA device is not being set up here.', {
            hint: 'Delete a leftover device from the list of MFA devices instead.',
          });
        }
        return this.abandonSetup(serialNumber);
      }),
      'mfa:resync': this.handle('mfa:resync', ({ name, serialNumber, code1, code2 }) =>
        this.mfa.resync(name, serialNumber, code1, code2),
      ),
      'mfa:describe-removal': this.handle('mfa:describe-removal', ({ name, serialNumber }) =>
        this.mfa.describeRemoval(name, serialNumber),
      ),
      'mfa:remove': this.handle('mfa:remove', async ({ name, serialNumber, confirmedCurrent }) => {
        const result = await this.mfa.remove(name, serialNumber, {
          confirmedCurrent: confirmedCurrent === true,
        });
        this.untrackSetup(serialNumber);
        await this.checkBuiltInAuthenticator(name);
        const profile = this.refresh().find((p) => p.name === name) ?? result.profile;
        return { ...result, profile };
      }),
      'mfa:authenticator': this.handle('mfa:authenticator', async ({ name }) => {
        await this.mfa.disableBuiltInAuthenticator(name);
        await this.checkBuiltInAuthenticator(name);
        this.refresh();
        return this.mfa.builtInAuthenticator(name);
      }),
      ...this.soracomHandlers(),
      ...rotationHandlers({
        core,
        clock: this.options.clock,
        handle: (channel, run) => this.handle(channel, run),
        emit: this.options.emit,
        builtInCode: (name) => this.builtInCodeFor(name),
        refresh: () => void this.refresh(),
        onRotationsChanged: () => this.options.onRotationsChanged?.(),
      }),
    };
  }

  private soracomHandlers(): Pick<
    RequestResponseChannels,
    | 'soracom:add'
    | 'soracom:update'
    | 'soracom:login'
    | 'soracom:mfa-enable'
    | 'soracom:mfa-verify'
    | 'soracom:mfa-status'
  > {
    const soracom = () => soracomAccountsOf(this.core);
    const current = (name: string, fallback: ProfileDto) =>
      this.refresh().find((p) => p.name === name) ?? fallback;
    return {
      'soracom:add': this.handle('soracom:add', async (request) => {
        const result = await soracom().add(request);
        await this.checkBuiltInAuthenticator(request.name);
        return { profile: current(request.name, result.profile), notes: [] };
      }),
      'soracom:update': this.handle('soracom:update', async (request) => {
        const result = await soracom().update(request);
        return { profile: current(request.name, result.profile), notes: [] };
      }),
      'soracom:login': this.handle('soracom:login', async (name) => {
        const accounts = soracom();
        const profile = accounts.profile(name);
        // Through the coordinator: an open prompt for this profile closes with the new session.
        const result = await this.prompts.submitWith(name, SORACOM_NO_CODE_ATTEMPT, () =>
          accounts.login(profile, undefined),
        );
        return {
          profile: current(name, result.profile),
          expiresAt: result.expiresAt,
          warnings: result.warnings,
        };
      }),
      'soracom:mfa-enable': this.handle('soracom:mfa-enable', async (name) => {
        const setup = await soracom().mfaEnable(name);
        const qr = await renderQr(setup.totpUri);
        return {
          qrPngDataUrl: qr.pngDataUrl,
          seedBase32: setup.secret,
          account: setup.account,
          issuer: setup.issuer ?? null,
        };
      }),
      'soracom:mfa-verify': this.handle('soracom:mfa-verify', async ({ name, code }) => {
        const result = await soracom().mfaVerify(name, code);
        return {
          backupCodes: result.backupCodes,
          status: result.status,
          profile: current(name, soracom().statusOf(name)),
        };
      }),
      'soracom:mfa-status': this.handle('soracom:mfa-status', (name) => soracom().mfaStatus(name)),
    };
  }
}
