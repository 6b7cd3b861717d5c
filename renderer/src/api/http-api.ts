/**
 * MfaTrayApi over HTTP, for a page served by the dev host in a normal browser (development and the Chromium
 * end-to-end tests). Not part of the production bundle: the dev host serves this file (transpiled) as its
 * own script that sets `window.mfaTray` before the app starts, and `npm run dev:renderer` adds
 * ./dev-install.ts to the page. So it imports types only, and is given the channel list. The protocol,
 * mirrored by the dev host:
 *
 *   request channel C   POST /api/<C>  body {"args": [...]}  →  200 with the JSON Result of the contract
 *   events              GET /api/events (Server-Sent Events), each message {"event": <EventChannel>, "payload": …}
 */
import type {
  ErrorDto,
  EventChannel,
  EventChannels,
  MfaTrayApi,
  RequestChannel,
  Result,
} from '../../../src/shared/ipc-contract';

type Listener = (payload: unknown) => void;

function failure(message: string): { ok: false; error: ErrorDto } {
  return { ok: false, error: { kind: 'internal', message } };
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const r = value as { ok: unknown; error?: unknown };
  return r.ok === true || (r.ok === false && typeof r.error === 'object' && r.error !== null);
}

export function createHttpApi(channels: readonly RequestChannel[], base = '/api'): MfaTrayApi {
  async function request(channel: RequestChannel, args: unknown[]): Promise<Result<unknown>> {
    let response: Response;
    try {
      response = await fetch(`${base}/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
      });
    } catch (error) {
      return failure(`Could not reach the mfa-tray dev host: ${String(error)}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return failure(`The dev host answered ${channel} with HTTP ${response.status} and no JSON.`);
    }
    return isResult(body) ? body : failure(`The dev host answered ${channel} with HTTP ${response.status}.`);
  }

  const listeners = new Map<EventChannel, Set<Listener>>();
  let source: EventSource | null = null;

  let retry: number | undefined;

  function connect(): void {
    if (source) return;
    source = new EventSource(`${base}/events`);
    // EventSource retries by itself after a dropped connection, but gives up for good on an HTTP error
    // (e.g. while the dev host restarts): then start over a little later.
    source.onerror = () => {
      if (source?.readyState !== EventSource.CLOSED) return;
      source = null;
      window.clearTimeout(retry);
      retry = window.setTimeout(() => {
        if (hasListeners()) connect();
      }, 2000);
    };
    source.onmessage = (message: MessageEvent<string>) => {
      let data: { event?: unknown; payload?: unknown };
      try {
        data = JSON.parse(message.data) as { event?: unknown; payload?: unknown };
      } catch {
        return;
      }
      const set = listeners.get(data.event as EventChannel);
      if (!set) return;
      for (const listener of [...set]) listener(data.payload);
    };
  }

  function hasListeners(): boolean {
    for (const set of listeners.values()) if (set.size > 0) return true;
    return false;
  }

  function disconnectIfIdle(): void {
    if (hasListeners()) return;
    window.clearTimeout(retry);
    source?.close();
    source = null;
  }

  const api: Record<string, unknown> = {
    on<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as Listener;
      set.add(l);
      connect();
      return () => {
        set.delete(l);
        disconnectIfIdle();
      };
    },
  };
  for (const channel of channels) {
    api[channel] = (...args: unknown[]) => request(channel, args);
  }
  return api as unknown as MfaTrayApi;
}
