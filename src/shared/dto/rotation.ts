/**
 * Key and Funnel rotations (no secret: key ids, credential-set ids, steps and dates only).
 * No Node or Electron imports: main, preload and renderer import this.
 */

export interface KeyAgeDto {
  name: string;
  /** CreateDate of the profile's base key (IAM's), when known. */
  createdAt: string;
  ageDays: number;
}

export interface LastUseDto {
  date: string;
  serviceName: string | null;
  region: string | null;
}

/** A use of an old key of a Funnel rotation, and which key. */
export type FunnelLastUseDto = LastUseDto & { accessKeyId: string };

/** One base-key rotation as rotations.json remembers it. */
export interface KeyRotationDto {
  /** planned, removing-unused, creating, proving, rolling-back, rolled-back, deactivating, deactivated, deleting-old, finished. */
  step: string;
  oldKeyId: string;
  newKeyId: string | null;
  unusedKeyId: string | null;
  startedAt: string;
  deactivatedAt: string | null;
  finishedAt: string | null;
  graceDays: number;
  /** When the old key may be deleted (only while the rotation waits for Finish). */
  finishDueAt: string | null;
  rollbackReason: string | null;
  /** A use of the old key after its deactivation that a Finish found. */
  lastUseSeen: LastUseDto | null;
}

export interface RotationStatusDto {
  profile: string;
  accessKeyIdSuffix: string | null;
  keyCreatedAt: string | null;
  keyAgeDays: number | null;
  /** The latest rotation, if any. */
  rotation: KeyRotationDto | null;
  /** The rotation waits for Finish and its grace period is over. */
  finishDue: boolean;
  /** A rotation now would need a typed MFA code (no session that outlives it, no built-in authenticator). */
  needsCode: boolean;
  hasMfaDevice: boolean;
}

export interface AccessKeyFactDto {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  createDate: string | null;
  lastUsed: LastUseDto | null;
}

export interface RotateKeyRequest {
  name: string;
  /** A code for the one MFA session of the run, when RotationStatusDto.needsCode said so. */
  code?: string;
  /** The user confirmed deleting this second, unused key first. */
  removeUnusedKeyId?: string;
}

export interface FinishKeyRequest {
  name: string;
  /** A code for the MFA session of the finish, when RotationStatusDto.needsCode said so. */
  code?: string;
}

export type RotateKeyResultDto =
  | {
      outcome: 'rotated';
      rotation: KeyRotationDto;
      proofAttempts: number;
      removedUnusedKeyId: string | null;
      /** The cached session was made with the old key: it stays valid until then. */
      sessionValidUntil: string | null;
      resumedFrom: string | null;
    }
  | {
      outcome: 'rolled-back';
      rotation: KeyRotationDto;
      reason: 'new-key-not-working' | 'new-key-lost';
      cause: { kind: string; awsCode?: string } | null;
      deletedKeyIds: string[];
      resumedFrom: string | null;
    }
  | { outcome: 'needs-confirmation' | 'second-key-in-use'; secondKey: AccessKeyFactDto }
  | { outcome: 'key-not-listed'; accessKeyIdSuffix: string; listed: string[] }
  | { outcome: 'awaiting-finish' | 'busy'; rotation: KeyRotationDto };

export type FinishKeyResultDto =
  | { outcome: 'finished'; rotation: KeyRotationDto; deletedKeyId: string; alreadyGone: boolean }
  | { outcome: 'not-due' | 'rotation-unfinished' | 'busy'; rotation: KeyRotationDto }
  | { outcome: 'old-key-used'; rotation: KeyRotationDto; lastUse: LastUseDto }
  | { outcome: 'old-key-active'; rotation: KeyRotationDto; lastUse: LastUseDto | null }
  | { outcome: 'nothing-to-finish' };

export interface FunnelGroupDto {
  groupId: string;
  name: string | null;
  from: string;
  /** pending, moving, moved, failed, restored. */
  state: string;
  /** The credential set the group uses as far as the rotation knows (the new one once moved). */
  uses: string;
  failureCode: string | null;
}

export interface FunnelRotationDto {
  id: string;
  awsProfile: string;
  iamUser: string;
  soracomProfile: string;
  prefix: string;
  step: string;
  newSetId: string;
  newKeyId: string | null;
  oldSets: { credentialsId: string; accessKeyId: string | null }[];
  groups: FunnelGroupDto[];
  startedAt: string;
  switchedAt: string | null;
  finishedAt: string | null;
  finishDueAt: string | null;
  /** What is left: nothing, resume-or-rollback (a run stopped), finish (after finishDueAt). */
  left: 'nothing' | 'resume-or-rollback' | 'finish';
  finishDue: boolean;
  lastUseSeen: FunnelLastUseDto | null;
}

export interface FunnelRotateRequest {
  awsProfile: string;
  iamUser: string;
  soracomProfile: string;
  prefix: string;
  /** For the AWS profile's MFA session, when it has none. */
  code?: string;
}

export interface FunnelSelectorRequest {
  soracomProfile: string;
  prefix: string;
  code?: string;
}

export interface FunnelPlanDto {
  newSetId: string;
  oldSets: { credentialsId: string; accessKeyId: string | null }[];
  groups: { groupId: string; name: string | null; from: string }[];
  otherGroups: number;
  /** The IAM user's key ids now (AWS allows 2). */
  userKeyIds: string[];
}

export type FunnelRotateResultDto =
  | { outcome: 'dry-run'; plan: FunnelPlanDto }
  | { outcome: 'switched'; rotation: FunnelRotationDto }
  | {
      outcome: 'partial';
      rotation: FunnelRotationDto;
      failedGroupIds: string[];
      cause: { kind: string; soracomCode?: string; awsCode?: string };
      phase: 'rotate' | 'rollback';
    }
  | {
      outcome: 'rolled-back';
      rotation: FunnelRotationDto;
      deletedKeyId: string | null;
      deletedSetId: string | null;
    }
  | { outcome: 'no-groups'; prefix: string; otherGroups: number }
  | { outcome: 'key-limit'; keyIds: string[] }
  | { outcome: 'open-rotation' | 'awaiting-finish' | 'busy'; rotation: FunnelRotationDto }
  | { outcome: 'nothing-to-resume' }
  | { outcome: 'ambiguous'; rotations: FunnelRotationDto[] };

export type FunnelFinishResultDto =
  | { outcome: 'finished'; rotation: FunnelRotationDto; deletedKeyIds: string[]; deletedSetIds: string[] }
  | { outcome: 'not-due' | 'busy'; rotation: FunnelRotationDto }
  | { outcome: 'old-set-in-use'; rotation: FunnelRotationDto; groups: { groupId: string; set: string }[] }
  | { outcome: 'old-key-shared'; rotation: FunnelRotationDto; accessKeyId: string; setIds: string[] }
  | { outcome: 'old-key-used'; rotation: FunnelRotationDto; lastUse: FunnelLastUseDto };

/** A step of a running rotation (the popup shows it as progress). */
export interface RotationProgressDto {
  kind: 'access-key' | 'funnel';
  /** The AWS profile (key rotation) or the Funnel rotation's SORACOM profile. */
  profile: string;
  point: string;
  /** Funnel: the group a moving-group / group-moved point is about. */
  groupId?: string;
}
