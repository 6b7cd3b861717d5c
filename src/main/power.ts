import type { Clock } from '../core/clock';

export type WakeEvent = 'resume' | 'unlock-screen';

/** The part of Electron's `powerMonitor` we use; any EventEmitter with these events fits. */
export interface PowerEvents {
  on(event: WakeEvent, listener: () => void): unknown;
  removeListener(event: WakeEvent, listener: () => void): unknown;
}

export const DEFAULT_WAKE_DEBOUNCE_MS = 2000;

/**
 * Timers do not run while the machine sleeps, so after waking every session's state must be recomputed.
 * Waking usually fires `resume` and then `unlock-screen` (or several `resume`s on some Linux desktops) within
 * a moment: those collapse into ONE call of `onWake`, made once the burst has been quiet for `debounceMs`.
 */
export class PowerWatcher {
  private timer: unknown;
  private readonly listener = () => this.schedule();

  constructor(
    private readonly events: PowerEvents,
    private readonly onWake: () => void,
    private readonly clock: Clock,
    private readonly debounceMs = DEFAULT_WAKE_DEBOUNCE_MS,
  ) {
    events.on('resume', this.listener);
    events.on('unlock-screen', this.listener);
  }

  stop(): void {
    this.events.removeListener('resume', this.listener);
    this.events.removeListener('unlock-screen', this.listener);
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.onWake();
    }, this.debounceMs);
  }
}
