/**
 * What the Funnel rotation's answers mean, in words: the report after a run or a Finish (its tone and text,
 * and after a partial run the groups as they point now), and what a failed answer asks for.
 */
import type {
  ErrorDto,
  FunnelFinishResultDto,
  FunnelRotateResultDto,
  FunnelRotationDto,
} from '../../../../src/shared/ipc-contract';
import type { NoticeTone } from '../../components/ui';
import { dateText, whereText } from '../../dates';
import type { Locale, Translate } from '../../i18n';

export interface Report {
  tone: NoticeTone | 'error';
  text: string;
  /** The groups as they point now (a partial run). */
  rotation?: FunnelRotationDto;
}

/** An action waiting for the AWS profile's code, to be sent again with it. */
export interface CodeAsk {
  /** The AWS profile whose MFA device the code is from. */
  profile: string;
  retry: (code: string) => Promise<unknown>;
}

/** Who a Funnel action runs as: the AWS profile (IAM) and the SORACOM account. */
export interface RunAs {
  awsProfile: string;
  soracomProfile: string;
}

export function rotateReport(t: Translate, locale: Locale, r: FunnelRotateResultDto): Report | null {
  switch (r.outcome) {
    case 'switched':
      return {
        tone: 'success',
        text: t('funnel.switched', {
          set: r.rotation.newSetId,
          date: dateText(locale, r.rotation.finishDueAt),
        }),
      };
    case 'partial':
      return {
        tone: 'error',
        text: t(r.phase === 'rollback' ? 'funnel.partialRollback' : 'funnel.partial'),
        rotation: r.rotation,
      };
    case 'rolled-back':
      return { tone: 'success', text: t('funnel.rolledBack') };
    case 'no-groups':
      return { tone: 'info', text: t('funnel.noGroups', { prefix: r.prefix }) };
    case 'key-limit':
      return { tone: 'error', text: t('funnel.plan.keyLimit') };
    case 'open-rotation':
      return { tone: 'info', text: t('funnel.openRotation') };
    case 'awaiting-finish':
      return {
        tone: 'info',
        text: t('funnel.awaitingFinish', { date: dateText(locale, r.rotation.finishDueAt) }),
      };
    case 'nothing-to-resume':
      return { tone: 'info', text: t('funnel.nothingToResume') };
    case 'busy':
    case 'ambiguous':
      return { tone: 'info', text: t('funnel.busy') };
    case 'dry-run':
      return null;
  }
}

export function finishReport(t: Translate, locale: Locale, r: FunnelFinishResultDto): Report {
  switch (r.outcome) {
    case 'finished':
      return {
        tone: 'success',
        text: t('funnel.finished', { keys: r.deletedKeyIds.join(', '), sets: r.deletedSetIds.join(', ') }),
      };
    case 'not-due':
      return { tone: 'info', text: t('funnel.notDue', { date: dateText(locale, r.rotation.finishDueAt) }) };
    case 'busy':
      return { tone: 'info', text: t('funnel.busy') };
    case 'old-set-in-use':
      return {
        tone: 'warning',
        text: t('funnel.oldSetInUse', { groups: r.groups.map((g) => `${g.groupId} → ${g.set}`).join(', ') }),
      };
    case 'old-key-shared':
      return {
        tone: 'warning',
        text: t('funnel.oldKeyShared', { sets: r.setIds.join(', '), key: r.accessKeyId }),
      };
    case 'old-key-used':
      return {
        tone: 'warning',
        text: t('funnel.oldKeyUsed', {
          key: r.lastUse.accessKeyId,
          date: dateText(locale, r.lastUse.date),
          where: whereText(t, r.lastUse),
        }),
      };
  }
}

/**
 * What a failed answer means here: the AWS profile needs a code (ask it; a wrong or used code asks again),
 * the SORACOM account needs a login (say so, naming it), or any other error (shown as is).
 */
export function funnelFailure(
  error: ErrorDto,
  sentCode: boolean,
): 'ask-code' | 'ask-again' | 'soracom-login' | 'show' {
  if (error.reason === 'rotation-needs-code') return 'ask-code';
  if (error.reason === 'soracom-needs-login') return 'soracom-login';
  if (sentCode && (error.kind === 'wrong-code' || error.kind === 'code-reused')) return 'ask-again';
  return 'show';
}
