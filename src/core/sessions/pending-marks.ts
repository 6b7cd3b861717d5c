/**
 * The "pending" mark a multi-step operation (add, remove, login, logout) writes on its profile first, so
 * that the next command can finish or undo what a crashed (killed) process left half done.
 */
import type { Clock } from '../clock';
import type { PendingOperation, Profile, ProfileStore } from '../profiles';

/**
 * No step of a pending operation waits on the network or a person, so one older than this was
 * interrupted even if its pid has since been reused by another process.
 */
const PENDING_STALE_MS = 5 * 60_000;

export class PendingMarks {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly clock: Clock,
  ) {}

  /** The mark of an operation this process starts now. */
  op(op: PendingOperation['op'], scrubFrom?: string): PendingOperation {
    return {
      op,
      pid: process.pid,
      startedAt: new Date(this.clock.now()).toISOString(),
      ...(scrubFrom !== undefined ? { scrubFrom } : {}),
    };
  }

  async mark(name: string, op: PendingOperation['op']): Promise<void> {
    await this.profiles.updateProfile(name, (p) => {
      p.pending = this.op(op);
    });
  }

  async clear(name: string): Promise<void> {
    await this.profiles.updateProfile(name, (p) => {
      delete p.pending;
    });
  }

  /** IAM users' profiles whose operation was left pending by a process that is gone. */
  stale(): Profile[] {
    return this.profiles
      .load()
      .profiles.filter(
        (p): p is Profile => p.kind === 'aws' && !!p.pending && !isLive(p.pending, this.clock.now()),
      );
  }
}

/** Whether the process that started `pending` still runs (then it is in progress, not crashed). */
function isLive(pending: PendingOperation, nowMs: number): boolean {
  if (pending.pid === process.pid) return true;
  if (nowMs - Date.parse(pending.startedAt) > PENDING_STALE_MS) return false;
  try {
    process.kill(pending.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
