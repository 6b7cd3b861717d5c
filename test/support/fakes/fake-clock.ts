import type { Clock } from '../../../src/core/clock';

/** A clock that only moves when the test says so; timers fire in order as time is advanced. */
export class FakeClock implements Clock {
  private timers: { id: number; at: number; callback: () => void }[] = [];
  private nextId = 1;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ id, at: this.current + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing due timers in time order (a timer set by a timer fires too, if due). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const due = this.timers[0];
      if (!due || due.at > target) break;
      this.timers.shift();
      this.current = due.at;
      due.callback();
    }
    this.current = target;
  }

  /** Jumps time without firing timers, like a laptop waking from sleep. */
  jump(ms: number): void {
    this.current += ms;
  }
}
