import type { Clock } from '../core/clock';
import type { StateChange } from '../core/scheduler';
import type { ProfileDto, PromptReason } from '../shared/ipc-contract';
import type { MainStrings } from './i18n';

export interface NotificationRequest {
  title: string;
  body: string;
  onClick: () => void;
}

export interface SessionNotifierOptions {
  /** Shows an OS notification (Electron's `Notification` in the app). */
  notify: (notification: NotificationRequest) => void;
  /** Brings up the OTP entry for a profile; only ever called from a click, never by itself. */
  openPrompt: (name: string, reason: Extract<PromptReason, 'expiring' | 'expired'>) => void;
  /** The "notifications" setting, read when a notification is due. */
  enabled: () => boolean;
  t: () => MainStrings;
  clock: Clock;
  /**
   * Changes that arrive within this window are shown together. On wake from sleep the scheduler's overdue
   * timer and the power-monitor recompute can report one after the other; this lets "expired" replace an
   * "expiring" that is already stale.
   */
  coalesceMs?: number;
}

type Kind = 'expiring' | 'expired';

interface Pending {
  kind: Kind;
  expiresAt: string;
}

export const DEFAULT_COALESCE_MS = 500;

/**
 * Turns scheduler state changes into OS notifications:
 * - a session that enters `expiring` → "Session for X expires in N min" (N from the real expiry);
 * - a session that enters `expired` from `valid`/`expiring` → "Session for X has expired";
 * - at most one per profile per batch ("expired" wins), and never twice for the same session and kind;
 * - nothing for first sightings of an already expired session (news from before the app started) and
 *   nothing while notifications are turned off.
 * A click opens the OTP entry for that profile; no window ever opens by itself.
 */
export class SessionNotifier {
  private readonly pending = new Map<string, Pending>();
  /** The last notification shown per profile, keyed by the session (its expiry) it was about. */
  private readonly shown = new Map<string, Pending>();
  private timer: unknown;

  constructor(private readonly options: SessionNotifierOptions) {}

  /** Feed it every scheduler change batch together with the profiles as they are now. */
  handle(changes: readonly StateChange[], profiles: readonly ProfileDto[]): void {
    const byName = new Map(profiles.map((p) => [p.name, p]));
    for (const name of [...this.shown.keys()]) if (!byName.has(name)) this.shown.delete(name);

    for (const change of changes) {
      const profile = byName.get(change.name);
      const kind = notificationKind(change);
      if (!kind || !profile?.expiresAt) {
        // Logged in again, logged out or removed: whatever was about to be said is moot.
        this.pending.delete(change.name);
        continue;
      }
      const already = this.pending.get(change.name);
      if (already?.kind === 'expired' && already.expiresAt === profile.expiresAt) continue;
      this.pending.set(change.name, { kind, expiresAt: profile.expiresAt });
    }
    if (this.pending.size > 0 && this.timer === undefined) {
      this.timer = this.options.clock.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.options.coalesceMs ?? DEFAULT_COALESCE_MS);
    }
  }

  stop(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private flush(): void {
    const due = [...this.pending.entries()];
    this.pending.clear();
    if (!this.options.enabled()) return;
    const t = this.options.t();
    const now = this.options.clock.now();
    for (const [name, { kind, expiresAt }] of due) {
      const previous = this.shown.get(name);
      if (
        previous &&
        previous.expiresAt === expiresAt &&
        (previous.kind === kind || previous.kind === 'expired')
      ) {
        continue;
      }
      let title: string;
      let body: string;
      if (kind === 'expiring') {
        const remainingMs = Date.parse(expiresAt) - now;
        // Already over: the scheduler's "expired" is on its way and will say so.
        if (!(remainingMs > 0)) continue;
        title = t.notifyExpiringTitle;
        body = t.notifyExpiringBody(name, Math.ceil(remainingMs / 60_000));
      } else {
        title = t.notifyExpiredTitle;
        body = t.notifyExpiredBody(name);
      }
      this.shown.set(name, { kind, expiresAt });
      this.options.notify({ title, body, onClick: () => this.options.openPrompt(name, kind) });
    }
  }
}

/** Which notification a change deserves, if any. */
function notificationKind(change: StateChange): Kind | undefined {
  if (change.to === 'expiring') {
    // `from` undefined is the first sighting (app start): a session about to end is still worth a word.
    return change.from === 'valid' || change.from === undefined ? 'expiring' : undefined;
  }
  if (change.to === 'expired') {
    // Only a session we saw running; one found expired at start-up is old news (the icon shows it).
    return change.from === 'valid' || change.from === 'expiring' ? 'expired' : undefined;
  }
  return undefined;
}
