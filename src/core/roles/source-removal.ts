/**
 * A source profile does not go while roles are assumed from it: they would be left with no way to log in
 * (and a later profile of the same name would silently become their source). Removing it takes either
 * removing its roles first, or asking for both at once.
 */
import { MfaTrayError } from '../errors';
import type { StoredProfile } from '../profiles';
import type { RoleDriver } from './role-driver';
import { rolesOf } from './role-status';

/** Throws `source-has-roles` (details.roles: their names) when roles are assumed from `source`. */
export function refuseRemovingSourceOfRoles(profiles: StoredProfile[], source: string): void {
  const roles = rolesOf(profiles, source).map((r) => r.name);
  if (roles.length === 0) return;
  const named = roles.map((r) => `"${r}"`).join(', ');
  throw new MfaTrayError(
    'source-has-roles',
    `Not removed: profile "${source}" is the source of ${roles.length === 1 ? 'role' : 'roles'} ${named}, which would be left without a way to log in.`,
    {
      roles,
      hint: `Remove ${roles.length === 1 ? 'it' : 'them'} first (mfa-tray profile remove ROLE), or together with the profile: mfa-tray profile remove ${source} --with-roles`,
    },
  );
}

/**
 * Removes `source` together with its roles: the roles first, so a failure part-way leaves the source (and
 * any role not yet removed) as it was, never a role without its source. Returns the roles removed.
 */
export async function removeSourceWithRoles(
  driver: RoleDriver,
  removeProfile: (name: string) => Promise<void>,
  source: string,
): Promise<string[]> {
  const removed = await driver.removeRolesOf(source);
  await removeProfile(source);
  return removed;
}
