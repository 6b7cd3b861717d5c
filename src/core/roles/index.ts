import type { MfaTrayCore } from '../mfa-tray-core';
import { RoleDriver } from './role-driver';
import { lazySdkRoleSts, type RoleSts } from './role-sts';
import { RoleSetup } from './role-setup';

export { RoleDriver, ROLE_CHAINING_MAX_SECONDS, type RoleCodeNeed, type RoleRenewal } from './role-driver';
export { RoleSetup, type AddRoleInput, type RoleImportCandidate } from './role-setup';
export { underSources, rolesOf, roleStatus } from './role-status';
export type { RoleSts, AssumeRoleRequest } from './role-sts';
export type { RoleDenialReason } from './assume-role-errors';
export { refuseRemovingSourceOfRoles, removeSourceWithRoles } from './source-removal';

/** The role driver wired to a core (its keychain, files, clock, and the source's sessions and logins). */
export function createRoleDriver(core: MfaTrayCore, sts?: RoleSts): RoleDriver {
  return new RoleDriver({
    profiles: core.profiles,
    secrets: core.secrets,
    awsProfiles: core.awsProfiles,
    clock: core.clock,
    sts: sts ?? lazySdkRoleSts(core.env, () => core.clock.now()),
    sourceSession: (name, minValidityMs) => core.cachedSession(name, minValidityMs),
    loginSource: (name, code) => core.login(name, code),
    baseKeys: (name) => core.baseKeys(name),
    credentialProcessLine: (name) => core.credentialProcessLine(name),
  });
}

/** Registers roles with the core; returns the driver and the add/import side. */
export function installRoles(core: MfaTrayCore, sts?: RoleSts): { driver: RoleDriver; setup: RoleSetup } {
  const driver = createRoleDriver(core, sts);
  core.addKind('role', driver);
  const setup = new RoleSetup({
    profiles: core.profiles,
    awsProfiles: core.awsProfiles,
    driver,
    clock: core.clock,
    credentialProcessLine: (name) => core.credentialProcessLine(name),
  });
  return { driver, setup };
}
