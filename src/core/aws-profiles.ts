import type { SessionCredentials } from './keychain/secret-store';
import { AwsFilesStore, profileSectionName, type IniDocument } from './awsfiles';
import { botocoreSectionFor, sectionsNamingProfile } from './awsfiles/profile-names';

const KEY_ID = 'aws_access_key_id';
const SECRET = 'aws_secret_access_key';
const TOKEN = 'aws_session_token';
const CREDENTIAL_PROCESS = 'credential_process';

const configSectionName = (profile: string) => profileSectionName('config', profile);

/**
 * What mfa-tray does to the user's AWS CLI files, in AWS terms. Every change goes through AwsFilesStore
 * (lock, re-read, lossless edit of our sections only, atomic write).
 */
export class AwsProfiles {
  constructor(readonly files: AwsFilesStore) {}

  get credentialsPath(): string {
    return this.files.credentialsPath;
  }

  get configPath(): string {
    return this.files.configPath;
  }

  /**
   * The file in which `profile` already exists (so we must not take it over), if any — however its
   * header is spelt, as long as some AWS tool reads it as that profile (`[profile  x]`, `[profile "x"]`,
   * `[profile default]`, …).
   */
  async findForeignTarget(profile: string): Promise<string | undefined> {
    const credentials = await this.files.read('credentials');
    if (credentials && sectionsNamingProfile('credentials', credentials.sectionNames(), profile).length > 0)
      return this.credentialsPath;
    const config = await this.files.read('config');
    if (config && sectionsNamingProfile('config', config.sectionNames(), profile).length > 0)
      return this.configPath;
    return undefined;
  }

  async writeSessionCredentials(profile: string, session: SessionCredentials): Promise<void> {
    await this.files.update('credentials', (doc) => {
      doc.setKeys(profile, {
        [KEY_ID]: session.accessKeyId,
        [SECRET]: session.secretAccessKey,
        [TOKEN]: session.sessionToken,
      });
    });
  }

  /** Our session keys go; lines the user added to the section stay (and with them the section). */
  async removeCredentialsSection(profile: string): Promise<void> {
    await this.files.update('credentials', (doc) => removeOurKeys(doc, profile, [KEY_ID, SECRET, TOKEN]));
  }

  /** Makes `[profile X]` carry our region (if it has none) and, for process delivery, our credential_process. */
  async ensureConfigProfile(
    profile: string,
    values: { region: string; credentialProcess?: string },
  ): Promise<void> {
    await this.files.update('config', (doc) => {
      const section = configSectionName(profile);
      const wanted: Record<string, string> = {};
      if (doc.get(section, 'region') === undefined) wanted.region = values.region;
      if (values.credentialProcess !== undefined) wanted[CREDENTIAL_PROCESS] = values.credentialProcess;
      if (Object.keys(wanted).length > 0 || !doc.hasSection(section)) doc.setKeys(section, wanted);
    });
  }

  /** Switching from process to file delivery: our credential_process line goes, the rest of the section stays. */
  async removeCredentialProcess(profile: string): Promise<void> {
    await this.files.update('config', (doc) =>
      doc.removeKeys(configSectionName(profile), [CREDENTIAL_PROCESS]),
    );
  }

  /** The keys we write go; lines the user added to the section stay (and with them the section). */
  async removeConfigProfile(profile: string): Promise<void> {
    await this.files.update('config', (doc) =>
      removeOurKeys(doc, configSectionName(profile), ['region', CREDENTIAL_PROCESS]),
    );
  }

  async readPlainKeys(profile: string): Promise<
    | {
        accessKeyId: string;
        secretAccessKey: string;
        sessionToken?: string;
        region?: string;
        mfaSerial?: string;
      }
    | undefined
  > {
    const credentials = await this.files.read('credentials');
    const accessKeyId = credentials?.get(profile, KEY_ID);
    const secretAccessKey = credentials?.get(profile, SECRET);
    if (!accessKeyId || !secretAccessKey) return undefined;
    const config = await this.files.read('config');
    // The section the AWS CLI reads, however it is spelt.
    const section = config && botocoreSectionFor('config', config.sectionNames(), profile);
    return {
      accessKeyId,
      secretAccessKey,
      sessionToken: credentials?.get(profile, TOKEN) || undefined,
      region: (section && config?.get(section, 'region')) || undefined,
      mfaSerial: (section && config?.get(section, 'mfa_serial')) || undefined,
    };
  }

  async listPlainKeyProfiles(): Promise<{ awsProfile: string; accessKeyIdSuffix: string }[]> {
    const credentials = await this.files.read('credentials');
    if (!credentials) return [];
    return credentials
      .sectionNames()
      .filter((s) => credentials.get(s, KEY_ID) && credentials.get(s, SECRET) && !credentials.get(s, TOKEN))
      .map((s) => ({ awsProfile: s, accessKeyIdSuffix: credentials.get(s, KEY_ID)!.slice(-4) }));
  }

  /**
   * Removes the plain-text key lines of `profile` from the credentials file, after copying the file to a
   * 0600 backup beside it. The section goes too if nothing else is left in it.
   */
  async scrubPlainKeys(profile: string, nowMs: number): Promise<string> {
    const stamp = new Date(nowMs).toISOString().replace(/[:.]/g, '-');
    const backupPath = `${this.credentialsPath}.mfa-tray-backup-${stamp}`;
    // The backup is taken under the same lock, from the bytes about to change.
    await this.files.update(
      'credentials',
      (doc) => {
        doc.removeKeys(profile, [KEY_ID, SECRET]);
        if (Object.keys(doc.getSection(profile) ?? {}).length === 0) doc.removeSection(profile);
      },
      { backupTo: backupPath },
    );
    return backupPath;
  }
}

/**
 * Removes `keys` from the section, and the section itself unless lines the user added remain in it
 * (other keys, or comments other than those right above the next header, which removeSection keeps).
 */
function removeOurKeys(doc: IniDocument, section: string, keys: readonly string[]): boolean {
  if (!doc.hasSection(section)) return false;
  const removed = doc.removeKeys(section, keys);
  if (doc.hasUserLines(section)) return removed;
  return doc.removeSection(section);
}
