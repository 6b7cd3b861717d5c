import fs from 'node:fs';
import net from 'node:net';
import type { MfaTrayCore } from '../mfa-tray-core';
import type { PromptCoordinator } from '../prompts';
import { toErrorDto } from '../errors';
import {
  bridgeSocketPath,
  encodeMessage,
  ensurePrivateSocketDir,
  MAX_REQUEST_BYTES,
  parseRequest,
  type BridgeResponse,
  type CodeRequest,
  type SessionRequest,
} from './protocol';
import { MIN_SESSION_VALIDITY_MS } from '../rules/session-rules';

export interface BridgeServerOptions {
  /** MFA_TRAY_HOME: the socket lives in its run/ directory. */
  home: string;
  core: Pick<MfaTrayCore, 'cachedSession' | 'profileStatus'>;
  prompts: Pick<PromptCoordinator, 'request'> & Partial<Pick<PromptCoordinator, 'requestCode'>>;
  /** The app's version, for ping. */
  version: string;
  /** How long a connection may take to send its request line. */
  requestReadTimeoutMs?: number;
  platform?: NodeJS.Platform;
}

/** Another app instance already answers on the socket: this one must not take it over. */
export class BridgeInUseError extends Error {
  override readonly name = 'BridgeInUseError';
  constructor(readonly socketPath: string) {
    super(`Another mfa-tray app is already listening on ${socketPath}.`);
  }
}

/**
 * The running app's end of the CLI bridge. A CLI call that needs a session connects, the app prompts the
 * user (coalesced per profile by the PromptCoordinator) and answers once a code was entered. Nothing about
 * requests or sessions is logged: the answer may hold credentials.
 */
export class BridgeServer {
  readonly socketPath: string;
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly options: BridgeServerOptions) {
    this.socketPath = bridgeSocketPath(options.home, options.platform);
  }

  async start(): Promise<string> {
    if (this.server) return this.socketPath;
    const isPipe = (this.options.platform ?? process.platform) === 'win32';
    if (!isPipe) {
      ensurePrivateSocketDir(this.socketPath);
      await this.removeStaleSocket();
    }
    const server = net.createServer((socket) => this.handleConnection(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'EADDRINUSE' ? new BridgeInUseError(this.socketPath) : error);
      });
      server.listen(this.socketPath, () => resolve());
    });
    // The 0700 directory already keeps others out; a 0600 socket says the same on its own.
    if (!isPipe) fs.chmodSync(this.socketPath, 0o600);
    server.on('error', () => {
      // After listening, a server error (e.g. EMFILE on accept) must not crash the app; connections retry.
    });
    this.server = server;
    return this.socketPath;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Deletes a socket file nobody answers on (left by a crash); refuses to if an app is listening. */
  private async removeStaleSocket(): Promise<void> {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(this.socketPath);
    } catch {
      return;
    }
    if (stat.isDirectory()) throw new Error(`${this.socketPath} is a directory, not a socket.`);
    if (stat.isSocket() && (await answers(this.socketPath))) throw new BridgeInUseError(this.socketPath);
    fs.unlinkSync(this.socketPath);
  }

  private handleConnection(socket: net.Socket): void {
    this.sockets.add(socket);
    // Set once the client hung up: its waiter leaves the prompt.
    const hangUp = new AbortController();
    let buffered = '';
    let answered = false;

    const answer = (response: BridgeResponse) => {
      if (answered) return;
      answered = true;
      socket.setTimeout(0);
      if (!socket.destroyed) socket.end(encodeMessage(response));
    };

    socket.setEncoding('utf8');
    socket.setTimeout(this.options.requestReadTimeoutMs ?? 5_000, () => {
      if (!answered)
        answer({ v: 1, ok: false, error: { kind: 'timeout', message: 'No request arrived in time.' } });
      socket.destroy();
    });
    socket.on('error', () => {
      // EPIPE / ECONNRESET when a client leaves: 'close' follows and cleans up.
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      hangUp.abort();
    });
    socket.on('end', () => {
      // A client that half-closes after its request still gets its answer; one that never sent one is done.
      if (!answered && !buffered.includes('\n')) socket.destroy();
    });
    socket.on('data', (chunk: string) => {
      if (answered || buffered.includes('\n')) return;
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline === -1) {
        if (Buffer.byteLength(buffered) > MAX_REQUEST_BYTES) {
          answer({ v: 1, ok: false, error: { kind: 'invalid-input', message: 'The request is too long.' } });
        }
        return;
      }
      const line = buffered.slice(0, newline);
      if (Buffer.byteLength(line) > MAX_REQUEST_BYTES) {
        answer({ v: 1, ok: false, error: { kind: 'invalid-input', message: 'The request is too long.' } });
        return;
      }
      // The request is complete; waiting on the user may take minutes, which is not an idle client.
      socket.setTimeout(0);
      this.respond(line, hangUp.signal).then(answer, (error: unknown) => {
        answer({ v: 1, ok: false, error: toErrorDto(error) });
      });
    });
  }

  private async respond(line: string, hangUp: AbortSignal): Promise<BridgeResponse> {
    const request = parseRequest(line);
    if (!('v' in request)) return { v: 1, ok: false, error: request };
    if (request.type === 'ping') return { v: 1, ok: true, pong: true, app: this.options.version };
    if (request.type === 'code') return this.code(request, hangUp);
    return this.session(request, hangUp);
  }

  /** The code the user types, for a caller that sends it to the provider itself (never logs in). */
  private async code(request: CodeRequest, hangUp: AbortSignal): Promise<BridgeResponse> {
    const requestCode = this.options.prompts.requestCode;
    if (!requestCode) {
      return {
        v: 1,
        ok: false,
        error: { kind: 'invalid-input', message: 'This mfa-tray app cannot hand out codes.' },
      };
    }
    const code = await requestCode.call(this.options.prompts, request.name, {
      signal: hangUp,
      ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
    });
    return { v: 1, ok: true, code };
  }

  private async session(request: SessionRequest, hangUp: AbortSignal): Promise<BridgeResponse> {
    const { core, prompts } = this.options;
    const wantsCredentials = request.reason === 'credential-process';
    if (wantsCredentials) {
      const cached = await core.cachedSession(request.name, MIN_SESSION_VALIDITY_MS);
      if (cached) return { v: 1, ok: true, expiresAt: cached.expiration, session: cached };
    }
    // `login` always asks: the person typed it to get a fresh session.
    const login = await prompts.request(request.name, 'cli', {
      signal: hangUp,
      ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
    });
    const answer: BridgeResponse = {
      v: 1,
      ok: true,
      expiresAt: login.expiresAt,
      target: login.profile.target,
      warnings: login.warnings,
    };
    if (wantsCredentials) {
      const session = await core.cachedSession(request.name);
      if (!session) {
        return {
          v: 1,
          ok: false,
          error: {
            kind: 'no-session',
            message: 'The session was stored but cannot be read back from the keychain.',
          },
        };
      }
      answer.session = session;
    }
    return answer;
  }
}

/** Whether something accepts connections on the socket (another app instance). */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    const done = (result: boolean) => {
      probe.destroy();
      resolve(result);
    };
    probe.setTimeout(500, () => done(false));
    probe.once('connect', () => done(true));
    probe.once('error', () => done(false));
  });
}
