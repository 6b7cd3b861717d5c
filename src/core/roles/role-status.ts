import type { ProfileDto } from '../../shared/ipc-contract';
import type { RoleProfile, StoredProfile } from '../profiles';
import { sessionState } from '../scheduler';
import { formatCodeCommand } from '../codes/code-command';

/** The 12-digit account a role lives in, from its ARN. */
export function accountIdFromRoleArn(roleArn: string): string | undefined {
  return roleArn.match(/^arn:aws[a-z-]*:iam::(\d{12}):role\//)?.[1];
}

/** A role's status row: its own session and countdown, and which source profile it hangs under. */
export function roleStatus(role: RoleProfile, nowMs: number, leadMs: number): ProfileDto {
  return {
    name: role.name,
    kind: 'role',
    state: sessionState(role.sessionExpiresAt, nowMs, leadMs),
    expiresAt: role.sessionExpiresAt ?? null,
    target: role.target,
    delivery: role.delivery,
    region: role.region,
    durationSeconds: role.durationSeconds,
    mfaSerial: null,
    accountId: accountIdFromRoleArn(role.roleArn) ?? null,
    accessKeyIdSuffix: null,
    role: { source: role.source, roleArn: role.roleArn },
    ...(role.codeCommand ? { codeCommand: formatCodeCommand(role.codeCommand) } : {}),
  };
}

/**
 * Rows in display order: every profile that is not a role, each followed by its roles (depth 1); roles
 * whose source is missing come last, at depth 0, so nothing is hidden.
 */
export function underSources<T extends Pick<ProfileDto, 'name' | 'role'>>(
  rows: T[],
): { row: T; depth: 0 | 1 }[] {
  const out: { row: T; depth: 0 | 1 }[] = [];
  const names = new Set(rows.filter((r) => !r.role).map((r) => r.name));
  for (const row of rows) {
    if (row.role) continue;
    out.push({ row, depth: 0 });
    for (const child of rows) if (child.role?.source === row.name) out.push({ row: child, depth: 1 });
  }
  for (const row of rows) if (row.role && !names.has(row.role.source)) out.push({ row, depth: 0 });
  return out;
}

/** The roles assumed from `source`. */
export function rolesOf(profiles: StoredProfile[], source: string): RoleProfile[] {
  return profiles.filter((p): p is RoleProfile => p.kind === 'role' && p.source === source);
}
