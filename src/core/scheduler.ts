import type { Clock } from './clock';
import type { SessionState } from '../shared/dto/profiles';

/** Declared once, with the status DTO (src/shared/dto/profiles.ts). */
export type { SessionState };

export interface ScheduledProfile {
  name: string;
  sessionExpiresAt?: string;
}

/** The state of a session at `nowMs`: `expiring` during the last `leadMs` before expiry. */
export function sessionState(expiresAt: string | undefined, nowMs: number, leadMs: number): SessionState {
  if (!expiresAt) return 'none';
  const expiry = Date.parse(expiresAt);
  if (Number.isNaN(expiry)) return 'none';
  if (nowMs >= expiry) return 'expired';
  if (nowMs >= expiry - leadMs) return 'expiring';
  return 'valid';
}

/** When `profile` next changes state after `nowMs`, or undefined if it never will by itself. */
export function nextTransition(
  profile: ScheduledProfile,
  nowMs: number,
  leadMs: number,
): { at: number; state: SessionState } | undefined {
  const state = sessionState(profile.sessionExpiresAt, nowMs, leadMs);
  if (state === 'none' || state === 'expired') return undefined;
  const expiry = Date.parse(profile.sessionExpiresAt!);
  return state === 'valid' ? { at: expiry - leadMs, state: 'expiring' } : { at: expiry, state: 'expired' };
}

export interface StateChange {
  name: string;
  from: SessionState | undefined;
  to: SessionState;
}

/** Node's timers overflow above 2^31-1 ms; longer waits are split. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Watches every profile's session and reports each state change exactly once, at the moment it happens.
 * One timer for the nearest transition; `update` after any change, `recompute` after sleep/resume (timers
 * do not run while the machine sleeps, so several changes may be reported at once then).
 */
export class SessionScheduler {
  private profiles: ScheduledProfile[] = [];
  private readonly known = new Map<string, SessionState>();
  private timer: unknown;

  constructor(
    private readonly clock: Clock,
    private leadMs: number,
    private readonly onChange: (changes: StateChange[]) => void,
  ) {}

  /** Replaces the watched profiles; reports changes against what was last reported. */
  update(profiles: ScheduledProfile[], leadMs = this.leadMs): StateChange[] {
    this.profiles = profiles.map((p) => ({ ...p }));
    this.leadMs = leadMs;
    for (const name of [...this.known.keys()]) {
      if (!profiles.some((p) => p.name === name)) this.known.delete(name);
    }
    return this.recompute();
  }

  recompute(): StateChange[] {
    const now = this.clock.now();
    const changes: StateChange[] = [];
    for (const p of this.profiles) {
      const to = sessionState(p.sessionExpiresAt, now, this.leadMs);
      const from = this.known.get(p.name);
      if (from !== to) {
        changes.push({ name: p.name, from, to });
        this.known.set(p.name, to);
      }
    }
    this.arm(now);
    if (changes.length > 0) this.onChange(changes);
    return changes;
  }

  states(): Map<string, SessionState> {
    return new Map(this.known);
  }

  /** The next moment anything changes, for tests and the tooltip. */
  nextWakeAt(): number | undefined {
    const now = this.clock.now();
    let next: number | undefined;
    for (const p of this.profiles) {
      const t = nextTransition(p, now, this.leadMs);
      if (t && (next === undefined || t.at < next)) next = t.at;
    }
    return next;
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(now: number): void {
    this.stop();
    const next = this.nextWakeAt();
    if (next === undefined) return;
    const delay = Math.min(Math.max(0, next - now), MAX_TIMER_MS);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.recompute();
    }, delay);
  }
}
