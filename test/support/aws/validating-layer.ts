// The HTTP layer in front of moto that makes MFA codes and access keys matter the way real STS/IAM do. moto
// implements IAM and STS but accepts any MFA code and any key; the layer authenticates every call, checks the
// request time against its "server clock", injects failures on request, and routes the calls AWS treats
// specially to the layer that knows them:
//   GetSessionToken → session-layer.ts      AssumeRole → role-layer.ts
//   Create/Enable/ResyncMFADevice → mfa-layer.ts
//   CreateAccessKey/DeleteAccessKey/GetAccessKeyLastUsed → key-layer.ts (deleted keys, propagation delay)
// Everything else is forwarded to moto untouched (moto-client.ts). Errors use AWS's codes and messages.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccessKeyLayer } from './key-layer';
import { AWS_MESSAGES } from './messages';
import { MfaDeviceLayer } from './mfa-layer';
import { MotoClient } from './moto-client';
import {
  amzDate,
  errorReply,
  parseAmzDate,
  parseCall,
  readBody,
  xmlEscape,
  xmlValue,
  type IncomingCall,
  type LayerReply,
  type ParsedAuthorization,
} from './query-xml';
import { RoleLayer, type RoleSession } from './role-layer';
import { SessionLayer, type IssuedSession } from './session-layer';

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

/** Who a call is from, as the layer authenticated it. */
export type Caller =
  | { kind: 'user'; accessKeyId: string; userName: string }
  | { kind: 'session'; session: IssuedSession }
  /** A key moto does not know, on an IAM call: the test's administrator. */
  | { kind: 'admin'; accessKeyId: string }
  /** Credentials from AssumeRole (role-layer.ts). */
  | { kind: 'role'; session: RoleSession };

interface FailureRule {
  remaining: number;
  kind: FailureKind;
  onlyAction: string | undefined;
}

/** AWS rejects SigV4 requests whose X-Amz-Date is more than 15 minutes away from its clock. */
const MAX_SIGNATURE_SKEW_MS = 15 * 60 * 1000;

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
  private readonly mfa = new MfaDeviceLayer();
  private readonly sessions = new SessionLayer();
  private readonly moto: MotoClient;

  constructor(motoEndpoint: string) {
    this.moto = new MotoClient(motoEndpoint);
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
    return this.mfa.seedOf(serialNumber);
  }

  /** Session credentials this layer issued through GetSessionToken. */
  sessionFor(accessKeyId: string): IssuedSession | undefined {
    return this.sessions.sessionFor(accessKeyId);
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
      reply = errorReply(call.service, 400, 'Throttling', AWS_MESSAGES.throttling);
    } else if (failure === '5xx') {
      reply = errorReply(
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
        reply = errorReply(
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
    const { service, authorization, action } = call;
    if (!authorization) {
      return errorReply(service, 403, 'MissingAuthenticationToken', AWS_MESSAGES.missingAuthenticationToken);
    }
    const skewError = this.checkRequestTime(call);
    if (skewError) return skewError;

    const caller = await this.authenticate(call, authorization);
    if ('status' in caller) return caller;
    const forward = () => this.forward(call, caller);
    const listMfaSerials = (userName: string) => this.moto.listMfaSerials(userName);
    const serverNow = () => this.serverNow();

    if (service === 'sts' && action === 'GetSessionToken') {
      return this.sessions.getSessionToken(call, caller, {
        serverNow,
        mfa: this.mfa,
        listMfaSerials,
        forward,
      });
    }
    if (service === 'sts' && action === 'AssumeRole') return this.assumeRole(call, caller);
    if (service === 'iam' && action === 'CreateVirtualMFADevice')
      return this.mfa.createVirtualMfaDevice(forward);
    if (service === 'iam' && (action === 'EnableMFADevice' || action === 'ResyncMFADevice')) {
      return this.mfa.enableOrResync(call, { serverNow, forward, listMfaSerials });
    }
    if (service === 'iam') {
      const reply = await this.keys.intercept(action, call.params, forward, this.serverNow().getTime());
      if (reply) return reply;
    }
    return forward();
  }

  private checkRequestTime(call: IncomingCall): LayerReply | undefined {
    const header = call.req.headers['x-amz-date'];
    const requestDate = typeof header === 'string' ? parseAmzDate(header) : undefined;
    if (!this.rejectSkewedRequests || !requestDate) return undefined;
    const now = this.serverNow();
    const nowSeconds = new Date(Math.floor(now.getTime() / 1000) * 1000);
    if (requestDate.getTime() < now.getTime() - MAX_SIGNATURE_SKEW_MS) {
      const limit = new Date(nowSeconds.getTime() - MAX_SIGNATURE_SKEW_MS);
      return errorReply(
        call.service,
        403,
        'SignatureDoesNotMatch',
        `Signature expired: ${amzDate(requestDate)} is now earlier than ${amzDate(limit)} (${amzDate(nowSeconds)} - 15 min.)`,
      );
    }
    if (requestDate.getTime() > now.getTime() + MAX_SIGNATURE_SKEW_MS) {
      const limit = new Date(nowSeconds.getTime() + MAX_SIGNATURE_SKEW_MS);
      return errorReply(
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
      errorReply(call.service, status, code, message),
    );
    if (role) return role;
    const session = this.sessions.authenticate(call, accessKeyId, this.serverNow());
    if (session) return session;
    if (this.keys.refuses(accessKeyId, this.serverNow().getTime())) {
      return errorReply(call.service, 403, 'InvalidClientTokenId', AWS_MESSAGES.invalidClientTokenId);
    }
    const key = await this.moto.lookupAccessKey(accessKeyId);
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
      return errorReply(call.service, 403, 'InvalidClientTokenId', AWS_MESSAGES.invalidClientTokenId);
    }
    return { kind: 'admin', accessKeyId };
  }

  /** The hook for role-layer.ts, with the layer's own means (moto, codes, errors). */
  private assumeRole(call: IncomingCall, caller: Caller): Promise<LayerReply> {
    return this.roles.assumeRole(call.params, caller, {
      serverNow: () => this.serverNow(),
      motoIam: (params) => this.moto.iam(params),
      forward: () => this.forward(call, caller),
      error: (status, code, message) => errorReply(call.service, status, code, message),
      checkMfaCode: async (userName, serialNumber, tokenCode) => {
        if (!(await this.moto.listMfaSerials(userName)).includes(serialNumber)) return false;
        return this.mfa.consumeCode(serialNumber, tokenCode, this.serverNow().getTime());
      },
      xmlValue,
      xmlEscape,
    });
  }

  /** To moto; a session's calls act as its base key, as in AWS (moto knows nothing of our session keys). */
  private forward(call: IncomingCall, caller: Caller): Promise<LayerReply> {
    return this.moto.forward(
      call,
      caller.kind === 'session'
        ? { from: caller.session.accessKeyId, to: caller.session.baseAccessKeyId }
        : undefined,
    );
  }
}
