// AssumeRole the way AWS does it, in front of moto (which assumes any role for anyone): the role must exist
// and its trust policy must allow the caller, with its conditions — aws:MultiFactorAuthPresent and
// sts:ExternalId — honoured; a role may not be asked for longer than its MaxSessionDuration, nor for more
// than 1 hour by a caller using session credentials (role chaining). Denials use AWS's wording. The layer
// (validating-layer.ts) calls in through three hooks: authenticate, assumeRole, and the Caller it passes on.

import type * as http from 'node:http';

/** Role credentials issued through the layer (moto's own keys, remembered with their MFA context). */
export interface RoleSession {
  accessKeyId: string;
  sessionToken: string;
  roleArn: string;
  expiresAt: Date /* server clock */;
  mfaAuthenticated: boolean;
}

/** Who is calling AssumeRole, as the layer authenticated them. */
export type RoleCaller =
  | { kind: 'user'; accessKeyId: string; userName: string }
  | { kind: 'session'; session: { userName: string; mfaAuthenticated: boolean } }
  | { kind: 'role'; session: RoleSession }
  | { kind: 'admin'; accessKeyId: string };

export interface RoleLayerReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  errorCode?: string;
}

export interface AssumeRoleLogEntry {
  roleArn: string;
  caller: RoleCaller['kind'];
  /** Whether the request had MFA context (a session with MFA, or a code in the request). */
  mfa: boolean;
  durationSeconds: number;
  externalId?: string;
  /** 'ok', or the AWS error code answered. */
  outcome: string;
}

export const ROLE_MESSAGES = {
  chainingCap:
    'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
  maxSessionDuration: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
  notAuthorized: (principal: string, roleArn: string) =>
    `User: ${principal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
} as const;

export interface RoleLayerDeps {
  serverNow(): Date;
  /** IAM call straight to moto, as the account's administrator. */
  motoIam(params: Record<string, string>): Promise<{ status: number; xml: string }>;
  /** Forwards the call to moto (with the caller's identity), as the layer does for everything else. */
  forward(): Promise<RoleLayerReply>;
  error(status: number, code: string, message: string): RoleLayerReply;
  /** Checks (and consumes) an MFA code of the user's device; false if wrong, reused or not the user's. */
  checkMfaCode(userName: string, serialNumber: string, tokenCode: string): Promise<boolean>;
  xmlValue(xml: string, tag: string): string | undefined;
  xmlEscape(text: string): string;
}

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Principal?: string | { AWS?: string | string[] };
  Condition?: Record<string, Record<string, string | string[]>>;
}

export class RoleLayer {
  /** Role credentials the layer handed out, by access key id. */
  readonly sessions = new Map<string, RoleSession>();
  /** Every AssumeRole that reached the layer, in order. */
  readonly log: AssumeRoleLogEntry[] = [];

  /** A role session's caller, an error for a bad or expired one, or undefined when the key is not a role's. */
  authenticate(
    accessKeyId: string,
    token: string | string[] | undefined,
    now: Date,
    error: (status: number, code: string, message: string) => RoleLayerReply,
  ): { kind: 'role'; session: RoleSession } | RoleLayerReply | undefined {
    const session = this.sessions.get(accessKeyId);
    if (!session) return undefined;
    if (token !== session.sessionToken) {
      return error(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    }
    if (now.getTime() >= session.expiresAt.getTime()) {
      return error(403, 'ExpiredToken', 'The security token included in the request is expired');
    }
    return { kind: 'role', session };
  }

  async assumeRole(
    params: URLSearchParams,
    caller: RoleCaller,
    deps: RoleLayerDeps,
  ): Promise<RoleLayerReply> {
    const roleArn = params.get('RoleArn') ?? '';
    const durationSeconds = Number(params.get('DurationSeconds') ?? 3600);
    const externalId = params.get('ExternalId') ?? undefined;
    const serialNumber = params.get('SerialNumber');
    const tokenCode = params.get('TokenCode');
    const entry: AssumeRoleLogEntry = {
      roleArn,
      caller: caller.kind,
      mfa: false,
      durationSeconds,
      ...(externalId !== undefined ? { externalId } : {}),
      outcome: 'ok',
    };
    this.log.push(entry);
    const fail = (reply: RoleLayerReply): RoleLayerReply => {
      entry.outcome = reply.errorCode ?? String(reply.status);
      return reply;
    };

    if (caller.kind === 'admin') {
      return fail(
        deps.error(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'),
      );
    }
    const userName =
      caller.kind === 'user'
        ? caller.userName
        : caller.kind === 'session'
          ? caller.session.userName
          : undefined;
    let mfa = caller.kind === 'session' || caller.kind === 'role' ? caller.session.mfaAuthenticated : false;
    if (serialNumber !== null || tokenCode !== null) {
      if (
        !userName ||
        serialNumber === null ||
        tokenCode === null ||
        !(await deps.checkMfaCode(userName, serialNumber, tokenCode))
      ) {
        return fail(
          deps.error(
            403,
            'AccessDenied',
            'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
          ),
        );
      }
      mfa = true;
    }
    entry.mfa = mfa;

    // Session credentials of any kind may assume a role for 1 hour at most.
    if ((caller.kind === 'session' || caller.kind === 'role') && durationSeconds > 3600) {
      return fail(deps.error(400, 'ValidationError', ROLE_MESSAGES.chainingCap));
    }

    const principal = await this.principalArn(caller, deps);
    const denied = () =>
      fail(deps.error(403, 'AccessDenied', ROLE_MESSAGES.notAuthorized(principal.display, roleArn)));
    const roleName = roleArn.match(/^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]+)$/)?.[1];
    if (!roleName) return denied();
    const role = await deps.motoIam({ Action: 'GetRole', RoleName: roleName });
    if (role.status !== 200 || deps.xmlValue(role.xml, 'Arn') !== roleArn) return denied();
    const policy = parsePolicy(deps.xmlValue(role.xml, 'AssumeRolePolicyDocument') ?? '');
    const allowed = policy.some((s) => this.allows(s, principal, { mfa, externalId }));
    if (!allowed) return denied();
    const maxSession = Number(deps.xmlValue(role.xml, 'MaxSessionDuration') ?? 3600);
    if (durationSeconds > maxSession)
      return fail(deps.error(400, 'ValidationError', ROLE_MESSAGES.maxSessionDuration));

    const reply = await deps.forward();
    if (reply.status !== 200) return fail(reply);
    const xml = reply.body.toString('utf8');
    const accessKeyId = deps.xmlValue(xml, 'AccessKeyId');
    const sessionToken = deps.xmlValue(xml, 'SessionToken');
    if (!accessKeyId || !sessionToken)
      return fail(deps.error(500, 'InternalFailure', 'moto gave no credentials'));
    const expiresAt = new Date(deps.serverNow().getTime() + durationSeconds * 1000);
    this.sessions.set(accessKeyId, { accessKeyId, sessionToken, roleArn, expiresAt, mfaAuthenticated: mfa });
    const body = xml.replace(
      /<Expiration>[^<]*<\/Expiration>/,
      `<Expiration>${expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}</Expiration>`,
    );
    return { ...reply, body: Buffer.from(body, 'utf8') };
  }

  private async principalArn(
    caller: Exclude<RoleCaller, { kind: 'admin' }>,
    deps: RoleLayerDeps,
  ): Promise<{ display: string; arns: string[]; account: string }> {
    if (caller.kind === 'role') {
      const [, partition, , , account, rest] = caller.session.roleArn.split(':');
      const name = rest?.split('/').pop() ?? '';
      return {
        display: `arn:${partition}:sts::${account}:assumed-role/${name}/session`,
        arns: [caller.session.roleArn],
        account: account ?? '',
      };
    }
    const userName = caller.kind === 'user' ? caller.userName : caller.session.userName;
    const user = await deps.motoIam({ Action: 'GetUser', UserName: userName });
    const arn = deps.xmlValue(user.xml, 'Arn') ?? `arn:aws:iam::123456789012:user/${userName}`;
    return { display: arn, arns: [arn], account: arn.split(':')[4] ?? '' };
  }

  private allows(
    statement: Statement,
    principal: { arns: string[]; account: string },
    context: { mfa: boolean; externalId: string | undefined },
  ): boolean {
    if (statement.Effect !== 'Allow') return false;
    const actions = list(statement.Action);
    if (!actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')) return false;
    const principals =
      typeof statement.Principal === 'string' ? [statement.Principal] : list(statement.Principal?.AWS);
    const trusted = principals.some(
      (p) =>
        p === '*' ||
        p === principal.account ||
        p === `arn:aws:iam::${principal.account}:root` ||
        principal.arns.includes(p),
    );
    if (!trusted) return false;
    for (const [operator, conditions] of Object.entries(statement.Condition ?? {})) {
      for (const [key, expected] of Object.entries(conditions)) {
        const values = list(expected);
        const k = key.toLowerCase();
        if (k === 'aws:multifactorauthpresent') {
          // BoolIfExists passes when the key is absent, i.e. for long-term keys without MFA — as in AWS.
          const actual = context.mfa ? 'true' : operator === 'BoolIfExists' ? undefined : 'false';
          if (actual !== undefined && !values.includes(actual)) return false;
        } else if (k === 'sts:externalid') {
          if (context.externalId === undefined || !values.includes(context.externalId)) return false;
        } else if (k === 'aws:multifactorauthage') {
          if (!context.mfa) return false;
        } else {
          // A condition this layer does not know: refuse, so a test cannot pass by accident.
          return false;
        }
      }
    }
    return true;
  }
}

function list(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function parsePolicy(raw: string): Statement[] {
  let text = raw;
  if (/^%7B/i.test(text.trim())) text = decodeURIComponent(text);
  try {
    const doc = JSON.parse(text) as { Statement?: Statement | Statement[] };
    return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return [];
  }
}

/** The x-amz-security-token of a request. */
export function securityToken(req: http.IncomingMessage): string | string[] | undefined {
  return req.headers['x-amz-security-token'];
}
