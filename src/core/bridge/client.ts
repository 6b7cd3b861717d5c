import fs from 'node:fs';
import net from 'node:net';
import {
  bridgeSocketPath,
  bridgeTimeoutFromEnv,
  encodeMessage,
  isPrivateSocketDir,
  MAX_RESPONSE_BYTES,
  parseResponse,
  type BridgeResponse,
  type SessionRequestReason,
} from './protocol';

export type AskAppRequest =
  | { type: 'session'; name: string; reason: SessionRequestReason }
  | { type: 'code'; name: string }
  | { type: 'ping' };

export interface AskAppOptions {
  /** The overall wait for an answer (the user has to type a code). Default: MFA_TRAY_BRIDGE_TIMEOUT_MS or 120 s. */
  timeoutMs?: number;
  /** How long to try to connect before deciding no app runs. */
  connectTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/** Errors that mean "no app is listening": nothing there, or a socket file left behind by a crash. */
const NO_APP_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'EACCES', 'EPERM', 'ENOTDIR']);

/**
 * Asks the running tray app (through `<home>/run/bridge.sock`) and waits for its answer. Resolves to
 * undefined, quickly, when no app listens, so the caller can fall back to its own way. Every other outcome,
 * the wait running out included, is an answer: `ok: false` with an error a person can read.
 */
export function askApp(
  home: string,
  request: AskAppRequest,
  options: AskAppOptions = {},
): Promise<BridgeResponse | undefined> {
  const socketPath = bridgeSocketPath(home, options.platform);
  const isPipe = (options.platform ?? process.platform) === 'win32';
  // Cheap checks first: most CLI calls happen while no app runs. A socket in a directory others could
  // write to might be someone else's, impersonating the app to hand out credentials: not talked to.
  if (!isPipe && (!fs.existsSync(socketPath) || !isPrivateSocketDir(socketPath)))
    return Promise.resolve(undefined);

  const timeoutMs = options.timeoutMs ?? bridgeTimeoutFromEnv(options.env ?? process.env);
  const connectTimeoutMs = options.connectTimeoutMs ?? 200;
  const wire =
    request.type === 'ping'
      ? encodeMessage({ v: 1, type: 'ping' })
      : request.type === 'code'
        ? encodeMessage({ v: 1, type: 'code', name: request.name, timeoutMs })
        : encodeMessage({ v: 1, type: 'session', name: request.name, reason: request.reason, timeoutMs });

  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    let connected = false;
    let settled = false;
    let received = '';
    const finish = (result: BridgeResponse | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(answerTimer);
      socket.destroy();
      resolve(result);
    };
    const fail = (kind: string, message: string, hint?: string) =>
      finish({ v: 1, ok: false, error: { kind, message, ...(hint ? { hint } : {}) } });

    const connectTimer = setTimeout(() => finish(undefined), connectTimeoutMs);
    const answerTimer = setTimeout(
      () =>
        fail(
          'timeout',
          `The mfa-tray app got no MFA code within ${Math.round(timeoutMs / 1000)} s.`,
          'Enter the code in the mfa-tray popup when it appears, or set MFA_TRAY_BRIDGE_TIMEOUT_MS for a longer wait.',
        ),
      timeoutMs,
    );

    socket.setEncoding('utf8');
    socket.once('connect', () => {
      connected = true;
      clearTimeout(connectTimer);
      socket.write(wire);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected && NO_APP_CODES.has(error.code ?? '')) finish(undefined);
      else fail('internal', 'The connection to the mfa-tray app broke.', 'Try again.');
    });
    socket.on('data', (chunk: string) => {
      received += chunk;
      const newline = received.indexOf('\n');
      if (newline === -1) {
        if (received.length > MAX_RESPONSE_BYTES)
          fail('internal', 'The mfa-tray app answered something unreadable.');
        return;
      }
      const response = parseResponse(received.slice(0, newline));
      if (response) finish(response);
      else
        fail(
          'internal',
          'The mfa-tray app answered something unreadable.',
          'Update mfa-tray so the CLI and the app match.',
        );
    });
    socket.on('close', () => {
      if (!connected) finish(undefined);
      else fail('cancelled', 'The mfa-tray app stopped before it answered.');
    });
  });
}
