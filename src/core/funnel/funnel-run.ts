/**
 * What one Funnel run works with: IAM with the AWS profile's rights, one SORACOM session (the group list
 * paged), and the IAM user's ARN; plus the few facts read off SORACOM's answers.
 */
import { isMfaTrayError, type MfaTrayError } from '../errors';
import type { SoracomApiClient, SoracomApiCredentials } from '../soracom/api-client';
import {
  createAwsCredentialSet,
  deleteCredentialSet,
  listCredentialSets,
  type SoracomCredentialSet,
} from '../soracom/credentials';
import { listGroups, setFunnelCredentials, type SoracomGroup } from '../soracom/groups';
import type { ProfileIamRun } from './profile-iam';

/** One logged-in SORACOM session; groups come in pages of `pageSize` (SORACOM's `limit`) when it is set. */
export class FunnelSoracom {
  constructor(
    readonly client: SoracomApiClient,
    readonly auth: SoracomApiCredentials,
    private readonly pageSize: number | undefined,
  ) {}

  groups(): Promise<SoracomGroup[]> {
    return listGroups(this.client, this.auth, this.pageSize ? { pageSize: this.pageSize } : {});
  }

  sets(): Promise<SoracomCredentialSet[]> {
    return listCredentialSets(this.client, this.auth);
  }

  createSet(input: Parameters<typeof createAwsCredentialSet>[2]): Promise<SoracomCredentialSet> {
    return createAwsCredentialSet(this.client, this.auth, input);
  }

  /** Points the group's Funnel at the credential set. */
  pointGroup(groupId: string, credentialsId: string): Promise<SoracomGroup> {
    return setFunnelCredentials(this.client, this.auth, groupId, credentialsId);
  }

  /** DELETE /credentials/{id}; false when it was already gone. */
  async deleteSet(credentialsId: string): Promise<boolean> {
    try {
      await deleteCredentialSet(this.client, this.auth, credentialsId);
      return true;
    } catch (error) {
      if (isMfaTrayError(error) && error.details.httpStatus === 404) return false;
      throw error;
    }
  }
}

export interface FunnelRun {
  iam: ProfileIamRun;
  soracom: FunnelSoracom;
  userArn: string;
}

/** The access key id a credential set shows back (never its secret). */
export function setKeyId(set: SoracomCredentialSet | undefined): string | undefined {
  const id = set?.credentials?.accessKeyId;
  return typeof id === 'string' ? id : undefined;
}

export function groupName(group: SoracomGroup): string | null {
  return group.tags?.name || null;
}

/**
 * A group update SORACOM refused: the run goes on with the other groups. Undefined for anything that
 * stops the whole run (no session, the network, a timeout, a bug).
 */
export function groupRefusal(error: unknown): MfaTrayError | undefined {
  if (!isMfaTrayError(error) || ['no-session', 'network', 'timeout'].includes(error.kind)) return undefined;
  return error;
}
