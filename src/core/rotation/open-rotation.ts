import { setTimeout as sleep } from 'node:timers/promises';
import { clockFromEnv, type Clock } from '../clock';
import { mfaTrayHome } from '../paths';
import type { Profile } from '../profiles';
import type { MfaTrayCore } from '../mfa-tray-core';
import { sdkCallerIdentityCheck, sdkKeyIamFactory } from './key-iam';
import { KeyRotation, type KeyRotationOptions } from './key-rotation';
import { RotationStore } from './rotation-store';

/**
 * KeyRotation wired to the real world: the core's profiles, keychain and sessions, rotations.json beside
 * profiles.json, the AWS SDK. The CLI and the tray both start here; they bring the code prompt and progress.
 * MFA_TRAY_TEST_PROOF_TIMEOUT_MS (tests only) shortens the wait for a new key to work.
 */
export function openKeyRotation(
  core: MfaTrayCore,
  options: {
    codeProvider?: (profile: Profile) => Promise<string>;
    onProgress?: KeyRotationOptions['onProgress'];
    /** The app's clock (default: the system's, or the test offset in the environment). */
    clock?: Clock;
  } = {},
): KeyRotation {
  const env = core.env;
  const proofTimeout = Number(env.MFA_TRAY_TEST_PROOF_TIMEOUT_MS);
  return new KeyRotation({
    profiles: core.profiles,
    secrets: core.secrets,
    rotations: new RotationStore(mfaTrayHome(env)),
    sessions: core,
    clock: options.clock ?? clockFromEnv(env),
    iam: sdkKeyIamFactory(env),
    sts: sdkCallerIdentityCheck(env),
    sleep: (ms) => sleep(ms),
    ...(Number.isFinite(proofTimeout) && proofTimeout > 0 ? { proofTimeoutMs: proofTimeout } : {}),
    ...(options.codeProvider ? { codeProvider: options.codeProvider } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
