// Code bookkeeping for tests that enable, resync and log in with the same virtual MFA device: the test layer
// (like AWS) accepts a code only once, and the two codes of EnableMFADevice/ResyncMFADevice must be the
// codes of two consecutive 30-s windows, the second within ±1 window of the server's clock.
import { setTimeout as sleep } from 'node:timers/promises';
import { totpCode, waitForFreshWindow, TOTP_PERIOD_SECONDS } from './aws-test-env';

const PERIOD_MS = TOTP_PERIOD_SECONDS * 1000;

function stepOf(ms: number): number {
  return Math.floor(ms / PERIOD_MS);
}

export class CodeBook {
  private readonly used = new Set<number>();

  constructor(readonly seed: string) {}

  /**
   * The book for a device createUser just enabled: with the codes of the two windows before its "now" (which
   * may be a window ago by now), so those are marked used; the current window's code is still unused, and no
   * test waits for the next window.
   */
  static forNewUser(user: { seed?: string }): CodeBook {
    if (!user.seed) throw new Error('CodeBook.forNewUser: the user has no virtual MFA device');
    const book = new CodeBook(user.seed);
    const step = stepOf(Date.now());
    for (const past of [step - 3, step - 2, step - 1]) book.markCode(book.codeAt(past));
    return book;
  }

  codeAt(step: number): string {
    return totpCode(this.seed, step * PERIOD_MS);
  }

  /** Marks the window(s) whose code this is (near now) as used: for codes the code under test chose. */
  markCode(code: string): void {
    const current = stepOf(Date.now());
    for (let s = current - 3; s <= current + 3; s++) if (this.codeAt(s) === code) this.used.add(s);
  }

  /** Marks the steps around now that app-computed enable codes use (previous and current window). */
  markRecent(): void {
    const current = stepOf(Date.now());
    for (const s of [current - 2, current - 1, current, current + 1]) this.used.add(s);
  }

  /** One unused code the server accepts now, with at least 5 s of the window left. */
  async one(): Promise<string> {
    for (;;) {
      await waitForFreshWindow(5);
      const current = stepOf(Date.now());
      const step = [current, current + 1, current - 1].find((s) => !this.used.has(s));
      if (step !== undefined) {
        this.used.add(step);
        return this.codeAt(step);
      }
      await sleep(PERIOD_MS - (Date.now() % PERIOD_MS) + 50);
    }
  }

  /** Two unused consecutive codes the server accepts now (code1 for window s-1, code2 for s). */
  async pair(): Promise<[string, string]> {
    for (;;) {
      await waitForFreshWindow(5);
      const current = stepOf(Date.now());
      const step = [current, current + 1, current - 1].find(
        (s) => !this.used.has(s - 1) && !this.used.has(s),
      );
      if (step !== undefined) {
        this.used.add(step - 1);
        this.used.add(step);
        return [this.codeAt(step - 1), this.codeAt(step)];
      }
      await sleep(PERIOD_MS - (Date.now() % PERIOD_MS) + 50);
    }
  }

  /** A 6-digit code that is none of the codes the server would accept now. */
  wrong(): string {
    const current = stepOf(Date.now());
    const near = new Set([-2, -1, 0, 1, 2].map((d) => this.codeAt(current + d)));
    for (let n = 123456; ; n = (n + 7919) % 1_000_000) {
      const code = String(n).padStart(6, '0');
      if (!near.has(code)) return code;
    }
  }
}

const booksBySeed = new Map<string, CodeBook>();

/**
 * A code the layer has not seen for this user (made by createUser) yet, with enough of its window left to
 * finish the call: from one CodeBook per device for the whole test file, so codes are never handed out twice.
 */
export function freshCode(user: { seed?: string }): Promise<string> {
  if (!user.seed) throw new Error('freshCode: the user has no virtual MFA device');
  let book = booksBySeed.get(user.seed);
  if (!book) {
    book = CodeBook.forNewUser(user);
    booksBySeed.set(user.seed, book);
  }
  return book.one();
}
