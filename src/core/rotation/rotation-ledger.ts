/**
 * The bookkeeping every rotation kind shares (a base key, a Funnel key): each step written to
 * rotations.json before the call it names and reported as progress, a record claimed by one run at a time
 * and let go of again. One copy, so the kinds cannot drift in how a killed run is told from a live one.
 */
import type { Clock } from '../clock';
import { currentOwner, ownerAlive, type RecordOwner, type RotationStore } from './rotation-store';

const DAY_MS = 86_400_000;
/** Our clock and AWS's differ a little; a use of the old key this close to the switch is our own. */
export const LAST_USE_MARGIN_MS = 2 * 60_000;
/** A key created this long before we asked for one cannot be the one we asked for. */
export const CREATE_SKEW_MS = 5 * 60_000;

/** When a grace period that started at `since` (ISO) ends, or null when it has not started. */
export function graceEndsAt(since: string | undefined, graceDays: number): string | null {
  if (!since) return null;
  return new Date(Date.parse(since) + graceDays * DAY_MS).toISOString();
}

/** Whole days from `since` (ISO) to `nowMs`, or null when unknown. */
export function wholeDaysSince(since: string | undefined | null, nowMs: number): number | null {
  if (!since) return null;
  const t = Date.parse(since);
  return Number.isNaN(t) ? null : Math.max(0, Math.floor((nowMs - t) / DAY_MS));
}

export interface LedgerRecord {
  kind: string;
  id: string;
  step: string;
  updatedAt: string;
  owner?: RecordOwner;
}

export interface RotationLedgerOptions<R extends LedgerRecord, P extends string> {
  kind: R['kind'];
  rotations: RotationStore;
  clock: Clock;
  onProgress?: (point: P, record: R) => Promise<void> | void;
}

/** R: the record kind; P: its progress points (every step is one). */
export class RotationLedger<R extends LedgerRecord, P extends string> {
  constructor(private readonly o: RotationLedgerOptions<R, P>) {}

  nowIso(): string {
    return new Date(this.o.clock.now()).toISOString();
  }

  async progress(point: P, record: R): Promise<void> {
    if (this.o.onProgress) await this.o.onProgress(point, record);
  }

  /** Changes the record under the store's lock; returns its new state. */
  update(record: R, mutate: (r: R) => void): Promise<R> {
    return this.o.rotations.updateOfKind<R>(this.o.kind, record.id, mutate);
  }

  /** Writes the step (and any other change) before the step's call, then reports progress. */
  async step(record: R, step: R['step'] & P, mutate?: (r: R) => void): Promise<R> {
    const updated = await this.update(record, (r) => {
      r.step = step;
      r.updatedAt = this.nowIso();
      mutate?.(r);
    });
    await this.progress(step, updated);
    return updated;
  }

  /** Takes a record over for this run, unless a live run owns it. */
  async claim(record: R): Promise<R | undefined> {
    return this.o.rotations.update((data) => {
      const found = data.rotations.find((x) => x.id === record.id && x.kind === this.o.kind);
      const r = found as unknown as R | undefined;
      if (!r || ownerAlive(r.owner)) return undefined;
      r.owner = currentOwner(this.nowIso());
      return structuredClone(r);
    });
  }

  /** Lets go of the record after a failure, so the next run need not wait for a dead owner. */
  async releaseQuietly(record: R): Promise<void> {
    await this.update(record, (r) => delete r.owner).catch(() => undefined);
  }

  /**
   * Runs `work` on a claimed record, then lets go of it whatever happened, so the next run (or a resume
   * after a partial failure) need not wait for a dead owner. The outcome carries the released record.
   */
  async released<T>(record: R, work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await this.releaseQuietly(record);
      throw error;
    }
    const released = await this.update(record, (r) => delete r.owner);
    const withRecord = result as { record?: R };
    if (withRecord && typeof withRecord === 'object' && withRecord.record?.id === record.id) {
      withRecord.record = released;
    }
    return result;
  }
}
