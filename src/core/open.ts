import { AwsFilesStore } from './awsfiles';
import { AwsProfiles } from './aws-profiles';
import { openOsKeychain } from './keychain';
import type { SecretStore } from './keychain/secret-store';
import { mfaTrayHome } from './paths';
import { ProfileStore } from './profiles';
import { MfaTrayCore } from './service';
import type { Clock } from './clock';
import { createRoleDriver } from './roles';

/** The core wired to the real world: the OS keychain, the user's AWS files, MFA_TRAY_HOME. */
export function openCore(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { secrets?: SecretStore; clock?: Clock; cliCommand?: string[] } = {},
): MfaTrayCore {
  const core = new MfaTrayCore({
    profiles: new ProfileStore(mfaTrayHome(env)),
    secrets: overrides.secrets ?? openOsKeychain(env),
    awsProfiles: new AwsProfiles(AwsFilesStore.fromEnvironment(env)),
    clock: overrides.clock,
    env,
    cliCommand: overrides.cliCommand,
  });
  core.addKind('role', createRoleDriver(core));
  return core;
}
