/**
 * What a key rotation's answers mean, in words: the outcome of a run or a Finish (its tone and lines). Keys are
 * named by their last four characters only.
 */
import type { FinishKeyResultDto, RotateKeyResultDto } from '../../../../src/shared/ipc-contract';
import type { NoticeTone } from '../../components/ui';
import { dateText, whereText } from '../../dates';
import type { Locale, Translate } from '../../i18n';

/** The last four characters of a key id ("????" when unknown). */
export const suffix = (keyId: string | null | undefined) => (keyId ? keyId.slice(-4) : '????');

export interface Outcome {
  tone: NoticeTone | 'error';
  lines: string[];
}

export function rotateOutcome(t: Translate, locale: Locale, r: RotateKeyResultDto): Outcome | null {
  switch (r.outcome) {
    case 'rotated': {
      const lines = [
        t('rotation.rotated', { newKey: suffix(r.rotation.newKeyId), oldKey: suffix(r.rotation.oldKeyId) }),
      ];
      if (r.removedUnusedKeyId)
        lines.push(t('rotation.removedUnused', { key: suffix(r.removedUnusedKeyId) }));
      if (r.proofAttempts > 0) lines.push(t('rotation.proofAttempts', { count: r.proofAttempts }));
      lines.push(
        r.sessionValidUntil
          ? t('rotation.sessionsStayUntil', { time: dateText(locale, r.sessionValidUntil) })
          : t('rotation.sessionsStay'),
      );
      lines.push(t('rotation.finishAfter', { date: dateText(locale, r.rotation.finishDueAt) }));
      return { tone: 'success', lines };
    }
    case 'rolled-back':
      return {
        tone: 'warning',
        lines: [
          t(r.reason === 'new-key-lost' ? 'rotation.rolledBackLost' : 'rotation.rolledBack', {
            oldKey: suffix(r.rotation.oldKeyId),
          }),
        ],
      };
    case 'second-key-in-use':
      return {
        tone: 'error',
        lines: [
          t('rotation.secondKeyInUse', {
            key: suffix(r.secondKey.accessKeyId),
            date: dateText(locale, r.secondKey.lastUsed?.date),
          }),
        ],
      };
    case 'key-not-listed':
      return { tone: 'error', lines: [t('rotation.keyNotListed', { key: r.accessKeyIdSuffix })] };
    case 'busy':
      return { tone: 'info', lines: [t('rotation.busy')] };
    case 'awaiting-finish':
    case 'needs-confirmation':
      return null;
  }
}

export function finishOutcome(t: Translate, locale: Locale, r: FinishKeyResultDto): Outcome {
  switch (r.outcome) {
    case 'finished':
      return {
        tone: 'success',
        lines: [
          t(r.alreadyGone ? 'rotation.finishedGone' : 'rotation.finished', {
            oldKey: suffix(r.deletedKeyId),
          }),
        ],
      };
    case 'old-key-used':
      return {
        tone: 'warning',
        lines: [
          t('rotation.oldKeyUsed', {
            oldKey: suffix(r.rotation.oldKeyId),
            date: dateText(locale, r.lastUse.date),
            where: whereText(t, r.lastUse),
          }),
        ],
      };
    case 'old-key-active':
      return {
        tone: 'warning',
        lines: [t('rotation.oldKeyActive', { oldKey: suffix(r.rotation.oldKeyId) })],
      };
    case 'not-due':
      return {
        tone: 'info',
        lines: [t('rotation.notDue', { due: dateText(locale, r.rotation.finishDueAt) })],
      };
    case 'busy':
      return { tone: 'info', lines: [t('rotation.busy')] };
    case 'rotation-unfinished':
      return { tone: 'info', lines: [t('rotation.interrupted', { step: r.rotation.step })] };
    case 'nothing-to-finish':
      return { tone: 'info', lines: [t('rotation.nothingToFinish')] };
  }
}

/** The outcome shown above the actions: an error as an alert, anything else as a status with details. */
export function RotationOutcome({ outcome }: { outcome: Outcome }) {
  return outcome.tone === 'error' ? (
    <div className="message message-error" role="alert" data-testid="rotation-outcome" data-tone="error">
      {outcome.lines.map((line, i) => (
        <p className="message-text" key={i}>
          {line}
        </p>
      ))}
    </div>
  ) : (
    <div
      className={`message message-${outcome.tone}`}
      role="status"
      data-testid="rotation-outcome"
      data-tone={outcome.tone}
    >
      {outcome.lines.map((line, i) => (
        <p className={i === 0 ? 'message-text' : 'message-detail'} key={i}>
          {line}
        </p>
      ))}
    </div>
  );
}
