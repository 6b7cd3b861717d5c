/** What the UI and `status` see of an IAM user's profile: no key, no token, no secret. */
import type { ProfileDto } from '../shared/ipc-contract';
import type { Note } from '../shared/notes';
import { formatCodeCommand } from './codes/code-command';
import { accountIdFromSerial, isRootMfaSerial, ROOT_MAX_DURATION_SECONDS, type Profile } from './profiles';
import { sessionState } from './scheduler';

export function toStatus(p: Profile, nowMs: number, leadMs: number): ProfileDto {
  return {
    name: p.name,
    kind: 'aws',
    state: sessionState(p.sessionExpiresAt, nowMs, leadMs),
    expiresAt: p.sessionExpiresAt ?? null,
    target: p.target,
    delivery: p.delivery,
    region: p.region,
    durationSeconds: p.durationSeconds,
    mfaSerial: p.mfaSerial ?? null,
    accountId: accountIdFromSerial(p.mfaSerial) ?? null,
    accessKeyIdSuffix: p.accessKeyIdSuffix ?? null,
    ...(p.codeCommand ? { codeCommand: formatCodeCommand(p.codeCommand) } : {}),
  };
}

/** The note for a root device asked for a longer session than AWS gives root. */
export function rootCapNote(mfaSerial: string | undefined, durationSeconds: number): Note[] {
  return isRootMfaSerial(mfaSerial) && durationSeconds > ROOT_MAX_DURATION_SECONDS
    ? [{ code: 'root-session-cap', maxSeconds: ROOT_MAX_DURATION_SECONDS }]
    : [];
}
