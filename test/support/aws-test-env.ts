// AWS test environment for integration and end-to-end tests: moto (python3 -m moto.server) behind a thin
// HTTP layer of ours that makes MFA codes and access keys matter the way real STS/IAM do. moto implements
// IAM and STS GetSessionToken but accepts any MFA code and any key, so the layer validates those and
// answers with AWS's own error codes/messages; everything else is forwarded to moto untouched.
//
// Both @aws-sdk/client-sts and @aws-sdk/client-iam (3.117x) and the AWS CLI send the AWS Query protocol
// (form-encoded POST, Action=...&Version=...), and expect XML answers, so that is what the layer speaks.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { generateSync, verifySync } from 'otplib';
import { AccessKeyLayer } from './aws/key-layer';
import { RoleLayer, type RoleSession } from './aws/role-layer';

export interface TestUser {
  userName: string;
  arn: string;
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  serialNumber?: string;
  seed?: string /* base32 */;
}

export interface AwsTestEnv {
  /** http://127.0.0.1:PORT of the validating layer; point clients here (AWS_ENDPOINT_URL / --endpoint-url). */
  endpoint: string;
  motoEndpoint: string;
  layer: ValidatingLayer;
  /** Keys moto does not know: accepted for IAM calls as the account's administrator (never for STS). */
  adminCredentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  stop(): Promise<void>;
}

export type FailureKind = 'throttle' | '5xx' | 'network';

export interface LayerRequestLogEntry {
  action: string;
  service: string;
  /** HTTP status answered; 0 when the socket was destroyed without an answer. */
  status: number;
  accessKeyId?: string;
  /** AWS error code of the answer (or 'network'), when it was an error. */
  errorCode?: string;
}

/** Session credentials issued by the layer in place of moto's fixed example ones. */
export interface IssuedSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  baseAccessKeyId: string;
  userName: string;
  expiresAt: Date /* server clock */;
  mfaAuthenticated: boolean;
}

export const TOTP_PERIOD_SECONDS = 30;
const DEFAULT_REGION = 'us-east-1';
const ADMIN_CREDENTIALS = { accessKeyId: 'AKIATESTENVADMIN0000', secretAccessKey: 'test-env-admin-secret' };
const MOTO_START_TIMEOUT_MS = 20_000;
/** AWS rejects SigV4 requests whose X-Amz-Date is more than 15 minutes away from its clock. */
const MAX_SIGNATURE_SKEW_MS = 15 * 60 * 1000;

const NAMESPACES: Record<string, string> = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
};
const SERVICE_BY_API_VERSION: Record<string, string> = { '2011-06-15': 'sts', '2010-05-08': 'iam' };

export const AWS_MESSAGES = {
  invalidClientTokenId: 'The security token included in the request is invalid.',
  expiredToken: 'The security token included in the request is expired',
  mfaSerialInvalid:
    'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
  mfaCodeInvalid: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
  sessionCredentialsCannotGetSessionToken: 'Cannot call GetSessionToken with session credentials',
  invalidAuthenticationCode: 'Authentication code for device is not valid.',
  throttling: 'Rate exceeded',
  serviceUnavailable: 'The request has failed due to a temporary failure of the server.',
  missingAuthenticationToken: 'Request is missing Authentication Token',
} as const;

interface LayerReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  errorCode?: string;
}

interface ParsedAuthorization {
  accessKeyId: string;
  service: string;
}

type Caller =
  | { kind: 'user'; accessKeyId: string; userName: string }
  | { kind: 'session'; session: IssuedSession }
  /** A key moto does not know, on an IAM call: the test's administrator. */
  | { kind: 'admin'; accessKeyId: string }
  /** Credentials from AssumeRole (test/support/aws/role-layer.ts). */
  | { kind: 'role'; session: RoleSession };

interface FailureRule {
  remaining: number;
  kind: FailureKind;
  onlyAction: string | undefined;
}

interface IncomingCall {
  req: http.IncomingMessage;
  body: Buffer;
  params: URLSearchParams;
  action: string;
  service: string;
  authorization: ParsedAuthorization | undefined;
}

/** What a phone shows for the seed at the given time (default now). */
export function totpCode(seedBase32: string, at: Date | number = Date.now()): string {
  const ms = at instanceof Date ? at.getTime() : at;
  return generateSync({ secret: seedBase32, epoch: Math.floor(ms / 1000) });
}

function totpStep(ms: number): number {
  return Math.floor(ms / 1000 / TOTP_PERIOD_SECONDS);
}

function codeForStep(seedBase32: string, step: number): string {
  return generateSync({ secret: seedBase32, epoch: step * TOTP_PERIOD_SECONDS });
}

/**
 * Sleeps until the current 30-s window (of real time + clockOffsetSeconds) has at least minSecondsLeft
 * left, so a code computed now is still current when the layer checks it.
 */
export async function waitForFreshWindow(minSecondsLeft = 5, clockOffsetSeconds = 0): Promise<void> {
  const neededMs = Math.min(Math.max(minSecondsLeft, 0), TOTP_PERIOD_SECONDS - 1) * 1000;
  const periodMs = TOTP_PERIOD_SECONDS * 1000;
  const nowMs = Date.now() + clockOffsetSeconds * 1000;
  const leftMs = periodMs - (((nowMs % periodMs) + periodMs) % periodMs);
  if (leftMs < neededMs) await sleep(leftMs + 50);
}

function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function xmlUnescape(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) =>
    xmlUnescape(m[1] ?? ''),
  );
}

function xmlValue(xml: string, tag: string): string | undefined {
  return xmlValues(xml, tag)[0];
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  // "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts/aws4_request, SignedHeaders=..., Signature=..."
  const m = header ? /Credential=([^/,\s]+)\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(header) : null;
  return m ? { accessKeyId: m[1], service: m[2] } : undefined;
}

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function newSessionCredentials(): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
  return {
    accessKeyId: `ASIA${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(240).toString('base64')}`,
  };
}

function awsTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Coral-style "N validation error(s) detected: ..." message, as AWS words input validation failures. */
function validationMessage(violations: string[]): string {
  const count = violations.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}

function checkMember(
  violations: string[],
  name: string,
  value: string | null,
  rules: { minLength?: number; maxLength?: number; pattern?: { source: string; regex: RegExp } },
): void {
  if (value === null) return;
  const prefix = `Value '${value}' at '${name}' failed to satisfy constraint: Member must`;
  if (rules.minLength !== undefined && value.length < rules.minLength)
    violations.push(`${prefix} have length greater than or equal to ${rules.minLength}`);
  if (rules.maxLength !== undefined && value.length > rules.maxLength)
    violations.push(`${prefix} have length less than or equal to ${rules.maxLength}`);
  if (rules.pattern && !rules.pattern.regex.test(value))
    violations.push(`${prefix} satisfy regular expression pattern: ${rules.pattern.source}`);
}

const DIGITS_PATTERN = { source: '[\\d]*', regex: /^\d*$/ };
const AUTH_CODE_PATTERN = { source: '[\\d]+', regex: /^\d+$/ };
const SERIAL_PATTERN = { source: '[\\w+=/:,.@-]*', regex: /^[\w+=/:,.@-]*$/ };

/** The HTTP layer in front of moto. Its public fields are the knobs tests turn. */
export class ValidatingLayer {
  /** The "AWS server clock" is real time + this offset: codes, Date headers, expirations and SigV4 skew use it. */
  serverClockOffsetSeconds = 0;
  /** Delay before every answer, so a test can look at the client while a call is in flight. */
  holdMs = 0;
  /** Like AWS, answer SignatureDoesNotMatch when X-Amz-Date is more than 15 min off the server clock. */
  rejectSkewedRequests = true;
  /** What reached the layer, in order (the layer's own lookups in moto are not listed). */
  readonly requests: LayerRequestLogEntry[] = [];
  /** Access keys as AWS treats them: deleted ones refused, propagation delay, settable last-used data. */
  readonly keys = new AccessKeyLayer();
  /** AssumeRole with trust policies, MFA conditions and the chaining cap; its log lists every AssumeRole. */
  readonly roles = new RoleLayer();

  private readonly server: http.Server;
  private readonly failureRules: FailureRule[] = [];
  private readonly seedsBySerial = new Map<string, string>();
  private readonly usedStepsBySerial = new Map<string, Set<number>>();
  private readonly sessions = new Map<string, IssuedSession>();
  private readonly motoUrl: URL;

  constructor(motoEndpoint: string) {
    this.motoUrl = new URL(motoEndpoint);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // A bug in the layer must show up as a loud 500 in the test, not as a hung request.
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
        }
        res.end(`aws-test-env layer error: ${String(error)}`);
      });
    });
  }

  get endpoint(): string {
    const address = this.server.address() as AddressInfo | null;
    if (!address) throw new Error('ValidatingLayer is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  serverNow(): Date {
    return new Date(Date.now() + this.serverClockOffsetSeconds * 1000);
  }

  /** The next `count` requests (only those for `onlyAction`, if given) fail the way AWS fails. */
  failNext(count: number, kind: FailureKind, onlyAction?: string): void {
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`failNext count must be >= 1, got ${count}`);
    this.failureRules.push({ remaining: count, kind, onlyAction });
  }

  clearFailures(): void {
    this.failureRules.length = 0;
  }

  /** The base32 seed the layer learned for a virtual MFA device, if it saw the device being created. */
  seedOf(serialNumber: string): string | undefined {
    return this.seedsBySerial.get(serialNumber);
  }

  /** Session credentials this layer issued through GetSessionToken. */
  sessionFor(accessKeyId: string): IssuedSession | undefined {
    return this.sessions.get(accessKeyId);
  }

  private takeFailure(action: string): FailureKind | undefined {
    const rule = this.failureRules.find((r) => r.onlyAction === undefined || r.onlyAction === action);
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.failureRules.splice(this.failureRules.indexOf(rule), 1);
    return rule.kind;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const call = parseCall(req, body);
    const entry: LayerRequestLogEntry = {
      action: call.action,
      service: call.service,
      status: 0,
      ...(call.authorization ? { accessKeyId: call.authorization.accessKeyId } : {}),
    };
    this.requests.push(entry);

    const failure = this.takeFailure(call.action);
    if (failure === 'network') {
      entry.errorCode = 'network';
      if (this.holdMs > 0) await sleep(this.holdMs);
      req.socket.destroy();
      return;
    }
    let reply: LayerReply;
    if (failure === 'throttle') {
      reply = this.error(call.service, 400, 'Throttling', AWS_MESSAGES.throttling);
    } else if (failure === '5xx') {
      reply = this.error(
        call.service,
        503,
        'ServiceUnavailable',
        AWS_MESSAGES.serviceUnavailable,
        'Receiver',
      );
    } else {
      try {
        reply = await this.decide(call);
      } catch (error) {
        reply = this.error(
          call.service,
          500,
          'InternalFailure',
          `aws-test-env: ${String(error)}`,
          'Receiver',
        );
      }
    }
    if (this.holdMs > 0) await sleep(this.holdMs);
    entry.status = reply.status;
    if (reply.errorCode) entry.errorCode = reply.errorCode;
    // The Date header is where clients (the SDK's clock-skew correction, our app) read the server clock.
    res.writeHead(reply.status, {
      ...reply.headers,
      Date: this.serverNow().toUTCString(),
      'Content-Length': String(reply.body.length),
    });
    res.end(reply.body);
  }

  private async decide(call: IncomingCall): Promise<LayerReply> {
    const { service, authorization } = call;
    if (!authorization) {
      return this.error(service, 403, 'MissingAuthenticationToken', AWS_MESSAGES.missingAuthenticationToken);
    }
    const skewError = this.checkRequestTime(call);
    if (skewError) return skewError;

    const caller = await this.authenticate(call, authorization);
    if ('status' in caller) return caller;

    if (service === 'sts' && call.action === 'GetSessionToken') return this.getSessionToken(call, caller);
    if (service === 'sts' && call.action === 'AssumeRole') return this.assumeRole(call, caller);
    if (service === 'iam' && call.action === 'CreateVirtualMFADevice')
      return this.createVirtualMfaDevice(call, caller);
    if (service === 'iam' && (call.action === 'EnableMFADevice' || call.action === 'ResyncMFADevice')) {
      return this.enableOrResyncMfaDevice(call, caller);
    }
    if (service === 'iam') {
      const now = this.serverNow().getTime();
      const reply = await this.keys.intercept(
        call.action,
        call.params,
        () => this.forward(call, caller),
        now,
      );
      if (reply) return reply;
    }
    return this.forward(call, caller);
  }

  private checkRequestTime(call: IncomingCall): LayerReply | undefined {
    const header = call.req.headers['x-amz-date'];
    const requestDate = typeof header === 'string' ? parseAmzDate(header) : undefined;
    if (!this.rejectSkewedRequests || !requestDate) return undefined;
    const now = this.serverNow();
    const nowSeconds = new Date(Math.floor(now.getTime() / 1000) * 1000);
    if (requestDate.getTime() < now.getTime() - MAX_SIGNATURE_SKEW_MS) {
      const limit = new Date(nowSeconds.getTime() - MAX_SIGNATURE_SKEW_MS);
      return this.error(
        call.service,
        403,
        'SignatureDoesNotMatch',
        `Signature expired: ${amzDate(requestDate)} is now earlier than ${amzDate(limit)} (${amzDate(nowSeconds)} - 15 min.)`,
      );
    }
    if (requestDate.getTime() > now.getTime() + MAX_SIGNATURE_SKEW_MS) {
      const limit = new Date(nowSeconds.getTime() + MAX_SIGNATURE_SKEW_MS);
      return this.error(
        call.service,
        403,
        'SignatureDoesNotMatch',
        `Signature not yet current: ${amzDate(requestDate)} is still later than ${amzDate(limit)} (${amzDate(nowSeconds)} + 15 min.)`,
      );
    }
    return undefined;
  }

  private async authenticate(
    call: IncomingCall,
    authorization: ParsedAuthorization,
  ): Promise<Caller | LayerReply> {
    const { accessKeyId } = authorization;
    const token = call.req.headers['x-amz-security-token'];
    const role = this.roles.authenticate(accessKeyId, token, this.serverNow(), (status, code, message) =>
      this.error(call.service, status, code, message),
    );
    if (role) return role;
    const session = this.sessions.get(accessKeyId);
    if (session) {
      const token = call.req.headers['x-amz-security-token'];
      if (token !== session.sessionToken) {
        return this.error(call.service, 403, 'InvalidClientTokenId', AWS_MESSAGES.invalidClientTokenId);
      }
      if (this.serverNow().getTime() >= session.expiresAt.getTime()) {
        return this.error(call.service, 403, 'ExpiredToken', AWS_MESSAGES.expiredToken);
      }
      return { kind: 'session', session };
    }
    if (this.keys.refuses(accessKeyId, this.serverNow().getTime())) {
      return this.error(call.service, 403, 'InvalidClientTokenId', AWS_MESSAGES.invalidClientTokenId);
    }
    const key = await this.lookupAccessKey(accessKeyId);
    if (key?.status === 'Active') {
      this.keys.recordUse(
        accessKeyId,
        call.service,
        call.req.headers.authorization,
        this.serverNow().getTime(),
      );
      return { kind: 'user', accessKeyId, userName: key.userName };
    }
    // Inactive keys are refused everywhere; keys moto has never seen only by STS, so that IAM setup calls
    // from tests can use any made-up administrator key.
    if (key || call.service === 'sts') {
      return this.error(call.service, 403, 'InvalidClientTokenId', AWS_MESSAGES.invalidClientTokenId);
    }
    return { kind: 'admin', accessKeyId };
  }

  private async getSessionToken(call: IncomingCall, caller: Caller): Promise<LayerReply> {
    const { params, service } = call;
    const serialNumber = params.get('SerialNumber');
    const tokenCode = params.get('TokenCode');
    const durationParam = params.get('DurationSeconds');

    const violations: string[] = [];
    if (durationParam !== null) {
      const duration = Number(durationParam);
      const prefix = `Value '${durationParam}' at 'durationSeconds' failed to satisfy constraint: Member must`;
      if (!(duration >= 900)) violations.push(`${prefix} have value greater than or equal to 900`);
      else if (duration > 129600) violations.push(`${prefix} have value less than or equal to 129600`);
    }
    checkMember(violations, 'serialNumber', serialNumber, {
      minLength: 9,
      maxLength: 256,
      pattern: SERIAL_PATTERN,
    });
    checkMember(violations, 'tokenCode', tokenCode, { minLength: 6, maxLength: 6, pattern: DIGITS_PATTERN });
    if (violations.length > 0)
      return this.error(service, 400, 'ValidationError', validationMessage(violations));

    if (caller.kind === 'session' || caller.kind === 'role') {
      return this.error(service, 403, 'AccessDenied', AWS_MESSAGES.sessionCredentialsCannotGetSessionToken);
    }
    const userName = caller.kind === 'user' ? caller.userName : undefined;

    let mfaAuthenticated = false;
    if (serialNumber !== null || tokenCode !== null) {
      const assigned = userName && serialNumber !== null ? await this.listMfaSerials(userName) : [];
      if (serialNumber === null || !assigned.includes(serialNumber)) {
        return this.error(service, 403, 'AccessDenied', AWS_MESSAGES.mfaSerialInvalid);
      }
      const seed = this.seedsBySerial.get(serialNumber);
      const step = seed && tokenCode !== null ? this.matchingStep(seed, tokenCode) : undefined;
      // AWS answers a replayed code exactly like a wrong one.
      if (step === undefined || this.usedSteps(serialNumber).has(step)) {
        return this.error(service, 403, 'AccessDenied', AWS_MESSAGES.mfaCodeInvalid);
      }
      this.usedSteps(serialNumber).add(step);
      mfaAuthenticated = true;
    }

    const motoReply = await this.forward(call, caller);
    if (motoReply.status !== 200 || caller.kind !== 'user') return motoReply;

    // moto hands out the same example credentials every time and dates them by the real clock; issue
    // unique ones dated by the server clock, and remember them so they can be used (and expire).
    const credentials = newSessionCredentials();
    const durationSeconds = durationParam === null ? 43200 : Number(durationParam);
    const session: IssuedSession = {
      ...credentials,
      baseAccessKeyId: caller.accessKeyId,
      userName: caller.userName,
      expiresAt: new Date(this.serverNow().getTime() + durationSeconds * 1000),
      mfaAuthenticated,
    };
    this.sessions.set(session.accessKeyId, session);
    const xml = motoReply.body
      .toString('utf8')
      .replace(/<AccessKeyId>[^<]*<\/AccessKeyId>/, `<AccessKeyId>${session.accessKeyId}</AccessKeyId>`)
      .replace(
        /<SecretAccessKey>[^<]*<\/SecretAccessKey>/,
        `<SecretAccessKey>${xmlEscape(session.secretAccessKey)}</SecretAccessKey>`,
      )
      .replace(
        /<SessionToken>[^<]*<\/SessionToken>/,
        `<SessionToken>${xmlEscape(session.sessionToken)}</SessionToken>`,
      )
      .replace(
        /<Expiration>[^<]*<\/Expiration>/,
        `<Expiration>${awsTimestamp(session.expiresAt)}</Expiration>`,
      );
    return { ...motoReply, body: Buffer.from(xml, 'utf8') };
  }

  /** The hook for test/support/aws/role-layer.ts, with the layer's own means (moto, codes, errors). */
  private assumeRole(call: IncomingCall, caller: Caller): Promise<LayerReply> {
    return this.roles.assumeRole(call.params, caller, {
      serverNow: () => this.serverNow(),
      motoIam: (params) => this.motoIam(params),
      forward: () => this.forward(call, caller),
      error: (status, code, message) => this.error(call.service, status, code, message),
      checkMfaCode: async (userName, serialNumber, tokenCode) => {
        if (!(await this.listMfaSerials(userName)).includes(serialNumber)) return false;
        const seed = this.seedsBySerial.get(serialNumber);
        const step = seed ? this.matchingStep(seed, tokenCode) : undefined;
        if (step === undefined || this.usedSteps(serialNumber).has(step)) return false;
        this.usedSteps(serialNumber).add(step);
        return true;
      },
      xmlValue,
      xmlEscape,
    });
  }

  /** The time step whose code matches, within ±1 window of the server clock. */
  private matchingStep(seedBase32: string, tokenCode: string): number | undefined {
    try {
      const result = verifySync({
        secret: seedBase32,
        token: tokenCode,
        epoch: Math.floor(this.serverNow().getTime() / 1000),
        epochTolerance: TOTP_PERIOD_SECONDS,
      });
      return result.valid && 'timeStep' in result ? result.timeStep : undefined;
    } catch {
      return undefined;
    }
  }

  private usedSteps(serialNumber: string): Set<number> {
    let steps = this.usedStepsBySerial.get(serialNumber);
    if (!steps) {
      steps = new Set();
      this.usedStepsBySerial.set(serialNumber, steps);
    }
    return steps;
  }

  private async createVirtualMfaDevice(call: IncomingCall, caller: Caller): Promise<LayerReply> {
    const reply = await this.forward(call, caller);
    if (reply.status !== 200) return reply;
    const xml = reply.body.toString('utf8');
    const serialNumber = xmlValue(xml, 'SerialNumber');
    const seedBlob = xmlValue(xml, 'Base32StringSeed');
    if (serialNumber && seedBlob) {
      // Like AWS, moto sends the seed as a base64 blob whose bytes are the ASCII base32 string.
      const decoded = Buffer.from(seedBlob, 'base64').toString('ascii');
      const seed = /^[A-Z2-7]+=*$/.test(decoded) ? decoded : seedBlob;
      this.seedsBySerial.set(serialNumber, seed);
      this.usedStepsBySerial.delete(serialNumber);
    }
    return reply;
  }

  private async enableOrResyncMfaDevice(call: IncomingCall, caller: Caller): Promise<LayerReply> {
    const { params, service } = call;
    const serialNumber = params.get('SerialNumber') ?? '';
    const userName = params.get('UserName') ?? '';
    const code1 = params.get('AuthenticationCode1') ?? '';
    const code2 = params.get('AuthenticationCode2') ?? '';

    const violations: string[] = [];
    checkMember(violations, 'authenticationCode1', code1, {
      minLength: 6,
      maxLength: 6,
      pattern: AUTH_CODE_PATTERN,
    });
    checkMember(violations, 'authenticationCode2', code2, {
      minLength: 6,
      maxLength: 6,
      pattern: AUTH_CODE_PATTERN,
    });
    if (violations.length > 0)
      return this.error(service, 400, 'ValidationError', validationMessage(violations));

    const isResync = call.action === 'ResyncMFADevice';
    if (isResync && !(await this.listMfaSerials(userName)).includes(serialNumber)) {
      return this.error(
        service,
        404,
        'NoSuchEntity',
        `MFA Device with serial number ${serialNumber} does not exist.`,
      );
    }
    const seed = this.seedsBySerial.get(serialNumber);
    // A device the layer never saw created (hardware token, or created directly in moto): nothing to check.
    if (!seed && !isResync) return this.forward(call, caller);

    const used = this.usedSteps(serialNumber);
    const current = totpStep(this.serverNow().getTime());
    const secondStep = seed
      ? [current, current - 1, current + 1].find(
          (step) =>
            codeForStep(seed, step - 1) === code1 &&
            codeForStep(seed, step) === code2 &&
            !used.has(step - 1) &&
            !used.has(step),
        )
      : undefined;
    if (secondStep === undefined) {
      return this.error(service, 403, 'InvalidAuthenticationCode', AWS_MESSAGES.invalidAuthenticationCode);
    }
    used.add(secondStep - 1);
    used.add(secondStep);

    if (isResync) {
      // moto has no ResyncMFADevice; answer the empty success AWS sends.
      const requestId = randomUUID();
      const xml =
        `<ResyncMFADeviceResponse xmlns="${NAMESPACES.iam}"><ResponseMetadata><RequestId>${requestId}` +
        `</RequestId></ResponseMetadata></ResyncMFADeviceResponse>`;
      return {
        status: 200,
        headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
        body: Buffer.from(xml),
      };
    }
    const reply = await this.forward(call, caller);
    if (reply.status !== 200) {
      // The device was not enabled (unknown user, already assigned...): the codes were not consumed.
      used.delete(secondStep - 1);
      used.delete(secondStep);
    }
    return reply;
  }

  /** Forwards the call to moto unchanged, except that session keys are swapped for their base key. */
  private async forward(call: IncomingCall, caller: Caller | undefined): Promise<LayerReply> {
    const headers: http.OutgoingHttpHeaders = { ...call.req.headers };
    delete headers.connection;
    delete headers['keep-alive'];
    delete headers['transfer-encoding'];
    headers.host = this.motoUrl.host;
    headers['content-length'] = String(call.body.length);
    if (caller?.kind === 'session' && typeof headers.authorization === 'string') {
      // moto knows nothing of our session keys; as the base key, the call acts as the user (as in AWS).
      headers.authorization = headers.authorization.replace(
        `Credential=${caller.session.accessKeyId}/`,
        `Credential=${caller.session.baseAccessKeyId}/`,
      );
      delete headers['x-amz-security-token'];
    }
    const response = await motoRequest(
      this.motoUrl,
      call.req.method ?? 'POST',
      call.req.url ?? '/',
      headers,
      call.body,
    );
    const replyHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      const lower = name.toLowerCase();
      if (
        value === undefined ||
        ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date'].includes(lower)
      )
        continue;
      replyHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const errorCode = response.status >= 400 ? xmlValue(response.body.toString('utf8'), 'Code') : undefined;
    return {
      status: response.status,
      headers: replyHeaders,
      body: response.body,
      ...(errorCode ? { errorCode } : {}),
    };
  }

  /** IAM call straight to moto (it does not check signatures), for the layer's own lookups. */
  private async motoIam(params: Record<string, string>): Promise<{ status: number; xml: string }> {
    const body = Buffer.from(new URLSearchParams({ ...params, Version: '2010-05-08' }).toString());
    const response = await motoRequest(
      this.motoUrl,
      'POST',
      '/',
      {
        host: this.motoUrl.host,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'content-length': String(body.length),
        'x-amz-date': amzDate(new Date()),
        authorization:
          `AWS4-HMAC-SHA256 Credential=${ADMIN_CREDENTIALS.accessKeyId}/${amzDate(new Date()).slice(0, 8)}/` +
          `${DEFAULT_REGION}/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
      },
      body,
    );
    return { status: response.status, xml: response.body.toString('utf8') };
  }

  private async lookupAccessKey(
    accessKeyId: string,
  ): Promise<{ userName: string; status: string } | undefined> {
    const lastUsed = await this.motoIam({ Action: 'GetAccessKeyLastUsed', AccessKeyId: accessKeyId });
    const userName = lastUsed.status === 200 ? xmlValue(lastUsed.xml, 'UserName') : undefined;
    if (!userName) return undefined;
    const keys = await this.motoIam({ Action: 'ListAccessKeys', UserName: userName });
    for (const member of xmlValues(keys.xml, 'member')) {
      if (xmlValue(member, 'AccessKeyId') === accessKeyId) {
        return { userName, status: xmlValue(member, 'Status') ?? 'Active' };
      }
    }
    return undefined;
  }

  private async listMfaSerials(userName: string): Promise<string[]> {
    const devices = await this.motoIam({ Action: 'ListMFADevices', UserName: userName });
    return devices.status === 200 ? xmlValues(devices.xml, 'SerialNumber') : [];
  }

  private error(
    service: string,
    status: number,
    code: string,
    message: string,
    type: 'Sender' | 'Receiver' = 'Sender',
  ): LayerReply {
    const requestId = randomUUID();
    const namespace = NAMESPACES[service] ?? NAMESPACES.sts;
    const xml =
      `<ErrorResponse xmlns="${namespace}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${code}</Code>\n` +
      `    <Message>${xmlEscape(message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
    return {
      status,
      headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
      body: Buffer.from(xml, 'utf8'),
      errorCode: code,
    };
  }
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseCall(req: http.IncomingMessage, body: Buffer): IncomingCall {
  const url = new URL(req.url ?? '/', 'http://layer');
  const params = new URLSearchParams(url.search);
  const contentType = req.headers['content-type'] ?? '';
  if (body.length > 0 && (contentType === '' || contentType.includes('x-www-form-urlencoded'))) {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params.append(name, value);
  }
  // JSON/CBOR protocols name the operation in X-Amz-Target ("Service.Operation"); they are only forwarded.
  const target = req.headers['x-amz-target'];
  const action =
    params.get('Action') ?? (typeof target === 'string' ? target.split('.').pop() : undefined) ?? 'Unknown';
  const authorization = parseAuthorization(req.headers.authorization);
  const service = authorization?.service ?? SERVICE_BY_API_VERSION[params.get('Version') ?? ''] ?? 'sts';
  return { req, body, params, action, service, authorization };
}

function motoRequest(
  motoUrl: URL,
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders,
  body: Buffer,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: motoUrl.hostname, port: motoUrl.port, method, path, headers, agent: false },
      (response) => {
        readBody(response).then(
          (responseBody) =>
            resolve({ status: response.statusCode ?? 502, headers: response.headers, body: responseBody }),
          reject,
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function motoAnswers(motoEndpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(`${motoEndpoint}/moto-api/`, { agent: false, timeout: 1000 }, (response) => {
      response.resume();
      resolve(true);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function startMoto(): Promise<{ motoEndpoint: string; child: ChildProcess }> {
  const port = await freeLoopbackPort();
  const motoEndpoint = `http://127.0.0.1:${port}`;
  const python = process.env.MOTO_PYTHON ?? 'python3';
  // Own process group, so stop() can take down moto together with anything it forks.
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  // moto logs every request to stderr: keep draining it (a full pipe would block moto), keep only the tail.
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-16_000);
  });
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));

  const deadline = Date.now() + MOTO_START_TIMEOUT_MS;
  while (!(await motoAnswers(motoEndpoint))) {
    const exited = child.exitCode !== null || child.signalCode !== null;
    if (spawnError || exited || Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      const why = spawnError
        ? `could not be spawned (${spawnError.message})`
        : exited
          ? `exited (code ${child.exitCode}, signal ${child.signalCode})`
          : `did not answer within ${MOTO_START_TIMEOUT_MS / 1000} s`;
      throw new Error(`moto server (${python} -m moto.server on ${motoEndpoint}) ${why}. stderr:\n${stderr}`);
    }
    await sleep(100);
  }
  // Neither moto nor its stderr pipe should keep a test process alive; the exit hook below kills moto.
  child.unref();
  (child.stderr as net.Socket | null)?.unref();
  return { motoEndpoint, child };
}

export async function startAwsTestEnv(
  options: { serverClockOffsetSeconds?: number } = {},
): Promise<AwsTestEnv> {
  const { motoEndpoint, child } = await startMoto();
  const killOnExit = (): void => killGroup(child, 'SIGKILL');
  process.on('exit', killOnExit);

  const layer = new ValidatingLayer(motoEndpoint);
  layer.serverClockOffsetSeconds = options.serverClockOffsetSeconds ?? 0;
  try {
    await layer.listen();
  } catch (error) {
    killOnExit();
    process.off('exit', killOnExit);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await layer.close();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        // moto is unref'd so a forgotten env never holds a test process open; while we wait for it to
        // exit, it must hold the event loop, or a test file ending here sees a promise that never settles.
        child.ref();
        killGroup(child, 'SIGTERM');
        // Unref'd: the grace timer must not keep the test process alive once moto is gone.
        const grace = sleep(5000, 'timeout', { ref: false });
        const result = await Promise.race([exited.then(() => 'exited'), grace]);
        if (result === 'timeout') {
          killGroup(child, 'SIGKILL');
          await exited;
        }
      }
      process.off('exit', killOnExit);
    })();
    return stopping;
  };

  return {
    endpoint: layer.endpoint,
    motoEndpoint,
    layer,
    adminCredentials: { ...ADMIN_CREDENTIALS },
    region: DEFAULT_REGION,
    stop,
  };
}

/** An IAM client for test setup, acting as the account's administrator through the layer. */
export function adminIamClient(env: AwsTestEnv): IAMClient {
  // A copy: the SDK tags the credentials object it is given.
  return new IAMClient({
    region: env.region,
    endpoint: env.endpoint,
    credentials: { ...env.adminCredentials },
  });
}

/**
 * CreateUser + CreateAccessKey; with MFA (default) also CreateVirtualMFADevice + EnableMFADevice, enabled with
 * the codes of the two windows BEFORE the current one, so the current code is still unused for the test.
 */
export async function createUser(
  env: AwsTestEnv,
  userName: string,
  options: { withMfa?: boolean } = {},
): Promise<TestUser> {
  const iam = adminIamClient(env);
  try {
    const { User } = await iam.send(new CreateUserCommand({ UserName: userName }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    if (!User?.Arn || !AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey) {
      throw new Error(`incomplete CreateUser/CreateAccessKey answer for ${userName}`);
    }
    const user: TestUser = {
      userName,
      arn: User.Arn,
      accountId: User.Arn.split(':')[4] ?? '',
      accessKeyId: AccessKey.AccessKeyId,
      secretAccessKey: AccessKey.SecretAccessKey,
    };
    if (options.withMfa === false) return user;

    const { VirtualMFADevice } = await iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: userName }),
    );
    if (!VirtualMFADevice?.SerialNumber || !VirtualMFADevice.Base32StringSeed) {
      throw new Error(`incomplete CreateVirtualMFADevice answer for ${userName}`);
    }
    const seed = Buffer.from(VirtualMFADevice.Base32StringSeed).toString('ascii');
    // Both codes must still be within the server's ±1 window when the layer checks them.
    await waitForFreshWindow(3, env.layer.serverClockOffsetSeconds);
    const current = totpStep(env.layer.serverNow().getTime());
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: userName,
        SerialNumber: VirtualMFADevice.SerialNumber,
        AuthenticationCode1: codeForStep(seed, current - 2),
        AuthenticationCode2: codeForStep(seed, current - 1),
      }),
    );
    return { ...user, serialNumber: VirtualMFADevice.SerialNumber, seed };
  } finally {
    iam.destroy();
  }
}
