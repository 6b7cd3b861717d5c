// GetSessionToken the way AWS does it, in front of moto: moto accepts any MFA code and hands out the same
// example credentials every time, dated by the real clock. The layer validates the request (AWS's validation
// wording), checks the MFA serial and code, and issues unique session credentials dated by the server clock,
// which it then authenticates (wrong token, expired) on later calls.

import { randomBytes } from 'node:crypto';
import { AWS_MESSAGES } from './messages';
import type { MfaDeviceLayer } from './mfa-layer';
import {
  awsTimestamp,
  checkMember,
  DIGITS_PATTERN,
  errorReply,
  SERIAL_PATTERN,
  validationMessage,
  xmlEscape,
  type IncomingCall,
  type LayerReply,
} from './query-xml';
import type { Caller } from './validating-layer';

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

export interface SessionLayerDeps {
  serverNow(): Date;
  mfa: MfaDeviceLayer;
  listMfaSerials(userName: string): Promise<string[]>;
  /** Forwards the call to moto, as the caller. */
  forward(): Promise<LayerReply>;
}

const DEFAULT_DURATION_SECONDS = 43200;

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

export class SessionLayer {
  private readonly sessions = new Map<string, IssuedSession>();

  /** Session credentials this layer issued through GetSessionToken. */
  sessionFor(accessKeyId: string): IssuedSession | undefined {
    return this.sessions.get(accessKeyId);
  }

  /** A session's caller, an error for a bad or expired one, or undefined when the key is not a session's. */
  authenticate(
    call: IncomingCall,
    accessKeyId: string,
    now: Date,
  ): { kind: 'session'; session: IssuedSession } | LayerReply | undefined {
    const session = this.sessions.get(accessKeyId);
    if (!session) return undefined;
    if (call.req.headers['x-amz-security-token'] !== session.sessionToken) {
      return errorReply(call.service, 403, 'InvalidClientTokenId', AWS_MESSAGES.invalidClientTokenId);
    }
    if (now.getTime() >= session.expiresAt.getTime()) {
      return errorReply(call.service, 403, 'ExpiredToken', AWS_MESSAGES.expiredToken);
    }
    return { kind: 'session', session };
  }

  async getSessionToken(call: IncomingCall, caller: Caller, deps: SessionLayerDeps): Promise<LayerReply> {
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
      return errorReply(service, 400, 'ValidationError', validationMessage(violations));

    if (caller.kind === 'session' || caller.kind === 'role') {
      return errorReply(service, 403, 'AccessDenied', AWS_MESSAGES.sessionCredentialsCannotGetSessionToken);
    }
    const userName = caller.kind === 'user' ? caller.userName : undefined;

    let mfaAuthenticated = false;
    if (serialNumber !== null || tokenCode !== null) {
      const assigned = userName && serialNumber !== null ? await deps.listMfaSerials(userName) : [];
      if (serialNumber === null || !assigned.includes(serialNumber)) {
        return errorReply(service, 403, 'AccessDenied', AWS_MESSAGES.mfaSerialInvalid);
      }
      // AWS answers a replayed code exactly like a wrong one.
      if (!deps.mfa.consumeCode(serialNumber, tokenCode, deps.serverNow().getTime())) {
        return errorReply(service, 403, 'AccessDenied', AWS_MESSAGES.mfaCodeInvalid);
      }
      mfaAuthenticated = true;
    }

    const motoReply = await deps.forward();
    if (motoReply.status !== 200 || caller.kind !== 'user') return motoReply;

    // moto hands out the same example credentials every time and dates them by the real clock; issue
    // unique ones dated by the server clock, and remember them so they can be used (and expire).
    const credentials = newSessionCredentials();
    const durationSeconds = durationParam === null ? DEFAULT_DURATION_SECONDS : Number(durationParam);
    const session: IssuedSession = {
      ...credentials,
      baseAccessKeyId: caller.accessKeyId,
      userName: caller.userName,
      expiresAt: new Date(deps.serverNow().getTime() + durationSeconds * 1000),
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
}
