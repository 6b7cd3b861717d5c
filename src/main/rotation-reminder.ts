import type { Clock } from '../core/clock';
import type { MainStrings } from './i18n';
import type { NotificationRequest } from './notifier';
import type { RotationReminderFacts } from './rotation-handlers';

/** What a reminder is about: keys at least the threshold old, rotations that can be finished. */
export interface DueReminder {
  oldKeys: { name: string; ageDays: number }[];
  /** Key rotations (profile names) and Funnel rotations ("soracomProfile/prefix") past their grace period. */
  finishDue: string[];
}

export const REMINDER_INTERVAL_MS = 86_400_000;
/** How often the tray looks (a key turns 90 days old while the app runs). */
export const DEFAULT_CHECK_EVERY_MS = 3_600_000;

/** The policy: keys ≥ thresholdDays old (0 turns that part off) and due finishes; undefined when nothing is. */
export function dueReminder(facts: RotationReminderFacts, thresholdDays: number): DueReminder | undefined {
  const oldKeys =
    thresholdDays > 0
      ? facts.keyAges
          .filter((k) => k.ageDays >= thresholdDays)
          .map((k) => ({ name: k.name, ageDays: k.ageDays }))
      : [];
  const finishDue = [...facts.keyFinishDue, ...facts.funnelFinishDue];
  return oldKeys.length > 0 || finishDue.length > 0 ? { oldKeys, finishDue } : undefined;
}

export interface RotationReminderOptions {
  clock: Clock;
  /** Read when the reminder looks (rotations.json and profiles.json; no network). */
  facts: () => RotationReminderFacts;
  /** The key age setting (0 = off). */
  thresholdDays: () => number;
  /** The "notifications" setting. */
  enabled: () => boolean;
  notify: (notification: NotificationRequest) => void;
  t: () => MainStrings;
  /** A click on the reminder: the popup opens (never by itself). */
  onClick: () => void;
  checkEveryMs?: number;
  /** Errors reading the facts (a damaged rotations.json): logged by the shell, the reminder stays quiet. */
  onError?: (error: unknown) => void;
  /** When the last reminder was shown, across restarts (default: this run only). */
  memory?: {
    lastShownAt(): number | undefined;
    remember(atMs: number): Promise<void>;
  };
}

/**
 * The tray's reminder to rotate old base keys and to finish rotations after their grace period: one
 * notification that lists them, at most once a day (a day after the last one, by the injected clock).
 */
export class RotationReminder {
  private lastShownAt: number | undefined;
  private timer: unknown;

  constructor(private readonly o: RotationReminderOptions) {
    this.lastShownAt = o.memory?.lastShownAt();
  }

  start(): void {
    this.check();
    this.schedule();
  }

  stop(): void {
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Looks now (also after a rotation, a finish or a login that learnt a key's age). Returns what it said. */
  check(): DueReminder | undefined {
    if (!this.o.enabled()) return undefined;
    const now = this.o.clock.now();
    if (this.lastShownAt !== undefined && now - this.lastShownAt < REMINDER_INTERVAL_MS) return undefined;
    let due: DueReminder | undefined;
    try {
      due = dueReminder(this.o.facts(), this.o.thresholdDays());
    } catch (error) {
      this.o.onError?.(error);
      return undefined;
    }
    if (!due) return undefined;
    this.lastShownAt = now;
    this.o.memory?.remember(now).catch((error: unknown) => this.o.onError?.(error));
    const t = this.o.t();
    const lines: string[] = [];
    if (due.oldKeys.length > 0) lines.push(t.reminderOldKeysBody(due.oldKeys));
    if (due.finishDue.length > 0) lines.push(t.reminderFinishBody(due.finishDue));
    this.o.notify({ title: t.reminderTitle, body: lines.join('\n'), onClick: this.o.onClick });
    return due;
  }

  private schedule(): void {
    this.timer = this.o.clock.setTimeout(() => {
      this.check();
      this.schedule();
    }, this.o.checkEveryMs ?? DEFAULT_CHECK_EVERY_MS);
  }
}
