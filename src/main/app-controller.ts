/**
 * The tray app's logic, in plain Node (no Electron here, not even its types): the Electron shell binds
 * `requests` to IPC (through src/main/dispatch.ts), forwards `emit` to the window, and drives the tray
 * icon and notifications from `onStateChange`. The dev host binds the same requests to HTTP, which is how
 * the renderer is tested. What each channel does is in request-handlers.ts; the pieces of state the app
 * keeps live in their own files: tray-device-setups.ts, built-in-authenticators.ts, silent-refresh.ts,
 * profiles-watcher.ts.
 */
import { BridgeServer } from '../core/bridge/server';
import type { Clock } from '../core/clock';
import { MfaTrayError } from '../core/errors';
import type { MfaDeviceService } from '../core/mfa-devices';
import type { RoleProfile, StoredProfile } from '../core/profiles';
import { PromptCoordinator, type PromptRequestOptions } from '../core/prompts';
import { createRoleDriver, underSources, type RoleDriver } from '../core/roles';
import { SessionScheduler, type StateChange } from '../core/scheduler';
import type { LoginResult, MfaTrayCore } from '../core/mfa-tray-core';
import type {
  EventChannel,
  EventChannels,
  ProfileDto,
  PromptDto,
  PromptReason,
  RequestResponseChannels,
} from '../shared/ipc-contract';
import { BuiltInAuthenticators } from './built-in-authenticators';
import { TrayDeviceSetups } from './tray-device-setups';
import { requestApi, type ChannelHandlers } from './dispatch';
import type { LoginItem } from './login-item';
import { ProfilesWatcher } from './profiles-watcher';
import { createRequestHandlers } from './request-handlers';
import { recordKeyAgeAfterLogin, rotationHandlers } from './rotation-handlers';
import { BUILT_IN_ATTEMPT, SilentRefresh } from './silent-refresh';

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

/** Every role right after its source profile (the popup, the tray menu and the tooltip list them so). */
function inDisplayOrder(profiles: ProfileDto[]): ProfileDto[] {
  return underSources(profiles).map(({ row }) => row);
}

export class AppController {
  /** What each request channel does, for validated arguments (src/main/dispatch.ts validates). */
  readonly requests: ChannelHandlers;
  /** The contract's API in process (the tray menu, tests): validated and answered as over IPC. */
  readonly handlers: RequestResponseChannels;
  readonly prompts: PromptCoordinator;
  readonly scheduler: SessionScheduler;
  /** The one MfaDeviceService: it holds the seeds of setups in progress, in memory only. */
  readonly mfa: MfaDeviceService;

  private readonly core: MfaTrayCore;
  /** Roles: renewed silently from their source's session; a source's login renews its roles in use. */
  private readonly roles: RoleDriver;
  /** Devices created here and not enabled yet: deleted when abandoned, timed out or on quit. */
  private readonly setups: TrayDeviceSetups;
  private readonly builtIn: BuiltInAuthenticators;
  private readonly silentRefresh: SilentRefresh;
  private readonly stateListeners = new Set<StateChangeListener>();
  private bridgeServer: BridgeServer | undefined;
  private watcher: ProfilesWatcher | undefined;
  /** While the controller itself updates the scheduler, it reports the changes itself (once). */
  private refreshing = false;
  private lastEmitted: string | undefined;

  constructor(private readonly options: AppControllerOptions) {
    this.core = options.core;
    this.roles = options.roles ?? createRoleDriver(options.core);
    this.prompts = new PromptCoordinator(options.core, options.clock, options.promptTimeoutMs);
    this.prompts.onShow((prompt) => options.emit('prompt:show', prompt));
    this.prompts.onClosed((name) => options.emit('prompt:closed', { name }));
    this.scheduler = new SessionScheduler(options.clock, this.leadMs(), (changes) => {
      if (!this.refreshing) this.reportSchedulerChanges(changes);
    });
    this.setups = new TrayDeviceSetups(options.core, options.clock, options.onUnexpectedError);
    this.mfa = this.setups.mfa;
    this.builtIn = new BuiltInAuthenticators(options.core, this.mfa, this.roles);
    this.silentRefresh = new SilentRefresh({
      prompts: this.prompts,
      hasBuiltIn: (name) => this.builtIn.has(name),
      loginWithBuiltIn: (name) => this.builtIn.login(name),
      refreshRole: (role) => this.roles.refresh(role),
      roleNamed: (name) => this.roleNamed(name),
      leadMs: () => this.leadMs(),
      refresh: () => this.refresh(),
      announce: (changes, profiles) => this.notifyState(changes, profiles),
      ...(options.onUnexpectedError ? { onUnexpectedError: options.onUnexpectedError } : {}),
    });
    const requests = createRequestHandlers({
      core: this.core,
      prompts: this.prompts,
      mfa: this.mfa,
      roles: this.roles,
      setups: this.setups,
      builtIn: this.builtIn,
      loginItem: options.loginItem,
      version: options.version,
      platform: options.platform,
      hideWindow: options.hideWindow,
      ...(options.quit ? { quit: options.quit } : {}),
      ...(options.openHelp ? { openHelp: options.openHelp } : {}),
      refresh: () => this.refresh(),
      renewRoles: (source) => this.renewRoles(source),
      recordKeyAge: (name) => this.recordKeyAge(name),
    });
    this.requests = {
      ...requests,
      ...rotationHandlers({
        core: this.core,
        clock: options.clock,
        emit: options.emit,
        builtInCode: (name) => this.builtIn.code(name),
        refresh: () => void this.refresh(),
        onRotationsChanged: () => options.onRotationsChanged?.(),
      }),
    };
    this.handlers = requestApi(
      this.requests,
      options.onUnexpectedError ? { onUnexpectedError: options.onUnexpectedError } : {},
    );
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
    await this.builtIn.loadAll();
    this.refresh();
    if (this.options.watchProfiles !== false) {
      this.watcher = new ProfilesWatcher(this.core.profiles.home, this.options.clock, () => {
        // The CLI may have set up a device or turned the built-in authenticator on or off.
        void this.builtIn.loadAll().then(() => {
          try {
            this.refresh();
          } catch (error) {
            this.options.onUnexpectedError?.(error);
          }
        });
      });
      this.watcher.start();
    }
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
    this.watcher?.stop();
    this.watcher = undefined;
    this.prompts.cancelAll();
    await this.bridgeServer?.stop();
    this.bridgeServer = undefined;
    await this.setups.abandonAll();
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
    if (changes.length > 0) this.silentRefresh.dispatch(changes, profiles);
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
    this.silentRefresh.dispatch(changes, profiles);
  }

  private roleNamed(name: string): RoleProfile | undefined {
    const profile = this.core.profiles.load().profiles.find((p) => p.name === name);
    return profile?.kind === 'role' ? profile : undefined;
  }

  /** After a source logged in: its roles in use are renewed from the new session (one code for all). */
  /** After a login: the base key's age, best effort (never fails the login). */
  private async recordKeyAge(name: string): Promise<void> {
    if (await recordKeyAgeAfterLogin(this.core, this.options.clock, name)) {
      this.options.emit('rotation:progress', { kind: 'access-key', profile: name, point: 'key-age' });
      this.options.onRotationsChanged?.();
    }
  }

  private async renewRoles(source: string): Promise<void> {
    try {
      const renewed = await this.roles.renewAll(source);
      if (renewed.length > 0) this.refresh();
    } catch (error) {
      this.options.onUnexpectedError?.(error);
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
        const login = await this.prompts.submitWith(name, BUILT_IN_ATTEMPT, () => this.builtIn.login(name));
        this.refresh();
        return login;
      } catch (error) {
        if (!(error instanceof MfaTrayError)) this.options.onUnexpectedError?.(error);
      }
    }
    return this.prompts.request(name, reason, options);
  }

  private leadMs(): number {
    try {
      return this.core.settings().leadTimeSeconds * 1000;
    } catch {
      return 600_000;
    }
  }
}
