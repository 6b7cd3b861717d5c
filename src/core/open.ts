import { AwsFilesStore } from './awsfiles';
import { AwsProfiles } from './aws-profiles';
import { openOsKeychain } from './keychain';
import type { SecretStore } from './keychain/secret-store';
import { mfaTrayHome } from './paths';
import { ProfileStore } from './profiles';
import { defaultCliCommand, MfaTrayCore } from './mfa-tray-core';
import type { Clock } from './clock';
import { createRoleDriver } from './roles';
import { SoracomAccounts } from './soracom/soracom-accounts';
import { SoracomDriver } from './soracom/soracom-driver';

/** The SORACOM service of each opened core (the CLI's `soracom` commands and the tray use it directly). */
const soracomOf = new WeakMap<MfaTrayCore, SoracomAccounts>();

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
  const soracom = new SoracomAccounts({
    profiles: core.profiles,
    secrets: core.secrets,
    clock: core.clock,
    env,
    cliCommand: overrides.cliCommand ?? defaultCliCommand(env),
  });
  core.addKind('soracom', new SoracomDriver(soracom));
  soracomOf.set(core, soracom);
  return core;
}

/** The SORACOM accounts service of a core made by openCore. */
export function soracomAccountsOf(core: MfaTrayCore): SoracomAccounts {
  const soracom = soracomOf.get(core);
  if (!soracom) throw new Error('This core was not opened with openCore().');
  return soracom;
}
