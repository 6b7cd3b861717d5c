// What the SORACOM emulator knows: operators (root accounts), SAM users, AuthKeys, issued tokens, SIM groups
// and credential sets — and how tests seed it.
import { randomBytes, randomUUID } from 'node:crypto';

export type MfaStatus = 'ACTIVE' | 'INACTIVE' | 'UNCONFIRMED';

export interface MfaState {
  status: MfaStatus;
  /** The seed of the active or the pending (UNCONFIRMED) set-up. */
  seed?: string;
  /** The last otpauth URI handed out, as the phone scanned it. */
  totpUri?: string;
}

export interface Operator {
  operatorId: string;
  email: string;
  password: string;
  mfa: MfaState;
  backupCodes: string[];
}

export interface SamUser {
  operatorId: string;
  userName: string;
  password: string;
  mfa: MfaState;
}

export interface AuthKey {
  authKeyId: string;
  authKey: string;
  operatorId: string;
  /** An AuthKey of a SAM user; a root AuthKey otherwise. */
  userName?: string;
}

export interface IssuedToken {
  apiKey: string;
  token: string;
  operatorId: string;
  userName?: string;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

export interface Group {
  groupId: string;
  operatorId: string;
  tags: Record<string, string>;
  configuration: Record<string, Record<string, unknown>>;
  createdTime: number;
  lastModifiedTime: number;
}

export interface CredentialSet {
  credentialsId: string;
  operatorId: string;
  type: string;
  description?: string;
  /** As created, secrets included: SORACOM never sends them back (see publicCredentials). */
  credentials: Record<string, unknown>;
  createDateTime: number;
  updateDateTime: number;
  lastUsedDateTime: number;
}

export interface GroupFailure {
  status: number;
  /** How many more updates fail; Infinity until cleared. */
  remaining: number;
}

function randomDigits(n: number): string {
  return Array.from(randomBytes(n), (b) => String(b % 10)).join('');
}

export class EmulatorState {
  readonly operators = new Map<string, Operator>();
  readonly samUsers = new Map<string, SamUser>();
  readonly authKeys = new Map<string, AuthKey>();
  readonly tokens = new Map<string, IssuedToken>();
  readonly groups = new Map<string, Group>();
  readonly credentials = new Map<string, CredentialSet>();
  readonly groupFailures = new Map<string, GroupFailure>();

  constructor(private readonly now: () => number) {}

  addOperator(input: { email: string; password: string; operatorId?: string; mfaSeed?: string }): Operator {
    const operator: Operator = {
      operatorId: input.operatorId ?? `OP${randomDigits(10)}`,
      email: input.email,
      password: input.password,
      mfa: input.mfaSeed ? { status: 'ACTIVE', seed: input.mfaSeed } : { status: 'INACTIVE' },
      backupCodes: [],
    };
    this.operators.set(operator.operatorId, operator);
    return operator;
  }

  operatorByEmail(email: string): Operator | undefined {
    return [...this.operators.values()].find((o) => o.email === email);
  }

  addSamUser(input: { operatorId: string; userName: string; password: string; mfaSeed?: string }): SamUser {
    if (!this.operators.has(input.operatorId)) throw new Error(`emulator: no operator ${input.operatorId}`);
    const user: SamUser = {
      operatorId: input.operatorId,
      userName: input.userName,
      password: input.password,
      mfa: input.mfaSeed ? { status: 'ACTIVE', seed: input.mfaSeed } : { status: 'INACTIVE' },
    };
    this.samUsers.set(samKey(input.operatorId, input.userName), user);
    return user;
  }

  samUser(operatorId: string, userName: string): SamUser | undefined {
    return this.samUsers.get(samKey(operatorId, userName));
  }

  addAuthKey(input: { operatorId: string; userName?: string }): AuthKey {
    const key: AuthKey = {
      authKeyId: `keyId-${randomBytes(16).toString('hex')}`,
      authKey: `secret-${randomBytes(32).toString('base64url')}`,
      operatorId: input.operatorId,
      ...(input.userName !== undefined ? { userName: input.userName } : {}),
    };
    this.authKeys.set(key.authKeyId, key);
    return key;
  }

  issueToken(principal: { operatorId: string; userName?: string }, timeoutSeconds: number): IssuedToken {
    const issuedAt = this.now();
    const token: IssuedToken = {
      apiKey: `api-${randomUUID()}`,
      token: randomBytes(48).toString('base64url'),
      operatorId: principal.operatorId,
      ...(principal.userName !== undefined ? { userName: principal.userName } : {}),
      issuedAt,
      expiresAt: issuedAt + timeoutSeconds * 1000,
      revoked: false,
    };
    this.tokens.set(token.apiKey, token);
    return token;
  }

  /** The token for these headers when it is known, matches the key, is not revoked and has not expired. */
  validToken(apiKey: string, token: string): IssuedToken | undefined {
    const issued = this.tokens.get(apiKey);
    if (!issued || issued.token !== token || issued.revoked || this.now() >= issued.expiresAt)
      return undefined;
    return issued;
  }

  addGroup(input: {
    operatorId: string;
    groupId?: string;
    name?: string;
    configuration?: Record<string, Record<string, unknown>>;
  }): Group {
    const at = this.now();
    const group: Group = {
      groupId: input.groupId ?? randomUUID(),
      operatorId: input.operatorId,
      tags: { name: input.name ?? '' },
      configuration: structuredClone(input.configuration ?? {}),
      createdTime: at,
      lastModifiedTime: at,
    };
    this.groups.set(group.groupId, group);
    return group;
  }

  addCredentialSet(input: {
    operatorId: string;
    credentialsId: string;
    type?: string;
    description?: string;
    credentials: Record<string, unknown>;
  }): CredentialSet {
    const at = this.now();
    const set: CredentialSet = {
      credentialsId: input.credentialsId,
      operatorId: input.operatorId,
      type: input.type ?? 'aws-credentials',
      ...(input.description !== undefined ? { description: input.description } : {}),
      credentials: structuredClone(input.credentials),
      createDateTime: at,
      updateDateTime: at,
      lastUsedDateTime: 0,
    };
    this.credentials.set(credentialKey(input.operatorId, input.credentialsId), set);
    return set;
  }

  credentialSet(operatorId: string, credentialsId: string): CredentialSet | undefined {
    return this.credentials.get(credentialKey(operatorId, credentialsId));
  }

  newBackupCodes(): string[] {
    return Array.from({ length: 10 }, () => randomDigits(8));
  }
}

export function samKey(operatorId: string, userName: string): string {
  return `${operatorId}/${userName}`;
}

export function credentialKey(operatorId: string, credentialsId: string): string {
  return `${operatorId}/${credentialsId}`;
}

/** A credential set as SORACOM shows it: secrets never come back (for AWS keys: the key id only). */
export function publicCredentials(set: CredentialSet): Record<string, unknown> {
  const out: Record<string, unknown> = {
    credentialsId: set.credentialsId,
    type: set.type,
    credentials: set.type === 'aws-credentials' ? { accessKeyId: set.credentials.accessKeyId } : {},
    createDateTime: set.createDateTime,
    updateDateTime: set.updateDateTime,
    lastUsedDateTime: set.lastUsedDateTime,
  };
  if (set.description !== undefined) out.description = set.description;
  return out;
}

export function publicGroup(group: Group): Record<string, unknown> {
  return {
    groupId: group.groupId,
    operatorId: group.operatorId,
    tags: { ...group.tags },
    configuration: structuredClone(group.configuration),
    createdTime: group.createdTime,
    lastModifiedTime: group.lastModifiedTime,
  };
}
