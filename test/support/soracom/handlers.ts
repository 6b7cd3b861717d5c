// The SORACOM emulator's operations, by operationId. Requests reach them already checked against the spec
// (body, parameters) and, where the spec asks for it, authenticated (ctx.caller).
import { wireError, type ErrorName, type Lang } from './messages';
import {
  credentialKey,
  publicCredentials,
  publicGroup,
  type EmulatorState,
  type IssuedToken,
  type MfaState,
} from './state';
import { newSeed, type TotpChecker } from './totp';

export interface HandlerContext {
  state: EmulatorState;
  totp: TotpChecker;
  now: () => number;
  lang: Lang;
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: unknown;
  /** The token of an authenticated call. */
  caller?: IssuedToken;
  /** Why a request was refused, for the request log (the wire answer stays as SORACOM's). */
  note(text: string): void;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: HandlerContext) => Reply;

const MIN_TIMEOUT = 180;
const DEFAULT_TIMEOUT = 86_400;

function fail(ctx: HandlerContext, status: number, name: ErrorName, detail = ''): Reply {
  return { status, body: wireError(name, ctx.lang, detail) };
}

type AuthBody = {
  email?: string;
  password?: string;
  operatorId?: string;
  userName?: string;
  authKeyId?: string;
  authKey?: string;
  mfaOTPCode?: string;
  tokenTimeoutSeconds?: number;
};

function checkMfa(
  ctx: HandlerContext,
  mfa: MfaState,
  code: string | undefined,
  backupCodes?: string[],
): Reply | undefined {
  if (mfa.status !== 'ACTIVE' || !mfa.seed) return undefined;
  if (code === undefined || code === '') {
    ctx.note('mfa-code-missing');
    return fail(ctx, 401, 'mfaCodeRequired');
  }
  const result = ctx.totp.check(mfa.seed, code, ctx.now());
  if (result === 'ok') return undefined;
  const backup = backupCodes?.indexOf(code) ?? -1;
  if (result === 'wrong' && backupCodes && backup >= 0) {
    backupCodes.splice(backup, 1);
    ctx.note('backup-code-used');
    return undefined;
  }
  ctx.note(result === 'reused' ? 'mfa-code-reused' : 'mfa-code-wrong');
  return fail(ctx, 401, 'invalidMfaCode');
}

const auth: Handler = (ctx) => {
  const b = (ctx.body ?? {}) as AuthBody;
  const timeout = b.tokenTimeoutSeconds ?? DEFAULT_TIMEOUT;
  if (timeout < MIN_TIMEOUT) return fail(ctx, 400, 'tokenTimeoutOutOfRange');
  let principal: { operatorId: string; userName?: string };
  if (b.authKeyId !== undefined || b.authKey !== undefined) {
    const key = b.authKeyId !== undefined ? ctx.state.authKeys.get(b.authKeyId) : undefined;
    if (!key || key.authKey !== b.authKey) {
      ctx.note('authkey-wrong');
      return fail(ctx, 401, 'invalidCredentials');
    }
    // MFA does not apply to AuthKeys.
    principal = {
      operatorId: key.operatorId,
      ...(key.userName !== undefined ? { userName: key.userName } : {}),
    };
  } else if (b.email !== undefined) {
    const operator = ctx.state.operatorByEmail(b.email);
    if (!operator || operator.password !== b.password) {
      ctx.note('password-wrong');
      return fail(ctx, 401, 'invalidCredentials');
    }
    const refused = checkMfa(ctx, operator.mfa, b.mfaOTPCode, operator.backupCodes);
    if (refused) return refused;
    principal = { operatorId: operator.operatorId };
  } else if (b.operatorId !== undefined && b.userName !== undefined) {
    const user = ctx.state.samUser(b.operatorId, b.userName);
    if (!user || user.password !== b.password) {
      ctx.note('password-wrong');
      return fail(ctx, 401, 'invalidCredentials');
    }
    const refused = checkMfa(ctx, user.mfa, b.mfaOTPCode);
    if (refused) return refused;
    principal = { operatorId: user.operatorId, userName: user.userName };
  } else {
    return fail(
      ctx,
      400,
      'badRequest',
      'email and password, operatorId, userName and password, or authKeyId and authKey',
    );
  }
  const issued = ctx.state.issueToken(principal, timeout);
  const body: Record<string, string> = {
    apiKey: issued.apiKey,
    operatorId: issued.operatorId,
    token: issued.token,
  };
  if (issued.userName !== undefined) body.userName = issued.userName;
  return { status: 200, body };
};

const logout: Handler = (ctx) => {
  ctx.caller!.revoked = true;
  return { status: 204 };
};

/** Root of the operator only; for a SAM user's MFA also the user themself. */
function mfaOf(ctx: HandlerContext): { mfa: MfaState; root: boolean } | Reply {
  const caller = ctx.caller!;
  const operatorId = ctx.params.operator_id;
  const userName = ctx.params.user_name;
  if (caller.operatorId !== operatorId) return fail(ctx, 403, 'forbidden');
  if (userName === undefined) {
    if (caller.userName !== undefined) return fail(ctx, 403, 'forbidden');
    return { mfa: ctx.state.operators.get(operatorId)!.mfa, root: true };
  }
  if (caller.userName !== undefined && caller.userName !== userName) return fail(ctx, 403, 'forbidden');
  const user = ctx.state.samUser(operatorId, userName);
  if (!user) return fail(ctx, 404, 'notFound');
  return { mfa: user.mfa, root: false };
}

function isReply(x: unknown): x is Reply {
  return typeof (x as Reply).status === 'number';
}

const enableMfa: Handler = (ctx) => {
  const target = mfaOf(ctx);
  if (isReply(target)) return target;
  if (target.mfa.status === 'ACTIVE') return fail(ctx, 400, 'mfaAlreadyActive');
  const seed = newSeed();
  const operator = ctx.state.operators.get(ctx.params.operator_id)!;
  const account = target.root ? operator.email : `${ctx.params.user_name}@${operator.operatorId}`;
  const issuer = 'SORACOM';
  const totpUri = `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(account)}?secret=${seed}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
  Object.assign(target.mfa, { status: 'UNCONFIRMED', seed, totpUri });
  return { status: 200, body: { totpUri } };
};

const verifyMfa: Handler = (ctx) => {
  const target = mfaOf(ctx);
  if (isReply(target)) return target;
  if (target.mfa.status !== 'UNCONFIRMED' || !target.mfa.seed) return fail(ctx, 400, 'mfaNotPending');
  const code = (ctx.body as { mfaOTPCode?: string } | undefined)?.mfaOTPCode ?? '';
  const result = ctx.totp.check(target.mfa.seed, code, ctx.now());
  if (result !== 'ok') {
    ctx.note(result === 'reused' ? 'mfa-code-reused' : 'mfa-code-wrong');
    return fail(ctx, 400, 'invalidMfaCode');
  }
  target.mfa.status = 'ACTIVE';
  if (!target.root) return { status: 204 };
  const operator = ctx.state.operators.get(ctx.params.operator_id)!;
  operator.backupCodes = ctx.state.newBackupCodes();
  return { status: 200, body: { backupCodes: [...operator.backupCodes] } };
};

const mfaStatus: Handler = (ctx) => {
  const target = mfaOf(ctx);
  if (isReply(target)) return target;
  return { status: 200, body: { status: target.mfa.status } };
};

const revokeMfa: Handler = (ctx) => {
  const target = mfaOf(ctx);
  if (isReply(target)) return target;
  if (target.root) {
    const password = (ctx.body as { password?: string } | undefined)?.password;
    if (password !== ctx.state.operators.get(ctx.params.operator_id)!.password)
      return fail(ctx, 401, 'invalidCredentials');
  }
  target.mfa.status = 'INACTIVE';
  delete target.mfa.seed;
  delete target.mfa.totpUri;
  return { status: 204 };
};

const listCredentials: Handler = (ctx) => {
  const sets = [...ctx.state.credentials.values()]
    .filter((s) => s.operatorId === ctx.caller!.operatorId)
    .sort((a, b) => a.credentialsId.localeCompare(b.credentialsId));
  return { status: 200, body: sets.map(publicCredentials) };
};

type CredentialBody = { type?: string; description?: string; credentials?: Record<string, unknown> };

function checkCredentialBody(ctx: HandlerContext, body: CredentialBody): Reply | undefined {
  if (!body.type || !body.credentials)
    return fail(ctx, 400, 'badRequest', 'type and credentials are required');
  if (
    body.type === 'aws-credentials' &&
    (typeof body.credentials.accessKeyId !== 'string' || typeof body.credentials.secretAccessKey !== 'string')
  ) {
    return fail(ctx, 400, 'badRequest', 'aws-credentials need accessKeyId and secretAccessKey');
  }
  return undefined;
}

const createCredential: Handler = (ctx) => {
  const body = (ctx.body ?? {}) as CredentialBody;
  const operatorId = ctx.caller!.operatorId;
  const id = ctx.params.credentials_id;
  if (ctx.state.credentialSet(operatorId, id)) return fail(ctx, 400, 'credentialsExist');
  const bad = checkCredentialBody(ctx, body);
  if (bad) return bad;
  const set = ctx.state.addCredentialSet({
    operatorId,
    credentialsId: id,
    type: body.type!,
    ...(body.description !== undefined ? { description: body.description } : {}),
    credentials: body.credentials!,
  });
  return { status: 201, body: publicCredentials(set) };
};

const updateCredential: Handler = (ctx) => {
  const body = (ctx.body ?? {}) as CredentialBody;
  const set = ctx.state.credentialSet(ctx.caller!.operatorId, ctx.params.credentials_id);
  if (!set) return fail(ctx, 404, 'notFound');
  const bad = checkCredentialBody(ctx, body);
  if (bad) return bad;
  set.type = body.type!;
  set.credentials = structuredClone(body.credentials!);
  if (body.description !== undefined) set.description = body.description;
  set.updateDateTime = ctx.now();
  return { status: 200, body: publicCredentials(set) };
};

const deleteCredential: Handler = (ctx) => {
  const key = credentialKey(ctx.caller!.operatorId, ctx.params.credentials_id);
  if (!ctx.state.credentials.delete(key)) return fail(ctx, 404, 'notFound');
  return { status: 204 };
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const listGroups: Handler = (ctx) => {
  const all = [...ctx.state.groups.values()]
    .filter((g) => g.operatorId === ctx.caller!.operatorId)
    .sort((a, b) => a.groupId.localeCompare(b.groupId));
  const after = first(ctx.query.last_evaluated_key);
  const start = after === undefined ? 0 : all.findIndex((g) => g.groupId > after);
  const rest = start < 0 ? [] : all.slice(start);
  const limitText = first(ctx.query.limit);
  const limit = limitText === undefined ? rest.length : Math.max(1, Number(limitText));
  const page = rest.slice(0, limit);
  const headers: Record<string, string> = {};
  if (rest.length > page.length && page.length > 0)
    headers['x-soracom-next-key'] = page[page.length - 1].groupId;
  return { status: 200, body: page.map(publicGroup), headers };
};

function ownGroup(ctx: HandlerContext) {
  const group = ctx.state.groups.get(ctx.params.group_id);
  return group && group.operatorId === ctx.caller!.operatorId ? group : undefined;
}

const getGroup: Handler = (ctx) => {
  const group = ownGroup(ctx);
  return group ? { status: 200, body: publicGroup(group) } : fail(ctx, 404, 'notFound');
};

const putConfiguration: Handler = (ctx) => {
  const group = ownGroup(ctx);
  if (!group) return fail(ctx, 404, 'notFound');
  const failure = ctx.state.groupFailures.get(group.groupId);
  if (failure && failure.remaining > 0) {
    failure.remaining--;
    ctx.note('injected-failure');
    return fail(ctx, failure.status, 'injectedFailure');
  }
  const namespace = ctx.params.namespace;
  const entries = ctx.body as { key: string; value: unknown }[];
  const config = (group.configuration[namespace] ??= {});
  for (const { key, value } of entries) config[key] = structuredClone(value);
  group.lastModifiedTime = ctx.now();
  return { status: 200, body: publicGroup(group) };
};

export const HANDLERS: Record<string, Handler> = {
  auth,
  logout,
  enableMFA: enableMfa,
  verifyMFA: verifyMfa,
  getMFAStatus: mfaStatus,
  revokeMFA: revokeMfa,
  enableUserMFA: enableMfa,
  verifyUserMFA: verifyMfa,
  getUserMFAStatus: mfaStatus,
  revokeUserMFA: revokeMfa,
  listCredentials,
  createCredential,
  updateCredential,
  deleteCredential,
  listGroups,
  getGroup,
  putConfigurationParameters: putConfiguration,
};
