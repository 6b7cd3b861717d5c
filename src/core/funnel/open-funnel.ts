import { clockFromEnv, type Clock } from '../clock';
import { mfaTrayHome } from '../paths';
import type { Profile } from '../profiles';
import { sdkKeyIamFactory } from '../rotation/key-iam';
import { RotationStore } from '../rotation/rotation-store';
import type { MfaTrayCore } from '../mfa-tray-core';
import { FunnelRotation, type FunnelRotationOptions } from './funnel-rotation';
import { ProfileIam } from './profile-iam';
import { MIN_SORACOM_VALIDITY_MS, type SoracomSessionSource } from './soracom-session';
import { soracomAccountsOf } from '../open';

/**
 * FunnelRotation wired to the real world: the core's profiles, keychain and AWS sessions, rotations.json
 * beside profiles.json, the AWS SDK, the SORACOM session the SORACOM profile kind keeps in the keychain.
 * MFA_TRAY_TEST_SORACOM_PAGE_SIZE (tests only) makes the group list come in small pages.
 */
export function openFunnelRotation(
  core: MfaTrayCore,
  options: {
    codeProvider?: (profile: Profile) => Promise<string>;
    onProgress?: FunnelRotationOptions['onProgress'];
    /** The app's clock (default: the system's, or the test offset in the environment). */
    clock?: Clock;
    soracom?: SoracomSessionSource;
  } = {},
): FunnelRotation {
  const env = core.env;
  const pageSize = Number(env.MFA_TRAY_TEST_SORACOM_PAGE_SIZE);
  return new FunnelRotation({
    rotations: new RotationStore(mfaTrayHome(env)),
    clock: options.clock ?? clockFromEnv(env),
    iam: new ProfileIam({
      profiles: core.profiles,
      sessions: core,
      baseKeys: (name) => core.baseKeys(name),
      iam: sdkKeyIamFactory(env),
      ...(options.codeProvider ? { codeProvider: options.codeProvider } : {}),
    }),
    // The token's life is SORACOM's real time, not the test clock's.
    soracom: options.soracom ?? {
      session: (name) => soracomAccountsOf(core).apiSession(name, MIN_SORACOM_VALIDITY_MS),
    },
    ...(Number.isInteger(pageSize) && pageSize > 0 ? { groupPageSize: pageSize } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
