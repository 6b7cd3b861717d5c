/**
 * The tray app's logic, in plain Node (no Electron here, not even its types): the Electron shell binds
 * `handlers` to IPC, forwards `emit` to the window, and drives the tray icon and notifications from
 * `onStateChange`. The dev host binds the same handlers to HTTP, which is how the renderer is tested.
 */
import fs from 'node:fs';
import { BridgeServer } from '../core/bridge/server';
import { toErrorDto } from '../core/errors';
import type { Clock } from '../core/clock';
import { MfaTrayError } from '../core/errors';
import { secretAccounts, type BaseKeys } from '../core/keychain/secret-store';
import { isRootMfaSerial, REGION_PATTERN, ROOT_MAX_DURATION_SECONDS } from '../core/profiles';
import { profileSectionName } from '../core/awsfiles';
import { PromptCoordinator } from '../core/prompts';
import { SessionScheduler, type StateChange } from '../core/scheduler';
import {
  assertDuration,
  assertMfaSerial,
  assertProfileName,
  toStatus,
  validateBaseKeys,
  type AddProfileResult,
  type MfaTrayCore,
} from '../core/service';
import type {
  EventChannel,
  EventChannels,
  ProfileDto,
  PromptDto,
  PromptReason,
  RequestChannel,
  RequestResponseChannels,
  Result,
  SettingsDto,
  UpdateProfileRequest,
} from '../shared/ipc-contract';
import type { LoginItem } from './login-item';
import { validateChannelArgs } from './validate';

export interface AppControllerOptions {
  core: MfaTrayCore;
  clock: Clock;
  /** Sends an event to the renderer(s). */
  emit: <E extends EventChannel>(event: E, payload: EventChannels[E]) => void;
  loginItem: LoginItem;
  version: string;
  platform: string;
  hideWindow: () => void;
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

export class AppController {
  readonly handlers: RequestResponseChannels;
  readonly prompts: PromptCoordinator;
  readonly scheduler: SessionScheduler;

  private readonly core: MfaTrayCore;
  private readonly stateListeners = new Set<StateChangeListener>();
  private bridgeServer: BridgeServer | undefined;
  private watcher: fs.FSWatcher | undefined;
  private watchTimer: unknown;
  /** While the controller itself updates the scheduler, it reports the changes itself (once). */
  private refreshing = false;
  private lastEmitted: string | undefined;

  constructor(private readonly options: AppControllerOptions) {
    this.core = options.core;
    this.prompts = new PromptCoordinator(options.core, options.clock, options.promptTimeoutMs);
    this.prompts.onShow((prompt) => options.emit('prompt:show', prompt));
    this.prompts.onClosed((name) => options.emit('prompt:closed', { name }));
    this.scheduler = new SessionScheduler(options.clock, this.leadMs(), (changes) => {
      if (!this.refreshing) this.reportSchedulerChanges(changes);
    });
    this.handlers = this.createHandlers();
  }

  /** The tray icon and notifications follow this: each state change once, with the profiles as they are now. */
  onStateChange(listener: StateChangeListener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  async start(): Promise<StartResult> {
    this.refresh();
    if (this.options.watchProfiles !== false) this.watchProfiles();
    if (this.options.bridge === false) return {};
    const server = new BridgeServer({
      home: this.core.profiles.home,
      core: this.core,
      prompts: this.prompts,
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
    return data.profiles.map((p) => toStatus(p, now, data.settings.leadTimeSeconds * 1000));
  }

  /**
   * Re-reads profiles.json, re-arms the scheduler and tells the renderer and the shell what changed.
   * Called after every change the app makes, on resume and when the CLI changed the file.
   */
  private refresh(): ProfileDto[] {
    const data = this.core.profiles.load();
    const lead = data.settings.leadTimeSeconds * 1000;
    const now = this.options.clock.now();
    const profiles = data.profiles.map((p) => toStatus(p, now, lead));
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
    if (changes.length > 0) this.notifyState(changes, profiles);
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
    this.notifyState(changes, profiles);
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
          try {
            this.refresh();
          } catch (error) {
            this.options.onUnexpectedError?.(error);
          }
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
    };
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
        this.refresh();
        return result;
      }),
      'profiles:update': this.handle('profiles:update', async (request) => {
        const result = await updateProfile(core, request);
        this.refresh();
        return result;
      }),
      'profiles:remove': this.handle('profiles:remove', async (name) => {
        core.profiles.get(name);
        this.prompts.cancel(name);
        await core.removeProfile(name);
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
        const notes: string[] = [];
        const serial = await core.discoverMfaSerial(base, region, notes);
        return { serial: serial ?? null, notes };
      }),
      'profiles:import-candidates': this.handle('profiles:import-candidates', () => core.importCandidates()),
      'profiles:import': this.handle('profiles:import', async (request) => {
        const result = await core.importProfile(request.awsProfile, {
          scrub: request.scrub,
          ...(request.name !== undefined ? { name: request.name } : {}),
          ...(request.delivery !== undefined ? { delivery: request.delivery } : {}),
        });
        this.refresh();
        return { profile: result.profile, notes: result.notes };
      }),
      'session:login': this.handle('session:login', async ({ name, code }) => {
        // Through the coordinator: a CLI call waiting on this profile gets the same session.
        const result = await this.prompts.submit(name, code);
        const profiles = this.refresh();
        const profile = profiles.find((p) => p.name === name) ?? result.profile;
        return { profile, expiresAt: result.expiresAt, warnings: result.warnings };
      }),
      'session:logout': this.handle('session:logout', async (name) => {
        await core.logout(name);
        this.refresh();
        return null;
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
    };
  }
}

const CREDENTIAL_PROCESS_KEY = 'credential_process';

/**
 * Edits a profile in place, over the core's public pieces (the core has no updateProfile yet). Keeps the
 * name; moves the session's delivery when the target or the delivery changes; stores new keys only when
 * the request carries a secret (an access key id alone is refused unless it is the stored one).
 */
export async function updateProfile(
  core: MfaTrayCore,
  request: UpdateProfileRequest,
): Promise<AddProfileResult> {
  const name = request.name;
  const before = core.profiles.get(name);
  const notes: string[] = [];

  const target = request.target ?? before.target;
  const delivery = request.delivery ?? before.delivery;
  const region = request.region ?? before.region;
  const durationSeconds = request.durationSeconds ?? before.durationSeconds;
  const mfaSerial = request.mfaSerial === null ? undefined : (request.mfaSerial ?? before.mfaSerial);
  if (!REGION_PATTERN.test(region))
    throw new MfaTrayError('invalid-input', `"${region}" is not an AWS region name.`);
  assertDuration(durationSeconds);
  if (mfaSerial !== undefined) assertMfaSerial(mfaSerial);
  if (delivery !== 'file' && delivery !== 'process') {
    throw new MfaTrayError('invalid-input', 'Delivery must be "file" or "process".');
  }

  if (target !== before.target) {
    assertProfileName(target, 'target AWS profile');
    const owner = core.profiles.load().profiles.find((p) => p.target === target && p.name !== name);
    if (owner) {
      throw new MfaTrayError(
        'aws-file-conflict',
        `The AWS profile "${target}" is already used by mfa-tray profile "${owner.name}".`,
        {
          hint: 'Choose another target profile.',
        },
      );
    }
    const taken = await core.awsProfiles.findForeignTarget(target);
    if (taken) {
      throw new MfaTrayError(
        'aws-file-conflict',
        `The AWS profile "${target}" already exists in ${taken}; mfa-tray will not take it over.`,
        {
          path: taken,
          hint: 'Choose another target profile.',
        },
      );
    }
  }

  let newKeys: BaseKeys | undefined;
  let oldKeys: BaseKeys | undefined;
  if (request.secretAccessKey !== undefined) {
    oldKeys = await core.baseKeys(name).catch(() => undefined);
    newKeys = validateBaseKeys(request.accessKeyId ?? oldKeys?.accessKeyId ?? '', request.secretAccessKey);
  } else if (request.accessKeyId !== undefined) {
    const stored = await core.baseKeys(name);
    if (stored.accessKeyId !== request.accessKeyId.trim()) {
      throw new MfaTrayError('invalid-input', 'A new access key id needs its secret access key too.', {
        hint: 'Type the secret access key that belongs to the new key.',
      });
    }
  }

  if (newKeys) await core.secrets.set(secretAccounts.base(name), JSON.stringify(newKeys));
  try {
    await core.profiles.updateProfile(name, (p) => {
      p.target = target;
      p.delivery = delivery;
      p.region = region;
      p.durationSeconds = durationSeconds;
      if (mfaSerial === undefined) delete p.mfaSerial;
      else p.mfaSerial = mfaSerial;
      // The remembered code belongs to the old device.
      if (mfaSerial !== before.mfaSerial) delete p.lastCode;
      if (newKeys) p.accessKeyIdSuffix = newKeys.accessKeyId.slice(-4);
    });
  } catch (error) {
    // The profile still describes the old keys: put them back.
    if (newKeys && oldKeys) await core.secrets.set(secretAccounts.base(name), JSON.stringify(oldKeys));
    throw error;
  }

  const moved = target !== before.target || delivery !== before.delivery;
  if (moved) {
    // Take the old delivery down…
    if (before.delivery === 'file') await core.awsProfiles.removeCredentialsSection(before.target);
    if (target !== before.target) {
      await core.awsProfiles.removeConfigProfile(before.target);
    } else if (before.delivery === 'process') {
      await core.awsProfiles.files.update('config', (doc) =>
        doc.removeKeys(profileSectionName('config', target), [CREDENTIAL_PROCESS_KEY]),
      );
    }
  }
  // …and put the new one up.
  if (delivery === 'process') {
    await core.awsProfiles.ensureConfigProfile(target, {
      region,
      credentialProcess: core.credentialProcessLine(name),
    });
  } else {
    await core.awsProfiles.ensureConfigProfile(target, { region });
    const session = moved ? await core.cachedSession(name) : undefined;
    if (session) await core.awsProfiles.writeSessionCredentials(target, session);
  }

  if (isRootMfaSerial(mfaSerial) && durationSeconds > ROOT_MAX_DURATION_SECONDS) {
    notes.push(
      `This looks like the account's root user: AWS caps root sessions at ${ROOT_MAX_DURATION_SECONDS} s (1 h), whatever duration is asked for.`,
    );
  }
  return { profile: core.profileStatus(name), notes };
}
