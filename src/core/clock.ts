/** Time, injectable: the real one in the app and CLI, a fake one in tests. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending refresh timer must not keep a CLI process alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Test hook: MFA_TRAY_TEST_CLOCK_OFFSET_MS moves "now" (not timers) by that many milliseconds, so an
 * end-to-end test can be eight days later for `rotate --finish` without waiting. Unset: the system clock.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const offset = Number(env.MFA_TRAY_TEST_CLOCK_OFFSET_MS ?? '0');
  if (!Number.isFinite(offset) || offset === 0) return systemClock;
  return { ...systemClock, now: () => Date.now() + offset };
}
