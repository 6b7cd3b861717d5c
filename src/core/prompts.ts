import type { Clock } from './clock';
import {
  DEFAULT_PROMPT_TIMEOUT_MS,
  MAX_PROMPT_TIMEOUT_MS,
  MIN_PROMPT_TIMEOUT_MS,
} from './rules/session-rules';
import { MfaTrayError } from './errors';
import type { LoginResult, MfaTrayCore } from './mfa-tray-core';
import type { PromptDto, PromptReason } from '../shared/ipc-contract';
import { CODE_REUSE_WINDOW_MS, hashCode, secondsUntilNextCode } from './totp';
import { CODE_RULE, normaliseCode } from './rules/code-rules';
import { ruleError } from './rules/rule-error';

export type { PromptDto, PromptReason };

/** What the coordinator needs of the core; tests pass a typed fake. */
export type PromptCore = Pick<MfaTrayCore, 'login' | 'profileStatus'>;

export interface PromptRequestOptions {
  /**
   * true (default): the caller waits for the session, bounded by `timeoutMs`. false: the prompt is only
   * shown (a click, a notification); the returned promise still settles with the prompt, without a timeout,
   * and the prompt stays until it is answered or cancelled.
   */
  waitForSession?: boolean;
  /** Clamped to [MIN_PROMPT_TIMEOUT_MS, MAX_PROMPT_TIMEOUT_MS]; default DEFAULT_PROMPT_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Aborting drops this waiter (a CLI caller hung up); the others keep waiting. */
  signal?: AbortSignal;
}

export interface PromptShowInfo {
  /** false when an open prompt only changed (another waiter joined): update it, do not pop it up again. */
  isNew: boolean;
}

export { DEFAULT_PROMPT_TIMEOUT_MS, MAX_PROMPT_TIMEOUT_MS, MIN_PROMPT_TIMEOUT_MS };

interface Waiter {
  counted: boolean;
  /** 'code': a CLI call (soracom-cli's profileCommand) that wants the typed code itself, not a login. */
  wants: 'session' | 'code';
  resolve: (result: LoginResult) => void;
  resolveCode?: (code: string) => void;
  reject: (error: Error) => void;
  timer: unknown;
  detach: () => void;
}

interface PendingPrompt {
  name: string;
  reason: PromptReason;
  mfaSerial: string | null;
  waiters: Set<Waiter>;
  /** Shown for a person (not only for waiters): it stays open when the last waiter leaves. */
  held: boolean;
}

/**
 * Asks the user for an MFA code, at most once per profile at a time. Everything that needs a session for a
 * profile (CLI calls through the bridge, a click, an expiring session) joins the one pending prompt, so a
 * burst of chained AWS CLI calls or a wake from sleep shows one modal, not a storm of them.
 */
export class PromptCoordinator {
  private readonly prompts = new Map<string, PendingPrompt>();
  private readonly submitting = new Map<string, { attempt: string; result: Promise<LoginResult> }>();
  private readonly showListeners = new Set<(prompt: PromptDto, info: PromptShowInfo) => void>();
  private readonly closedListeners = new Set<(name: string) => void>();
  /** The last code handed to a code waiter per profile, hashed, and when: never handed out twice. */
  private readonly handedOut = new Map<string, { hash: string; atMs: number }>();

  constructor(
    private readonly core: PromptCore,
    private readonly clock: Clock,
    private readonly defaultTimeoutMs = DEFAULT_PROMPT_TIMEOUT_MS,
  ) {}

  onShow(listener: (prompt: PromptDto, info: PromptShowInfo) => void): () => void {
    this.showListeners.add(listener);
    return () => this.showListeners.delete(listener);
  }

  onClosed(listener: (name: string) => void): () => void {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  pending(): PromptDto[] {
    return [...this.prompts.values()].map(toDto);
  }

  get(name: string): PromptDto | undefined {
    const prompt = this.prompts.get(name);
    return prompt && toDto(prompt);
  }

  /** Shows (or re-shows) the prompt for `name` without waiting on it. Throws profile-not-found. */
  show(name: string, reason: PromptReason): PromptDto {
    const { prompt, isNew } = this.open(name, reason);
    prompt.held = true;
    // Shown again (a second click, a notification): bring the same prompt forward, never a second one.
    this.emitShow(toDto(prompt), isNew);
    return toDto(prompt);
  }

  /** A session for `name` once the user types a code: joins the pending prompt or opens one. */
  async request(
    name: string,
    reason: PromptReason,
    options: PromptRequestOptions = {},
  ): Promise<LoginResult> {
    const waitForSession = options.waitForSession ?? true;
    if (options.signal?.aborted) throw cancelledError(name);
    // Runs synchronously up to here: the prompt is open (and shown) when request() returns.
    const { prompt, isNew, reasonChanged } = this.open(name, reason);
    return new Promise<LoginResult>((resolve, reject) => {
      const waiter: Waiter = {
        counted: reason === 'cli' && waitForSession,
        wants: 'session',
        resolve,
        reject,
        timer: undefined,
        detach: () => {},
      };
      prompt.waiters.add(waiter);
      if (!waitForSession) prompt.held = true;
      if (waitForSession) {
        const timeoutMs = clampTimeout(options.timeoutMs ?? this.defaultTimeoutMs);
        waiter.timer = this.clock.setTimeout(() => {
          waiter.timer = undefined;
          this.dropWaiter(name, waiter, timeoutError(name, timeoutMs));
        }, timeoutMs);
      }
      const signal = options.signal;
      if (signal) {
        const onAbort = () => this.dropWaiter(name, waiter, cancelledError(name));
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener('abort', onAbort);
      }
      // New prompt: show it. Joined one: only tell the UI the count (or the reason) changed.
      if (isNew || reasonChanged || waiter.counted || !waitForSession) this.emitShow(toDto(prompt), isNew);
    });
  }

  /**
   * The code the user types for `name`, handed back without logging in (reason 'cli-code'): soracom-cli's
   * profileCommand sends it to SORACOM itself, which would refuse a code we had used first. Joins the
   * pending prompt of the profile; each typed code goes to one waiting call (SORACOM takes a code once).
   */
  requestCode(name: string, options: Omit<PromptRequestOptions, 'waitForSession'> = {}): Promise<string> {
    if (options.signal?.aborted) return Promise.reject(cancelledError(name));
    const { prompt, isNew } = this.open(name, 'cli-code');
    return new Promise<string>((resolveCode, reject) => {
      const waiter: Waiter = {
        counted: true,
        wants: 'code',
        resolve: () => {},
        resolveCode,
        reject,
        timer: undefined,
        detach: () => {},
      };
      prompt.waiters.add(waiter);
      const timeoutMs = clampTimeout(options.timeoutMs ?? this.defaultTimeoutMs);
      waiter.timer = this.clock.setTimeout(() => {
        waiter.timer = undefined;
        this.dropWaiter(name, waiter, timeoutError(name, timeoutMs));
      }, timeoutMs);
      const signal = options.signal;
      if (signal) {
        const onAbort = () => this.dropWaiter(name, waiter, cancelledError(name));
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener('abort', onAbort);
      }
      // Always shown (or brought forward): the count of waiting calls changed.
      this.emitShow(toDto(prompt), isNew);
    });
  }

  /**
   * Logs in with the code the user typed. On success every waiter gets the session and the prompt closes;
   * on failure the prompt stays open for another try and only the submitter sees the error.
   * Works without a pending prompt too (a login from the status view).
   * When CLI calls wait for the code itself (requestCode), the code goes to the oldest of them instead, and
   * nothing logs in with it.
   */
  submit(name: string, code: string): Promise<LoginResult> {
    const prompt = this.prompts.get(name);
    const codeWaiter = prompt && [...prompt.waiters].find((w) => w.wants === 'code');
    if (prompt && codeWaiter) return this.handOut(prompt, codeWaiter, code);
    return this.submitWith(name, code, () => this.core.login(name, code));
  }

  private handOut(prompt: PendingPrompt, waiter: Waiter, rawCode: string): Promise<LoginResult> {
    const code = normaliseCode(rawCode);
    if (code === undefined) return Promise.reject(ruleError(CODE_RULE, 'code'));
    const now = this.clock.now();
    const hash = hashCode(`prompt:${prompt.name}`, code);
    const last = this.handedOut.get(prompt.name);
    if (last && last.hash === hash && now - last.atMs < CODE_REUSE_WINDOW_MS) {
      const wait = secondsUntilNextCode(now);
      return Promise.reject(
        new MfaTrayError('code-reused', 'That code was already handed out; each code works only once.', {
          secondsUntilNextCode: wait,
          hint: `Wait for the next code (in ${wait} s) and enter that one.`,
        }),
      );
    }
    this.handedOut.set(prompt.name, { hash, atMs: now });
    prompt.waiters.delete(waiter);
    this.release(waiter);
    waiter.resolveCode?.(code);
    if (prompt.waiters.size === 0) this.close(prompt);
    else this.emitShow(toDto(prompt), false);
    const status = this.core.profileStatus(prompt.name);
    return Promise.resolve({
      profile: status,
      expiresAt: status.expiresAt ?? '',
      warnings: [],
      codeHandedOut: true,
    });
  }

  /**
   * Like submit, for a login whose code does not come from the user (the built-in authenticator): `attempt`
   * tells attempts apart, so the same one twice joins the first instead of spending a second code.
   */
  submitWith(name: string, attempt: string, run: () => Promise<LoginResult>): Promise<LoginResult> {
    const inFlight = this.submitting.get(name);
    if (inFlight) {
      // A double click sends the same code twice; AWS would refuse the second as reused.
      if (inFlight.attempt === attempt) return inFlight.result;
      return Promise.reject(
        new MfaTrayError('invalid-input', 'A code for this profile is being checked already.', {
          hint: 'Wait a moment for the answer.',
        }),
      );
    }
    const result = run().then((login) => {
      const prompt = this.prompts.get(name);
      if (prompt) {
        // Calls waiting for a code (not a session) keep the prompt open: they still need one.
        const codeWaiters = [...prompt.waiters].filter((w) => w.wants === 'code');
        if (codeWaiters.length === 0) this.close(prompt);
        for (const waiter of prompt.waiters) {
          if (waiter.wants === 'code') continue;
          prompt.waiters.delete(waiter);
          this.release(waiter);
          waiter.resolve(login);
        }
        if (codeWaiters.length > 0) this.emitShow(toDto(prompt), false);
      }
      return login;
    });
    this.submitting.set(name, { attempt, result });
    const clear = () => {
      if (this.submitting.get(name)?.result === result) this.submitting.delete(name);
    };
    result.then(clear, clear);
    return result;
  }

  /** Dismisses the prompt: every waiter gets MfaTrayError('cancelled'). Returns whether one was pending. */
  cancel(name: string): boolean {
    const prompt = this.prompts.get(name);
    if (!prompt) return false;
    this.close(prompt);
    for (const waiter of prompt.waiters) {
      this.release(waiter);
      waiter.reject(cancelledError(name));
    }
    return true;
  }

  cancelAll(): void {
    for (const name of [...this.prompts.keys()]) this.cancel(name);
  }

  /** The pending prompt for `name`, opened if there is none; it is shown by the caller. */
  private open(
    name: string,
    reason: PromptReason,
  ): { prompt: PendingPrompt; isNew: boolean; reasonChanged: boolean } {
    const existing = this.prompts.get(name);
    if (existing) {
      // A waiting CLI call is the most urgent reason: the popup says so ('cli-code': the code itself is
      // wanted, so the popup must not promise a login).
      const urgent = reason === 'cli-code' || (reason === 'cli' && existing.reason !== 'cli-code');
      const reasonChanged = urgent && existing.reason !== reason;
      if (reasonChanged) existing.reason = reason;
      return { prompt: existing, isNew: false, reasonChanged };
    }
    const status = this.core.profileStatus(name);
    const prompt: PendingPrompt = {
      name,
      reason,
      mfaSerial: status.mfaSerial,
      waiters: new Set(),
      held: false,
    };
    this.prompts.set(name, prompt);
    return { prompt, isNew: true, reasonChanged: false };
  }

  private dropWaiter(name: string, waiter: Waiter, error: Error): void {
    const prompt = this.prompts.get(name);
    if (!prompt?.waiters.has(waiter)) return;
    prompt.waiters.delete(waiter);
    this.release(waiter);
    waiter.reject(error);
    if (prompt.waiters.size === 0 && !prompt.held) {
      this.close(prompt);
    } else if (waiter.counted) {
      this.emitShow(toDto(prompt), false);
    }
  }

  private release(waiter: Waiter): void {
    if (waiter.timer !== undefined) this.clock.clearTimeout(waiter.timer);
    waiter.timer = undefined;
    waiter.detach();
  }

  private close(prompt: PendingPrompt): void {
    if (this.prompts.get(prompt.name) !== prompt) return;
    this.prompts.delete(prompt.name);
    for (const listener of this.closedListeners) listener(prompt.name);
  }

  private emitShow(dto: PromptDto, isNew: boolean): void {
    for (const listener of this.showListeners) listener(dto, { isNew });
  }
}

function toDto(prompt: PendingPrompt): PromptDto {
  let waiting = 0;
  for (const w of prompt.waiters) if (w.counted) waiting += 1;
  return { name: prompt.name, reason: prompt.reason, mfaSerial: prompt.mfaSerial, waiting };
}

function clampTimeout(ms: number): number {
  if (!Number.isFinite(ms)) return DEFAULT_PROMPT_TIMEOUT_MS;
  return Math.min(Math.max(Math.round(ms), MIN_PROMPT_TIMEOUT_MS), MAX_PROMPT_TIMEOUT_MS);
}

function cancelledError(name: string): MfaTrayError {
  return new MfaTrayError('cancelled', `The MFA code prompt for "${name}" was cancelled.`);
}

function timeoutError(name: string, ms: number): MfaTrayError {
  return new MfaTrayError(
    'timeout',
    `No MFA code was entered for "${name}" within ${Math.round(ms / 1000)} s.`,
    {
      hint: `Run the command again, or log in from the mfa-tray menu (or \`mfa-tray login ${name}\`).`,
    },
  );
}
