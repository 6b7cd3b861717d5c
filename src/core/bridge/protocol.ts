/**
 * The CLI bridge protocol: the CLI asks the running tray app for a session over a user-only local socket.
 * Newline-delimited JSON, one request and one answer per connection, every message versioned.
 *
 *   → {"v":1,"type":"session","name":"dev","reason":"credential-process"}
 *   ← {"v":1,"ok":true,"expiresAt":"…","session":{…}}        (session only for credential-process)
 *   → {"v":1,"type":"code","name":"sora"}      (soracom-cli's profileCommand: the typed code, no login)
 *   ← {"v":1,"ok":true,"code":"123456"}
 *   → {"v":1,"type":"ping"}
 *   ← {"v":1,"ok":true,"pong":true,"app":"0.1.0"}
 *   ← {"v":1,"ok":false,"error":{"kind":"cancelled","message":"…"}}
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MfaTrayError } from '../errors';
import type { SessionCredentials } from '../keychain/secret-store';
import { isProfileName } from '../rules/profile-rules';
import { DEFAULT_PROMPT_TIMEOUT_MS, MAX_PROMPT_TIMEOUT_MS } from '../rules/session-rules';
import type { ErrorDto } from '../../shared/ipc-contract';
import type { Note } from '../../shared/notes';
import { CODE_PATTERN } from '../rules/code-rules';

export const BRIDGE_PROTOCOL_VERSION = 1;
/** A request is a few dozen bytes; anything much longer is not one of ours. */
export const MAX_REQUEST_BYTES = 4096;
/** A session answer carries a ~1 KB token; this bounds what the client buffers. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export type SessionRequestReason = 'credential-process' | 'login';

export interface SessionRequest {
  v: 1;
  type: 'session';
  name: string;
  reason: SessionRequestReason;
  /** How long the caller will wait; the app bounds it too. */
  timeoutMs?: number;
}

export interface PingRequest {
  v: 1;
  type: 'ping';
}

/** The code the user types in the app, handed back without logging in with it. */
export interface CodeRequest {
  v: 1;
  type: 'code';
  name: string;
  timeoutMs?: number;
}

export type BridgeRequest = SessionRequest | PingRequest | CodeRequest;

export interface SessionAnswer {
  v: 1;
  ok: true;
  expiresAt: string;
  /** Only for credential-process: the AWS CLI needs the credentials themselves. */
  session?: SessionCredentials;
  /** The AWS CLI profile the session was delivered to. */
  target?: string;
  warnings?: Note[];
}

export interface PongAnswer {
  v: 1;
  ok: true;
  pong: true;
  app: string;
}

export interface ErrorAnswer {
  v: 1;
  ok: false;
  error: ErrorDto;
}

export interface CodeAnswer {
  v: 1;
  ok: true;
  code: string;
}

export type BridgeResponse = SessionAnswer | PongAnswer | CodeAnswer | ErrorAnswer;

export function encodeMessage(message: BridgeRequest | BridgeResponse): string {
  return JSON.stringify(message) + '\n';
}

/** The request in `line`, or the error to answer with. Never echoes the input (it could be anything). */
export function parseRequest(line: string): BridgeRequest | ErrorDto {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { kind: 'invalid-input', message: 'The request is not JSON.' };
  }
  if (!isRecord(raw)) return { kind: 'invalid-input', message: 'The request is not a JSON object.' };
  if (raw.v !== BRIDGE_PROTOCOL_VERSION) {
    return {
      kind: 'invalid-input',
      message: `Unsupported bridge protocol version; this app speaks version ${BRIDGE_PROTOCOL_VERSION}.`,
      hint: 'Use the mfa-tray command that came with the running app.',
    };
  }
  if (raw.type === 'ping') return { v: 1, type: 'ping' };
  if (raw.type !== 'session' && raw.type !== 'code')
    return { kind: 'invalid-input', message: 'Unknown request type.' };
  if (!isProfileName(raw.name)) {
    return { kind: 'invalid-input', message: 'The request names no valid profile.' };
  }
  if (raw.type === 'code') {
    const timeoutMs = parseTimeout(raw.timeoutMs);
    if (timeoutMs === null)
      return { kind: 'invalid-input', message: 'timeoutMs must be a positive number of milliseconds.' };
    return { v: 1, type: 'code', name: raw.name, ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
  }
  if (raw.reason !== 'credential-process' && raw.reason !== 'login') {
    return { kind: 'invalid-input', message: 'The request has no valid reason.' };
  }
  const request: SessionRequest = { v: 1, type: 'session', name: raw.name, reason: raw.reason };
  if (raw.timeoutMs !== undefined) {
    if (typeof raw.timeoutMs !== 'number' || !Number.isFinite(raw.timeoutMs) || raw.timeoutMs <= 0) {
      return { kind: 'invalid-input', message: 'timeoutMs must be a positive number of milliseconds.' };
    }
    request.timeoutMs = Math.min(raw.timeoutMs, MAX_PROMPT_TIMEOUT_MS);
  }
  return request;
}

/** The answer in `line`, or undefined when it is not a well-formed answer. */
export function parseResponse(line: string): BridgeResponse | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(raw) || raw.v !== BRIDGE_PROTOCOL_VERSION || typeof raw.ok !== 'boolean') return undefined;
  if (raw.ok === false) {
    const error = raw.error;
    if (!isRecord(error) || typeof error.kind !== 'string' || typeof error.message !== 'string')
      return undefined;
    return raw as unknown as ErrorAnswer;
  }
  if (raw.pong === true) return raw as unknown as PongAnswer;
  if (raw.code !== undefined) {
    return typeof raw.code === 'string' && CODE_PATTERN.test(raw.code)
      ? { v: 1, ok: true, code: raw.code }
      : undefined;
  }
  if (typeof raw.expiresAt !== 'string') return undefined;
  if (raw.session !== undefined && !isSessionShape(raw.session)) return undefined;
  return raw as unknown as SessionAnswer;
}

/** Longest safe path for an AF_UNIX socket (sun_path is 104 bytes on macOS, 108 on Linux, with the NUL). */
const MAX_SOCKET_PATH_BYTES = 103;

/**
 * `<home>/run/bridge.sock`; on Windows a named pipe named after the home. A home so deep that the socket
 * path would not fit in sun_path gets a short per-user directory under the temp dir instead.
 */
export function bridgeSocketPath(home: string, platform: NodeJS.Platform = process.platform): string {
  const hash = crypto.createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\mfa-tray-${hash}`;
  const preferred = path.join(bridgeRunDir(home), 'bridge.sock');
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH_BYTES) return preferred;
  return path.join(os.tmpdir(), `mfa-tray-${process.getuid?.() ?? 'user'}`, `${hash}.sock`);
}

export function bridgeRunDir(home: string): string {
  return path.join(path.resolve(home), 'run');
}

/**
 * Makes the socket's directory exist, be a real directory (not a symlink), belong to this user and be
 * 0700 — even if it existed before — so only this user can reach the socket. Throws otherwise.
 */
export function ensurePrivateSocketDir(socketPath: string): void {
  if (process.platform === 'win32') return;
  const dir = path.dirname(socketPath);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  assertOwnDirectory(dir);
  fs.chmodSync(dir, 0o700);
}

/** For the client: is the socket's directory one only this user can write to? Never creates anything. */
export function isPrivateSocketDir(socketPath: string): boolean {
  if (process.platform === 'win32') return true;
  try {
    const stat = fs.lstatSync(path.dirname(socketPath));
    return stat.isDirectory() && stat.uid === process.getuid?.() && (stat.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

function assertOwnDirectory(dir: string): void {
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory()) {
    throw new MfaTrayError(
      'invalid-input',
      `${dir} is not a directory; mfa-tray will not put its socket there.`,
      {
        path: dir,
        hint: 'Move it away and start mfa-tray again.',
      },
    );
  }
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new MfaTrayError(
      'invalid-input',
      `${dir} belongs to another user; mfa-tray will not put its socket there.`,
      {
        path: dir,
        hint: 'Check who created it, remove it, and start mfa-tray again.',
      },
    );
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSessionShape(v: unknown): v is SessionCredentials {
  return (
    isRecord(v) &&
    typeof v.accessKeyId === 'string' &&
    typeof v.secretAccessKey === 'string' &&
    typeof v.sessionToken === 'string' &&
    typeof v.expiration === 'string'
  );
}

/** A request's timeoutMs: undefined when absent, null when invalid, else bounded. */
function parseTimeout(v: unknown): number | undefined | null {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return null;
  return Math.min(v, MAX_PROMPT_TIMEOUT_MS);
}

/** MFA_TRAY_BRIDGE_TIMEOUT_MS, bounded; the default when unset or not a positive number. */
export function bridgeTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MFA_TRAY_BRIDGE_TIMEOUT_MS;
  const ms = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) return DEFAULT_PROMPT_TIMEOUT_MS;
  return Math.min(ms, MAX_PROMPT_TIMEOUT_MS);
}
