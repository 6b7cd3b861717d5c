import type { AwsProfiles } from '../aws-profiles';
import { profileSectionName } from '../awsfiles';

/** The keys of a `[profile …]` that make the AWS CLI assume a role itself. */
export const ROLE_CONFIG_KEYS = [
  'role_arn',
  'source_profile',
  'mfa_serial',
  'external_id',
  'role_session_name',
  'duration_seconds',
] as const;

/** A role profile the user already has in ~/.aws/config. */
export interface ConfigRoleProfile {
  awsProfile: string;
  roleArn: string;
  sourceProfile: string;
  mfaSerial?: string;
  externalId?: string;
  sessionName?: string;
  durationSeconds?: number;
  region?: string;
  /** Already runs a credential_process (ours or another tool's). */
  credentialProcess?: string;
}

/** Every `[profile x]` (and `[default]`) with role_arn + source_profile, in file order. */
export async function readConfigRoleProfiles(awsProfiles: AwsProfiles): Promise<ConfigRoleProfile[]> {
  const doc = await awsProfiles.files.read('config');
  if (!doc) return [];
  const found: ConfigRoleProfile[] = [];
  for (const section of doc.sectionNames()) {
    const awsProfile = section === 'default' ? 'default' : section.match(/^profile\s+(.+)$/)?.[1];
    if (!awsProfile) continue;
    const get = (key: string) => doc.get(section, key) || undefined;
    const roleArn = get('role_arn');
    const sourceProfile = get('source_profile');
    if (!roleArn || !sourceProfile) continue;
    const duration = get('duration_seconds');
    found.push({
      awsProfile,
      roleArn,
      sourceProfile,
      mfaSerial: get('mfa_serial'),
      externalId: get('external_id'),
      sessionName: get('role_session_name'),
      durationSeconds: duration && /^\d+$/.test(duration) ? Number(duration) : undefined,
      region: get('region'),
      credentialProcess: get('credential_process'),
    });
  }
  return found;
}

/**
 * Points the user's `[profile x]` at mfa-tray: its role settings go, our credential_process comes in their
 * place; every other line (comments, region, output, other profiles, line endings) stays as it was.
 * Returns the settings taken out, so they can be put back.
 */
export async function pointRoleProfile(
  awsProfiles: AwsProfiles,
  awsProfile: string,
  credentialProcess: string,
): Promise<Record<string, string>> {
  const section = profileSectionName('config', awsProfile);
  let removed: Record<string, string> = {};
  await awsProfiles.files.update('config', (doc) => {
    removed = {};
    for (const key of ROLE_CONFIG_KEYS) {
      const value = doc.get(section, key);
      if (value !== undefined) removed[key] = value;
    }
    doc.removeKeys(section, ROLE_CONFIG_KEYS);
    doc.setKeys(section, { credential_process: credentialProcess });
  });
  return removed;
}

/** Undoes pointRoleProfile: our credential_process goes, the role settings come back. */
export async function unpointRoleProfile(
  awsProfiles: AwsProfiles,
  awsProfile: string,
  removed: Record<string, string>,
): Promise<void> {
  const section = profileSectionName('config', awsProfile);
  await awsProfiles.files.update('config', (doc) => {
    if (!doc.hasSection(section)) return;
    doc.removeKeys(section, ['credential_process']);
    if (Object.keys(removed).length > 0) doc.setKeys(section, removed);
  });
}
