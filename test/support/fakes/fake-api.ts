/**
 * A typed fake of the popup's API (`window.mfaTray`, the preload's MfaTrayApi): a profile list and settings
 * in memory, per-channel answers a test can replace, and a log of every call. `installFakeApi` puts it
 * behind a Chromium page (Playwright exposeBinding), so the built renderer runs against it with no app, no
 * keychain and no AWS — for states the real stack reaches only slowly (many profiles, rare errors).
 */
import type { Page } from 'playwright-core';
import { REQUEST_CHANNELS } from '../../../src/main/channels';
import {
  type ErrorDto,
  type EventChannel,
  type EventChannels,
  type MfaTrayApi,
  type ProfileDto,
  type RequestChannel,
  type RequestResponseChannels,
  type Result,
  type SettingsDto,
} from '../../../src/shared/ipc-contract';
import { fakeProfile } from './profile-dto';

export { fakeProfile };

const ok = <T>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value });
const fail = (error: ErrorDto): Promise<{ ok: false; error: ErrorDto }> =>
  Promise.resolve({ ok: false, error });
const notFaked = (channel: string) =>
  fail({ kind: 'internal', message: `The fake API does not answer ${channel}.` });

export class FakeApi {
  profiles: ProfileDto[] = [];
  settings: SettingsDto = { leadTimeSeconds: 600, notifications: true, language: 'en', startAtLogin: false };
  readonly calls: { channel: RequestChannel; args: unknown[] }[] = [];
  private readonly emitters = new Set<(event: EventChannel, payload: unknown) => Promise<void>>();

  /** The API itself: every channel of the contract (the type makes sure none is missing). */
  readonly api: MfaTrayApi = {
    'app:info': () => ok({ version: 'fake', platform: 'linux', prompt: null }),
    'profiles:list': () => ok(this.profiles),
    'profiles:add': (request) => {
      const profile = fakeProfile(request.name, {
        mfaSerial: request.mfaSerial ?? null,
        ...(request.codeCommand ? { codeCommand: request.codeCommand } : {}),
      });
      this.profiles = [...this.profiles, profile];
      return ok({ profile, notes: [] });
    },
    'profiles:update': () => notFaked('profiles:update'),
    'profiles:remove': (name) => {
      this.profiles = this.profiles.filter((p) => p.name !== name);
      return ok(null);
    },
    'profiles:detect-serial': () => notFaked('profiles:detect-serial'),
    'profiles:import-candidates': () => ok([]),
    'profiles:import': () => notFaked('profiles:import'),
    'session:login': () => notFaked('session:login'),
    'session:logout': () => ok(null),
    'session:login-built-in': () => notFaked('session:login-built-in'),
    'prompt:open': (name) =>
      ok({
        name,
        reason: 'user',
        mfaSerial: this.profiles.find((p) => p.name === name)?.mfaSerial ?? null,
        waiting: 0,
      }),
    'prompt:cancel': () => ok(null),
    'settings:get': () => ok(this.settings),
    'settings:update': (patch) => {
      this.settings = { ...this.settings, ...patch };
      return ok(this.settings);
    },
    'window:hide': () => ok(null),
    'app:quit': () => ok(null),
    'app:help': () => ok(null),
    'mfa:list': () => notFaked('mfa:list'),
    'mfa:create': () => notFaked('mfa:create'),
    'mfa:enable': () => notFaked('mfa:enable'),
    'mfa:abandon': () => notFaked('mfa:abandon'),
    'mfa:resync': () => notFaked('mfa:resync'),
    'mfa:describe-removal': () => notFaked('mfa:describe-removal'),
    'mfa:remove': () => notFaked('mfa:remove'),
    'mfa:authenticator': () => notFaked('mfa:authenticator'),
    'soracom:add': () => notFaked('soracom:add'),
    'soracom:update': () => notFaked('soracom:update'),
    'soracom:login': () => notFaked('soracom:login'),
    'soracom:mfa-enable': () => notFaked('soracom:mfa-enable'),
    'soracom:mfa-verify': () => notFaked('soracom:mfa-verify'),
    'soracom:mfa-status': () => notFaked('soracom:mfa-status'),
    on: () => () => {},
  };

  /** Replaces the answer of one channel. */
  answer<C extends RequestChannel>(channel: C, handler: RequestResponseChannels[C]): void {
    (this.api as unknown as Record<string, unknown>)[channel] = handler;
  }

  async call(channel: string, args: unknown[]): Promise<unknown> {
    if (!(REQUEST_CHANNELS as readonly string[]).includes(channel))
      return { ok: false, error: { kind: 'invalid-input', message: 'Unknown request.' } };
    this.calls.push({ channel: channel as RequestChannel, args });
    const fn = this.api[channel as RequestChannel] as (...a: unknown[]) => Promise<unknown>;
    return fn(...args);
  }

  /** Sends an event to the page(s). */
  async emit<E extends EventChannel>(event: E, payload: EventChannels[E]): Promise<void> {
    for (const emit of this.emitters) await emit(event, payload);
  }

  /** Makes this fake the page's `window.mfaTray` (call before the page loads the renderer). */
  async install(page: Page): Promise<void> {
    await page.exposeBinding('__mfaTrayFakeCall', (_source, channel: string, args: unknown[]) =>
      this.call(channel, args),
    );
    await page.addInitScript((channels: readonly string[]) => {
      type Listener = (payload: unknown) => void;
      const w = window as unknown as {
        mfaTray?: unknown;
        __mfaTrayFakeCall: (channel: string, args: unknown[]) => Promise<unknown>;
        __mfaTrayFakeEmit: (event: string, payload: unknown) => void;
      };
      const listeners = new Map<string, Set<Listener>>();
      const api: Record<string, unknown> = {
        on(event: string, listener: Listener) {
          let set = listeners.get(event);
          if (!set) listeners.set(event, (set = new Set()));
          set.add(listener);
          return () => set.delete(listener);
        },
      };
      for (const channel of channels)
        api[channel] = (...args: unknown[]) => w.__mfaTrayFakeCall(channel, args);
      w.__mfaTrayFakeEmit = (event, payload) => listeners.get(event)?.forEach((l) => l(payload));
      w.mfaTray = Object.freeze(api);
    }, REQUEST_CHANNELS);
    this.emitters.add(async (event, payload) => {
      await page.evaluate(
        ([e, p]) =>
          (window as unknown as { __mfaTrayFakeEmit: (e: string, p: unknown) => void }).__mfaTrayFakeEmit(
            e,
            p,
          ),
        [event, payload] as const,
      );
    });
  }
}
