/**
 * The steps of a key rotation as they happen: each step done, under way, failed or pending, worked out from
 * the checkpoints the core reports (rotation:progress events).
 */
import { Spinner } from '../../components/icons';
import { useI18n } from '../../i18n';

export type StepId = 'check' | 'removeUnused' | 'create' | 'store' | 'prove' | 'deactivate';
export type StepState = 'pending' | 'active' | 'done' | 'failed';

/** The checkpoints after which each step is done. */
export const STEP_POINTS: Record<StepId, { done: string[] }> = {
  check: { done: ['planned'] },
  removeUnused: { done: ['creating'] },
  create: { done: ['created'] },
  store: { done: ['stored'] },
  prove: { done: ['deactivating'] },
  deactivate: { done: ['deactivated'] },
};

/**
 * What each step looks like, given the checkpoints reached so far: done ones, then the one under way (while
 * running) or the one that failed (a run that ended in an error or a rollback), then pending ones.
 */
export function stepStates(
  steps: StepId[],
  reached: string[],
  running: boolean,
  failed: boolean,
): Record<StepId, StepState> {
  const states = {} as Record<StepId, StepState>;
  let current = true;
  for (const id of steps) {
    if (STEP_POINTS[id].done.some((p) => reached.includes(p))) {
      states[id] = 'done';
    } else if (current) {
      current = false;
      states[id] = running ? 'active' : failed ? 'failed' : 'pending';
    } else {
      states[id] = 'pending';
    }
  }
  return states;
}

export function RotationSteps({ steps, states }: { steps: StepId[]; states: Record<StepId, StepState> }) {
  const { t } = useI18n();
  return (
    <ol className="steps" aria-label={t('rotation.stepsLabel')} data-testid="rotation-steps">
      {steps.map((id) => (
        <li
          key={id}
          className={`step step-${states[id]}`}
          data-testid={`rotation-step-${id}`}
          data-state={states[id]}
        >
          <span className="step-mark" aria-hidden="true">
            {states[id] === 'active' ? (
              <Spinner />
            ) : states[id] === 'done' ? (
              '✓'
            ) : states[id] === 'failed' ? (
              '✕'
            ) : (
              '·'
            )}
          </span>
          <span className="step-text">{t(`rotation.step.${id}`)}</span>
          {states[id] !== 'pending' ? (
            <span className="visually-hidden">
              {t(
                states[id] === 'done'
                  ? 'rotation.stepDone'
                  : states[id] === 'active'
                    ? 'rotation.stepActive'
                    : 'rotation.stepFailed',
              )}
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
