/**
 * The tray's side of key and Funnel rotations: the request handlers of the rotation:* and funnel:* channels
 * and the facts the tray's reminder needs. The core does the work (src/core/rotation, src/core/funnel); this
 * file only wires it to the app (the code the renderer sends, progress events, the app's clock) and turns its
 * typed outcomes into DTOs — key ids, set ids, steps and dates; never a secret.
 */
import type { Clock } from '../core/clock';
import { MfaTrayError } from '../core/errors';
import type { FunnelStatusEntry } from '../core/funnel/funnel-rotation';
import { funnelFinishDueAt, type FunnelRotateOutcome } from '../core/funnel/funnel-rotation';
import type { FunnelRotationRecord } from '../core/funnel/funnel-record';
import { openFunnelRotation } from '../core/funnel/open-funnel';
import { MIN_SORACOM_VALIDITY_MS, type SoracomSessionSource } from '../core/funnel/soracom-session';
import { soracomAccountsOf } from '../core/open';
import type { Profile } from '../core/profiles';
import type { AccessKeyLastUsed } from '../core/rotation/key-iam';
import {
  finishDueAt,
  keyAgeDays,
  type FinishOutcome,
  type KeyRotation,
  type RotateOutcome,
} from '../core/rotation/key-rotation';
import { openKeyRotation } from '../core/rotation/open-rotation';
import {
  AWAITING_FINISH_STEPS,
  RotationStore,
  type AccessKeyRotationRecord,
} from '../core/rotation/rotation-store';
import { mfaTrayHome } from '../core/paths';
import type { MfaTrayCore } from '../core/mfa-tray-core';
import type { ChannelHandlers } from './dispatch';
import type { HandlerHost } from './request-handlers';
import type {
  AccessKeyFactDto,
  FinishKeyResultDto,
  FunnelFinishResultDto,
  FunnelRotateResultDto,
  FunnelRotationDto,
  KeyAgeDto,
  KeyRotationDto,
  LastUseDto,
  RotateKeyResultDto,
} from '../shared/ipc-contract';

export type RotationChannel =
  | 'rotation:key-ages'
  | 'rotation:status'
  | 'rotation:rotate'
  | 'rotation:finish'
  | 'funnel:status'
  | 'funnel:plan'
  | 'funnel:rotate'
  | 'funnel:resume'
  | 'funnel:rollback'
  | 'funnel:finish';

/** A session that lives shorter than this could end in the middle of a run (as the core's own rule). */
const RUN_SESSION_MS = 5 * 60_000;

export function rotationStore(core: MfaTrayCore): RotationStore {
  return new RotationStore(mfaTrayHome(core.env));
}

/** Known base-key ages of the AWS profiles whose current key is the one recorded (no AWS call). */
export function keyAges(core: MfaTrayCore, nowMs: number): KeyAgeDto[] {
  const stored = rotationStore(core).load().keyAges;
  const ages: KeyAgeDto[] = [];
  for (const p of core.profiles.load().profiles) {
    if (p.kind === 'soracom' || p.kind === 'role') continue;
    const age = stored[p.name];
    // A key changed outside a rotation (profile edit) has an unknown age.
    if (!age || age.accessKeyId.slice(-4) !== p.accessKeyIdSuffix) continue;
    const days = keyAgeDays(age.createdAt, nowMs);
    if (days !== null) ages.push({ name: p.name, createdAt: age.createdAt, ageDays: days });
  }
  return ages;
}

/** What the tray's reminder looks at: old keys, and rotations whose grace period is over. */
export interface RotationReminderFacts {
  keyAges: KeyAgeDto[];
  /** Profiles whose key rotation can be finished now. */
  keyFinishDue: string[];
  /** Funnel rotations that can be finished now ("soracomProfile/prefix"). */
  funnelFinishDue: string[];
}

export function rotationReminderFacts(core: MfaTrayCore, clock: Clock): RotationReminderFacts {
  const now = clock.now();
  const store = rotationStore(core);
  const keyFinishDue = new Set<string>();
  for (const r of store.load().rotations) {
    if (r.kind !== 'access-key') continue;
    const record = r as AccessKeyRotationRecord;
    const due = AWAITING_FINISH_STEPS.includes(record.step) ? finishDueAt(record) : null;
    if (due && Date.parse(due) <= now) keyFinishDue.add(record.profile);
  }
  const funnel = openFunnelRotation(core, { clock })
    .dueForFinish()
    .map((e) => `${e.record.soracomProfile}/${e.record.prefix}`);
  return { keyAges: keyAges(core, now), keyFinishDue: [...keyFinishDue], funnelFinishDue: funnel };
}

/**
 * After a login: the base key's CreateDate, for its age. Best effort — a failure (no permission, no
 * network) never reaches the login; the age then stays unknown until the next login or rotation.
 */
export async function recordKeyAgeAfterLogin(
  core: MfaTrayCore,
  clock: Clock,
  name: string,
): Promise<boolean> {
  try {
    if (core.profiles.getAny(name).kind !== 'aws') return false;
    return (await openKeyRotation(core, { clock }).refreshKeyAge(name)) !== undefined;
  } catch {
    return false;
  }
}

export function rotationHandlers(host: HandlerHost): Pick<ChannelHandlers, RotationChannel> {
  const { core, clock, emit } = host;
  /** A code from the built-in authenticator, when the AWS profile has one for its login device. */
  const builtInCode = async (name: string): Promise<string | undefined> =>
    host.builtIn.has(name) && core.profiles.getAny(name).kind === 'aws'
      ? host.mfa.builtInCode(name)
      : undefined;
  /** Runs in this process, by profile (or SORACOM profile/prefix): a second click must not start a second run. */
  const running = new Set<string>();

  const exclusive = async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    if (running.has(key)) {
      throw new MfaTrayError('invalid-input', 'A rotation of this profile is already running.', {
        reason: 'rotation-running',
      });
    }
    running.add(key);
    try {
      return await work();
    } finally {
      running.delete(key);
      host.refresh();
      host.onRotationsChanged?.();
    }
  };

  /** The one code of a run: the one the user typed, else the built-in authenticator's, else a refusal. */
  const codeProvider =
    (typed: string | undefined) =>
    async (profile: Profile): Promise<string> => {
      if (typed !== undefined) return typed;
      const code = await builtInCode(profile.name);
      if (code !== undefined) return code;
      throw new MfaTrayError('no-session', `"${profile.name}" has no valid MFA session for this.`, {
        reason: 'rotation-needs-code',
      });
    };

  const keyRotation = (typed?: string): KeyRotation =>
    openKeyRotation(core, {
      clock,
      codeProvider: codeProvider(typed),
      onProgress: (point, record) =>
        emit('rotation:progress', { kind: 'access-key', profile: record.profile, point }),
    });

  /**
   * The SORACOM side logs in on its own (its own code, at SORACOM): the code typed for the run is the AWS
   * profile's and never goes there. No SORACOM session is said with its own reason, so the popup can tell
   * the user to log in to the SORACOM account instead of asking for another AWS code.
   */
  const soracomSessions: SoracomSessionSource = {
    session: async (name) => {
      try {
        return await soracomAccountsOf(core).apiSession(name, MIN_SORACOM_VALIDITY_MS);
      } catch (error) {
        if (error instanceof MfaTrayError && error.kind === 'no-session' && !error.details.reason) {
          throw new MfaTrayError('no-session', error.message, {
            ...error.details,
            reason: 'soracom-needs-login',
          });
        }
        throw error;
      }
    },
  };

  const funnelRotation = (soracomProfile: string, typed?: string) =>
    openFunnelRotation(core, {
      clock,
      codeProvider: codeProvider(typed),
      soracom: soracomSessions,
      onProgress: (point, record) => {
        const moving = record.groups.find((g) => g.state === 'moving');
        emit('rotation:progress', {
          kind: 'funnel',
          profile: soracomProfile,
          point,
          ...((point === 'moving-group' || point === 'group-moved') && moving
            ? { groupId: moving.groupId }
            : {}),
        });
      },
    });

  const needsCode = async (name: string): Promise<boolean> => {
    const profile = core.profiles.get(name);
    if (!profile.mfaSerial) return false;
    if (await core.cachedSession(name, RUN_SESSION_MS)) return false;
    return (await builtInCode(name).catch(() => undefined)) === undefined;
  };

  return {
    'rotation:key-ages': () => keyAges(core, clock.now()),
    'rotation:status': async (name) => {
      const status = keyRotation().status(name);
      const rotation = status.rotation;
      const due = status.finishDueAt;
      return {
        profile: status.profile,
        accessKeyIdSuffix: status.accessKeyIdSuffix,
        keyCreatedAt: status.keyCreatedAt,
        keyAgeDays: status.keyAgeDays,
        rotation: rotation ? keyRotationDto(rotation) : null,
        finishDue: due !== null && Date.parse(due) <= clock.now(),
        needsCode: await needsCode(name),
        hasMfaDevice: core.profiles.get(name).mfaSerial !== undefined,
      };
    },
    'rotation:rotate': ({ name, code, removeUnusedKeyId }) =>
      exclusive(`key:${name}`, async () =>
        rotateDto(
          await keyRotation(code).rotate(name, removeUnusedKeyId !== undefined ? { removeUnusedKeyId } : {}),
        ),
      ),
    'rotation:finish': ({ name, code }) =>
      exclusive(`key:${name}`, async () => finishDto(await keyRotation(code).finish(name))),
    'funnel:status': () =>
      openFunnelRotation(core, { clock })
        .status()
        .map((e) => funnelDto(e.record, clock.now(), e)),
    'funnel:plan': async ({ code, ...input }) =>
      funnelRotateDto(
        await funnelRotation(input.soracomProfile, code).rotate(input, { dryRun: true }),
        clock.now(),
      ),
    'funnel:rotate': ({ code, ...input }) =>
      exclusive(`funnel:${input.soracomProfile}/${input.prefix}`, async () =>
        funnelRotateDto(await funnelRotation(input.soracomProfile, code).rotate(input), clock.now()),
      ),
    'funnel:resume': ({ code, ...selector }) =>
      exclusive(`funnel:${selector.soracomProfile}/${selector.prefix}`, async () =>
        funnelRotateDto(await funnelRotation(selector.soracomProfile, code).resume(selector), clock.now()),
      ),
    'funnel:rollback': ({ code, ...selector }) =>
      exclusive(`funnel:${selector.soracomProfile}/${selector.prefix}`, async () =>
        funnelRotateDto(await funnelRotation(selector.soracomProfile, code).rollback(selector), clock.now()),
      ),
    'funnel:finish': ({ code, ...selector }) =>
      exclusive(`funnel:${selector.soracomProfile}/${selector.prefix}`, async () => {
        const outcomes = await funnelRotation(selector.soracomProfile, code).finish(selector);
        return outcomes.map((o) => funnelFinishDto(o, clock.now()));
      }),
  };
}

// ---- DTOs: only ids, steps and dates ---------------------------------------------------------------------

function lastUseDto(use: { date: string; serviceName: string | null; region: string | null }): LastUseDto {
  return { date: use.date, serviceName: use.serviceName, region: use.region };
}

export function keyRotationDto(r: AccessKeyRotationRecord): KeyRotationDto {
  return {
    step: r.step,
    oldKeyId: r.oldKeyId,
    newKeyId: r.newKeyId ?? null,
    unusedKeyId: r.unusedKeyId ?? null,
    startedAt: r.startedAt,
    deactivatedAt: r.deactivatedAt ?? null,
    finishedAt: r.finishedAt ?? null,
    graceDays: r.graceDays,
    finishDueAt: AWAITING_FINISH_STEPS.includes(r.step) ? finishDueAt(r) : null,
    rollbackReason: r.rollbackReason ?? null,
    lastUseSeen: r.lastUseSeen ? lastUseDto(r.lastUseSeen) : null,
  };
}

function keyFactDto(k: {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  createDate: string | null;
  lastUsed: AccessKeyLastUsed;
}): AccessKeyFactDto {
  return {
    accessKeyId: k.accessKeyId,
    status: k.status,
    createDate: k.createDate,
    lastUsed: k.lastUsed.date ? lastUseDto({ ...k.lastUsed, date: k.lastUsed.date }) : null,
  };
}

function rotateDto(o: RotateOutcome): RotateKeyResultDto {
  switch (o.outcome) {
    case 'rotated':
      return {
        outcome: 'rotated',
        rotation: keyRotationDto(o.record),
        proofAttempts: o.proofAttempts,
        removedUnusedKeyId: o.removedUnusedKeyId,
        sessionValidUntil: o.sessionValidUntil,
        resumedFrom: o.resumedFrom,
      };
    case 'rolled-back':
      return {
        outcome: 'rolled-back',
        rotation: keyRotationDto(o.record),
        reason: o.reason,
        cause: o.cause
          ? { kind: o.cause.kind, ...(o.cause.awsCode ? { awsCode: o.cause.awsCode } : {}) }
          : null,
        deletedKeyIds: o.deletedKeyIds,
        resumedFrom: o.resumedFrom,
      };
    case 'needs-confirmation':
    case 'second-key-in-use':
      return { outcome: o.outcome, secondKey: keyFactDto(o.secondKey) };
    case 'key-not-listed':
      return { outcome: 'key-not-listed', accessKeyIdSuffix: o.accessKeyIdSuffix, listed: o.listed };
    case 'awaiting-finish':
    case 'busy':
      return { outcome: o.outcome, rotation: keyRotationDto(o.record) };
  }
}

function finishDto(o: FinishOutcome): FinishKeyResultDto {
  switch (o.outcome) {
    case 'finished':
      return {
        outcome: 'finished',
        rotation: keyRotationDto(o.record),
        deletedKeyId: o.deletedKeyId,
        alreadyGone: o.alreadyGone,
      };
    case 'not-due':
    case 'rotation-unfinished':
    case 'busy':
      return { outcome: o.outcome, rotation: keyRotationDto(o.record) };
    case 'old-key-used':
      return { outcome: 'old-key-used', rotation: keyRotationDto(o.record), lastUse: lastUseDto(o.lastUse) };
    case 'old-key-active':
      return {
        outcome: 'old-key-active',
        rotation: keyRotationDto(o.record),
        lastUse: o.lastUse ? lastUseDto(o.lastUse) : null,
      };
    case 'nothing-to-finish':
      return { outcome: 'nothing-to-finish' };
  }
}

export function funnelDto(
  r: FunnelRotationRecord,
  nowMs: number,
  entry?: Pick<FunnelStatusEntry, 'left' | 'finishDueAt'>,
): FunnelRotationDto {
  const awaiting = ['switched', 'finishing'].includes(r.step);
  const due = entry?.finishDueAt ?? (awaiting ? funnelFinishDueAt(r) : null);
  const left =
    entry?.left ??
    (['finished', 'rolled-back'].includes(r.step) ? 'nothing' : awaiting ? 'finish' : 'resume-or-rollback');
  return {
    id: r.id,
    awsProfile: r.awsProfile,
    iamUser: r.iamUser,
    soracomProfile: r.soracomProfile,
    prefix: r.prefix,
    step: r.step,
    newSetId: r.newSetId,
    newKeyId: r.newKeyId ?? null,
    oldSets: r.oldSets.map((s) => ({ credentialsId: s.credentialsId, accessKeyId: s.accessKeyId })),
    groups: r.groups.map((g) => ({
      groupId: g.groupId,
      name: g.name,
      from: g.from,
      state: g.state,
      uses: g.state === 'moved' ? r.newSetId : g.from,
      failureCode: g.failureCode ?? null,
    })),
    startedAt: r.startedAt,
    switchedAt: r.switchedAt ?? null,
    finishedAt: r.finishedAt ?? null,
    finishDueAt: due,
    left,
    finishDue: left === 'finish' && due !== null && Date.parse(due) <= nowMs,
    lastUseSeen: r.lastUseSeen
      ? { ...lastUseDto(r.lastUseSeen), accessKeyId: r.lastUseSeen.accessKeyId }
      : null,
  };
}

function funnelRotateDto(o: FunnelRotateOutcome, nowMs: number): FunnelRotateResultDto {
  switch (o.outcome) {
    case 'dry-run':
      return {
        outcome: 'dry-run',
        plan: {
          newSetId: o.plan.newSetId,
          oldSets: o.plan.oldSets.map((s) => ({
            credentialsId: s.credentialsId,
            accessKeyId: s.accessKeyId,
          })),
          groups: o.plan.groups.map((g) => ({ groupId: g.groupId, name: g.name, from: g.from })),
          otherGroups: o.plan.otherGroups,
          userKeyIds: o.plan.userKeys.map((k) => k.accessKeyId),
        },
      };
    case 'switched':
      return { outcome: 'switched', rotation: funnelDto(o.record, nowMs) };
    case 'partial':
      return {
        outcome: 'partial',
        rotation: funnelDto(o.record, nowMs),
        failedGroupIds: o.failed.map((g) => g.groupId),
        cause: {
          kind: o.cause.kind,
          ...(o.cause.soracomCode ? { soracomCode: o.cause.soracomCode } : {}),
          ...(o.cause.awsCode ? { awsCode: o.cause.awsCode } : {}),
        },
        phase: o.phase,
      };
    case 'rolled-back':
      return {
        outcome: 'rolled-back',
        rotation: funnelDto(o.record, nowMs),
        deletedKeyId: o.deletedKeyId,
        deletedSetId: o.deletedSetId,
      };
    case 'no-groups':
      return { outcome: 'no-groups', prefix: o.prefix, otherGroups: o.otherGroups };
    case 'key-limit':
      return { outcome: 'key-limit', keyIds: o.keys.map((k) => k.accessKeyId) };
    case 'open-rotation':
    case 'awaiting-finish':
    case 'busy':
      return { outcome: o.outcome, rotation: funnelDto(o.record, nowMs) };
    case 'nothing-to-resume':
      return { outcome: 'nothing-to-resume' };
    case 'ambiguous':
      return { outcome: 'ambiguous', rotations: o.records.map((r) => funnelDto(r, nowMs)) };
  }
}

function funnelFinishDto(
  o: Awaited<ReturnType<ReturnType<typeof openFunnelRotation>['finish']>>[number],
  nowMs: number,
): FunnelFinishResultDto {
  switch (o.outcome) {
    case 'finished':
      return {
        outcome: 'finished',
        rotation: funnelDto(o.record, nowMs),
        deletedKeyIds: o.deletedKeyIds,
        deletedSetIds: o.deletedSetIds,
      };
    case 'not-due':
    case 'busy':
      return { outcome: o.outcome, rotation: funnelDto(o.record, nowMs) };
    case 'old-set-in-use':
      return { outcome: 'old-set-in-use', rotation: funnelDto(o.record, nowMs), groups: o.groups };
    case 'old-key-shared':
      return {
        outcome: 'old-key-shared',
        rotation: funnelDto(o.record, nowMs),
        accessKeyId: o.accessKeyId,
        setIds: o.setIds,
      };
    case 'old-key-used':
      return {
        outcome: 'old-key-used',
        rotation: funnelDto(o.record, nowMs),
        lastUse: { ...lastUseDto(o.lastUse), accessKeyId: o.lastUse.accessKeyId },
      };
  }
}
