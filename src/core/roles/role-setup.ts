import type { ProfileDto } from '../../shared/ipc-contract';
import type { Note } from '../../shared/notes';
import type { AwsProfiles } from '../aws-profiles';
import { MfaTrayError } from '../errors';
import { type Delivery, type Profile, type ProfileStore, type RoleProfile } from '../profiles';
import type { Clock } from '../clock';
import type { RoleDriver } from './role-driver';
import { checkDelivery, checkProfileName, checkRegion } from '../rules/profile-rules';
import {
  checkExternalId,
  checkRoleArn,
  checkRoleDurationSeconds,
  checkRoleSessionName,
  ROLE_CHAINING_MAX_SECONDS,
} from '../rules/role-rules';
import { pointRoleProfile, readConfigRoleProfiles, type ConfigRoleProfile } from './role-files';
import { roleStatus } from './role-status';

export interface AddRoleInput {
  name: string;
  source: string;
  roleArn: string;
  sessionName?: string;
  externalId?: string;
  durationSeconds?: number;
  region?: string;
  target?: string;
  delivery?: Delivery;
}

export interface AddRoleResult {
  profile: ProfileDto;
  notes: Note[];
}

/** What `role import` found for one `[profile x]` of ~/.aws/config, and whether it can be imported. */
export interface RoleImportCandidate extends ConfigRoleProfile {
  /** The mfa-tray IAM-user profile that source_profile stands for, when there is one. */
  source?: string;
  status: 'ready' | 'no-source' | 'exists';
}

/** Adding roles by hand and importing those ~/.aws/config already has. */
export class RoleSetup {
  constructor(
    private readonly deps: {
      profiles: ProfileStore;
      awsProfiles: AwsProfiles;
      driver: RoleDriver;
      clock: Clock;
      credentialProcessLine: (name: string) => string;
    },
  ) {}

  async add(input: AddRoleInput): Promise<AddRoleResult> {
    const source = this.sourceProfile(input.source);
    const role: RoleProfile = {
      kind: 'role',
      name: input.name,
      source: source.name,
      roleArn: input.roleArn,
      region: input.region ?? source.region,
      durationSeconds: input.durationSeconds ?? ROLE_CHAINING_MAX_SECONDS,
      target: input.target ?? `${input.name}-mfa`,
      delivery: input.delivery ?? 'file',
      ...(input.sessionName !== undefined ? { sessionName: input.sessionName } : {}),
      ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
    };
    assertRole(role);
    await this.assertTargetAvailable(role.target);
    await this.insert(role);
    await this.deps.driver.deliver(role, undefined);
    return { profile: this.statusOf(role), notes: roleNotes(role, source) };
  }

  /** The role profiles in ~/.aws/config, each with what import would do with it. */
  async importCandidates(): Promise<RoleImportCandidate[]> {
    const profiles = this.deps.profiles.load().profiles;
    const found = await readConfigRoleProfiles(this.deps.awsProfiles);
    return found.map((c) => {
      const source =
        profiles.find((p) => p.kind === 'aws' && p.name === c.sourceProfile) ??
        profiles.find((p) => p.kind === 'aws' && p.target === c.sourceProfile);
      const exists = profiles.some(
        (p) => p.name === c.awsProfile || ('target' in p && p.target === c.awsProfile),
      );
      return {
        ...c,
        ...(source ? { source: source.name } : {}),
        status: exists ? 'exists' : source ? 'ready' : 'no-source',
      };
    });
  }

  /**
   * Imports the ready candidates as roles named after their AWS profile. With `point`, the user's own
   * `[profile x]` is pointed at mfa-tray's credential_process (only its role lines change), so existing
   * scripts keep working with `--profile x`; without it, sessions go to a new `[profile x-mfa]`.
   */
  async import(
    candidates: RoleImportCandidate[],
    options: { point: boolean },
  ): Promise<{ imported: AddRoleResult[]; failed: { awsProfile: string; error: MfaTrayError }[] }> {
    const imported: AddRoleResult[] = [];
    const failed: { awsProfile: string; error: MfaTrayError }[] = [];
    for (const c of candidates) {
      if (c.status !== 'ready' || !c.source) continue;
      try {
        if (!options.point) {
          imported.push(
            await this.add({
              name: c.awsProfile,
              source: c.source,
              roleArn: c.roleArn,
              sessionName: c.sessionName,
              externalId: c.externalId,
              durationSeconds: c.durationSeconds,
              region: c.region,
            }),
          );
          continue;
        }
        const source = this.sourceProfile(c.source);
        const role: RoleProfile = {
          kind: 'role',
          name: c.awsProfile,
          source: source.name,
          roleArn: c.roleArn,
          region: c.region ?? source.region,
          durationSeconds: c.durationSeconds ?? ROLE_CHAINING_MAX_SECONDS,
          target: c.awsProfile,
          delivery: 'process',
          ...(c.sessionName !== undefined ? { sessionName: c.sessionName } : {}),
          ...(c.externalId !== undefined ? { externalId: c.externalId } : {}),
        };
        assertRole(role);
        await this.insert(role);
        const pointed = await pointRoleProfile(
          this.deps.awsProfiles,
          c.awsProfile,
          this.deps.credentialProcessLine(role.name),
        );
        await this.deps.profiles.updateOfKind(role.name, 'role', (p) => {
          p.pointed = pointed;
        });
        imported.push({ profile: this.statusOf(role), notes: roleNotes(role, source) });
      } catch (error) {
        failed.push({
          awsProfile: c.awsProfile,
          error: error instanceof MfaTrayError ? error : new MfaTrayError('internal', String(error)),
        });
      }
    }
    return { imported, failed };
  }

  private sourceProfile(name: string): Profile {
    const source = this.deps.profiles.load().profiles.find((p) => p.name === name);
    if (!source) {
      throw new MfaTrayError(
        'profile-not-found',
        `There is no mfa-tray profile named "${name}" to assume roles from.`,
        {
          hint: 'Add the IAM user first: mfa-tray profile add NAME --access-key-id AKID',
        },
      );
    }
    if (source.kind !== 'aws') {
      throw new MfaTrayError(
        'wrong-profile-kind',
        `The source of a role must be an IAM user's profile; "${name}" is a ${source.kind} profile.`,
        {
          profileKind: source.kind,
          expectedKind: 'aws',
        },
      );
    }
    return source;
  }

  private async insert(role: RoleProfile): Promise<void> {
    await this.deps.profiles.update((data) => {
      if (data.profiles.some((p) => p.name === role.name)) {
        throw new MfaTrayError('profile-exists', `An mfa-tray profile named "${role.name}" already exists.`, {
          hint: 'Pick another name.',
        });
      }
      data.profiles.push(role);
    });
  }

  private async assertTargetAvailable(target: string): Promise<void> {
    const owner = this.deps.profiles.load().profiles.find((p) => 'target' in p && p.target === target);
    if (owner) {
      throw new MfaTrayError(
        'aws-file-conflict',
        `The AWS profile "${target}" is already used by mfa-tray profile "${owner.name}".`,
        {
          hint: 'Choose another --target.',
        },
      );
    }
    const taken = await this.deps.awsProfiles.findForeignTarget(target);
    if (taken) {
      throw new MfaTrayError(
        'aws-file-conflict',
        `The AWS profile "${target}" already exists in ${taken}; mfa-tray will not take it over.`,
        {
          path: taken,
          hint: 'Choose another --target (or use `mfa-tray role import --point` for role profiles you already have).',
        },
      );
    }
  }

  private statusOf(role: RoleProfile): ProfileDto {
    const settings = this.deps.profiles.load().settings;
    return roleStatus(role, this.deps.clock.now(), settings.leadTimeSeconds * 1000);
  }
}

/** The role's fields by the rules (src/core/rules); names and ARNs are quoted, external ids never. */
function assertRole(role: RoleProfile): void {
  checkProfileName(role.name, { what: 'role profile name', quote: true });
  checkRoleArn(role.roleArn);
  if (role.sessionName !== undefined) checkRoleSessionName(role.sessionName);
  if (role.externalId !== undefined) checkExternalId(role.externalId);
  checkRegion(role.region, { quote: true });
  checkRoleDurationSeconds(role.durationSeconds);
  checkProfileName(role.target, { field: 'target', what: 'AWS profile name', quote: true });
  checkDelivery(role.delivery);
}

/** Facts about a new role, worded by the CLI (and, if ever shown there, the popup). */
function roleNotes(role: RoleProfile, source: Profile): Note[] {
  const notes: Note[] = [];
  if (role.durationSeconds > ROLE_CHAINING_MAX_SECONDS) {
    notes.push({
      code: 'role-chaining-cap',
      role: role.name,
      askedSeconds: role.durationSeconds,
      source: source.name,
    });
  }
  if (!source.mfaSerial) notes.push({ code: 'role-without-mfa', role: role.name, source: source.name });
  return notes;
}
