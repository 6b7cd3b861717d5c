/**
 * The plan of a Funnel rotation (what `--dry-run` shows and what a run records before its first call):
 * the SIM groups whose Funnel set starts with the prefix, the old sets and the keys behind them, the id of
 * the new set. Only reads: nothing at SORACOM or AWS changes here.
 */
import type { Clock } from '../clock';
import { checkFunnelPrefix } from '../rules/rotation-rules';
import { funnelCredentialsId } from '../soracom/groups';
import type { FunnelOldSet } from './funnel-record';
import type { FunnelPlan, FunnelRotateInput } from './funnel-outcomes';
import { groupName, setKeyId, type FunnelRun, type FunnelSoracom } from './funnel-run';
import { userArnFor, type ProfileIamRun } from './profile-iam';

export { FUNNEL_PREFIX_PATTERN as PREFIX_PATTERN } from '../rules/rotation-rules';

/** The prefix by its rule (src/core/rules/rotation-rules.ts). */
export function assertFunnelPrefix(prefix: string): void {
  checkFunnelPrefix(prefix);
}

/** PREFIX-YYMMDD (UTC date), then -2, -3 … while that id is taken. */
export function newSetIdFor(prefix: string, nowMs: number, taken: ReadonlySet<string>): string {
  const d = new Date(nowMs);
  const yymmdd =
    String(d.getUTCFullYear() % 100).padStart(2, '0') +
    String(d.getUTCMonth() + 1).padStart(2, '0') +
    String(d.getUTCDate()).padStart(2, '0');
  const base = `${prefix}-${yymmdd}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Lists the groups and sets, and (only when some group matches: opening IAM may ask for an MFA code) the
 * IAM user's keys. Returns the plan with the run that made it, or the count of groups left alone.
 */
export async function planFunnelRotation(
  input: FunnelRotateInput,
  soracom: FunnelSoracom,
  openIam: () => Promise<ProfileIamRun>,
  clock: Clock,
): Promise<{ plan: FunnelPlan; run: FunnelRun } | { plan: undefined; otherGroups: number }> {
  const groups = await soracom.groups();
  const matching = groups.filter((g) => funnelCredentialsId(g)?.startsWith(input.prefix));
  const otherGroups = groups.filter((g) => funnelCredentialsId(g) !== undefined).length - matching.length;
  if (matching.length === 0) return { plan: undefined, otherGroups };
  const sets = await soracom.sets();

  const iam = await openIam();
  const userArn = userArnFor(iam.profile, input.iamUser);
  const userKeys = await iam.call(
    'iam:ListAccessKeys',
    userArn,
    'list the access keys of the IAM user',
    (c) => c.listAccessKeys(input.iamUser),
  );
  const oldSetIds = [...new Set(matching.map((g) => funnelCredentialsId(g)!))].sort();
  const oldSets: FunnelOldSet[] = oldSetIds.map((credentialsId) => {
    const keyId = setKeyId(sets.find((s) => s.credentialsId === credentialsId));
    return {
      credentialsId,
      accessKeyId: keyId && userKeys.some((k) => k.accessKeyId === keyId) ? keyId : null,
    };
  });
  const plan: FunnelPlan = {
    awsProfile: input.awsProfile,
    iamUser: input.iamUser,
    soracomProfile: input.soracomProfile,
    prefix: input.prefix,
    newSetId: newSetIdFor(input.prefix, clock.now(), new Set(sets.map((s) => s.credentialsId))),
    oldSets,
    groups: matching.map((g) => ({ groupId: g.groupId, name: groupName(g), from: funnelCredentialsId(g)! })),
    otherGroups,
    userKeys,
  };
  return { plan, run: { iam, soracom, userArn } };
}
