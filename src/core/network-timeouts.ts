/**
 * Every AWS request is bounded: a server that accepts and never answers (or sends headers, then stalls)
 * must end in a `timeout` error naming the endpoint, never in a silent wait. The limits are configurable
 * through the environment so tests (and people on slow links) can change them.
 */
export interface NetworkTimeouts {
  /** TCP (and TLS) connection set-up, per attempt. */
  connectMs: number;
  /** The whole call, retries included. */
  totalMs: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 30_000;

function positiveMs(value: string | undefined, fallback: number): number {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) && n > 0 ? Math.round(n) : fallback;
}

/** MFA_TRAY_NETWORK_TIMEOUT_MS (total) and MFA_TRAY_CONNECT_TIMEOUT_MS, else 30 s and 10 s. */
export function networkTimeouts(env: NodeJS.ProcessEnv = process.env): NetworkTimeouts {
  const totalMs = positiveMs(env.MFA_TRAY_NETWORK_TIMEOUT_MS, DEFAULT_TOTAL_TIMEOUT_MS);
  const connectMs = Math.min(
    positiveMs(env.MFA_TRAY_CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS),
    totalMs,
  );
  return { connectMs, totalMs };
}

/**
 * The SDK's NodeHttpHandler options: connect timeout, and a per-attempt limit on the request (thrown, not
 * only logged) and on an idle socket. The total bound across retries is an AbortSignal (see abortAfter).
 */
export function requestHandlerOptions(t: NetworkTimeouts): {
  connectionTimeout: number;
  requestTimeout: number;
  socketTimeout: number;
  throwOnRequestTimeout: true;
} {
  return {
    connectionTimeout: t.connectMs,
    requestTimeout: t.totalMs,
    socketTimeout: t.totalMs,
    throwOnRequestTimeout: true,
  };
}

/** True for the errors the SDK and Node raise when a timeout or our abort signal ended the request. */
export function isTimeoutError(error: unknown): boolean {
  const e = error as { name?: string; code?: string; message?: string } | null;
  if (!e) return false;
  return (
    e.name === 'TimeoutError' ||
    e.name === 'AbortError' ||
    e.code === 'ETIMEDOUT' ||
    e.code === 'ABORT_ERR' ||
    /timed? ?out|exceeded the configured/i.test(e.message ?? '')
  );
}
