/**
 * SORACOM's credential store, as the Funnel rotation uses it: list the sets, create one with a new AWS
 * key (write-only at SORACOM: the secret never comes back), delete an old one.
 */
import { encodePathSegment, type SoracomApiClient, type SoracomApiCredentials } from './api-client';

export interface SoracomCredentialSet {
  credentialsId: string;
  type: string;
  description?: string;
  /** What SORACOM shows back: for aws-credentials the access key id, never the secret. */
  credentials: Record<string, unknown>;
  createDateTime: number;
  updateDateTime: number;
  lastUsedDateTime: number;
}

export async function listCredentialSets(
  client: SoracomApiClient,
  auth: SoracomApiCredentials,
): Promise<SoracomCredentialSet[]> {
  const { body } = await client.request<SoracomCredentialSet[]>({
    method: 'GET',
    path: '/credentials',
    credentials: auth,
  });
  return Array.isArray(body) ? body : [];
}

export async function createAwsCredentialSet(
  client: SoracomApiClient,
  auth: SoracomApiCredentials,
  input: { credentialsId: string; description?: string; accessKeyId: string; secretAccessKey: string },
): Promise<SoracomCredentialSet> {
  const { body } = await client.request<SoracomCredentialSet>({
    method: 'POST',
    path: `/credentials/${encodePathSegment(input.credentialsId)}`,
    credentials: auth,
    body: {
      type: 'aws-credentials',
      ...(input.description !== undefined ? { description: input.description } : {}),
      credentials: { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey },
    },
  });
  return body;
}

export async function deleteCredentialSet(
  client: SoracomApiClient,
  auth: SoracomApiCredentials,
  credentialsId: string,
): Promise<void> {
  await client.request({
    method: 'DELETE',
    path: `/credentials/${encodePathSegment(credentialsId)}`,
    credentials: auth,
  });
}
