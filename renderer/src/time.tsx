/**
 * The one clock of the renderer: a single interval at the top of the tree refreshes `now`, and every countdown
 * reads it through useNow(). It ticks 4× a second so that each countdown (whose second boundaries fall anywhere
 * within the tick) turns over at most 250 ms late. Date.now() (not performance.now()) so tests can drive it with
 * a fake clock.
 */
const TICK_MS = 250;

import { createContext, use, useEffect, useState, type ReactNode } from 'react';
import type { SessionState } from '../../src/shared/ipc-contract';

const NowContext = createContext<number>(0);

export function NowProvider({ children }: { children: ReactNode }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const id = window.setInterval(tick, TICK_MS);
    // Timers of a hidden window are throttled: catch up at once when the popup shows again.
    document.addEventListener('visibilitychange', tick);
    window.addEventListener('focus', tick);
    return () => {
      window.clearInterval(id);
      document.removeEventListener('visibilitychange', tick);
      window.removeEventListener('focus', tick);
    };
  }, []);
  return <NowContext value={now}>{children}</NowContext>;
}

/** Milliseconds since the epoch, updated every 250 ms. */
export function useNow(): number {
  return use(NowContext);
}

/** Same rule as the core's scheduler: `expiring` during the last `leadSeconds`, `expired` at/after expiry. */
export function liveState(expiresAt: string | null, nowMs: number, leadSeconds: number): SessionState {
  if (!expiresAt) return 'none';
  const expiry = Date.parse(expiresAt);
  if (Number.isNaN(expiry)) return 'none';
  if (nowMs >= expiry) return 'expired';
  if (nowMs >= expiry - leadSeconds * 1000) return 'expiring';
  return 'valid';
}

/** Whole seconds left (rounded up, so it reads 0:00:00 exactly when the session expires). */
export function secondsLeft(expiresAt: string | null, nowMs: number): number {
  if (!expiresAt) return 0;
  const expiry = Date.parse(expiresAt);
  if (Number.isNaN(expiry)) return 0;
  return Math.max(0, Math.ceil((expiry - nowMs) / 1000));
}

/** h:mm:ss (hours are not wrapped: a 36 h session reads 35:59:59). */
export function formatCountdown(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}
