/**
 * SIM groups, as the Funnel rotation uses them: list every group (SORACOM pages with `limit` /
 * `last_evaluated_key` and says there is more in the `x-soracom-next-key` header), read one, and point a
 * group's SoracomFunnel configuration at another credential set.
 */
import { MfaTrayError } from '../errors';
import { encodePathSegment, type SoracomApiClient, type SoracomApiCredentials } from './api-client';

export interface SoracomGroup {
  groupId: string;
  operatorId?: string;
  tags?: Record<string, string>;
  configuration?: Record<string, Record<string, unknown>>;
  createdTime?: number;
  lastModifiedTime?: number;
}

export const NEXT_KEY_HEADER = 'x-soracom-next-key';
/** Pages are bounded so a server that keeps answering the same next key cannot loop us forever. */
const MAX_PAGES = 1000;

export async function listGroups(
  client: SoracomApiClient,
  auth: SoracomApiCredentials,
  options: { pageSize?: number } = {},
): Promise<SoracomGroup[]> {
  const groups: SoracomGroup[] = [];
  let lastKey: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { body, headers } = await client.request<SoracomGroup[]>({
      method: 'GET',
      path: '/groups',
      credentials: auth,
      query: { limit: options.pageSize, last_evaluated_key: lastKey },
    });
    groups.push(...(Array.isArray(body) ? body : []));
    const next = headers.get(NEXT_KEY_HEADER);
    if (!next || next === lastKey) return groups;
    lastKey = next;
  }
  throw new MfaTrayError('server', `SORACOM kept paging the group list past ${MAX_PAGES} pages.`);
}

export async function getGroup(
  client: SoracomApiClient,
  auth: SoracomApiCredentials,
  groupId: string,
): Promise<SoracomGroup> {
  const { body } = await client.request<SoracomGroup>({
    method: 'GET',
    path: `/groups/${encodePathSegment(groupId)}`,
    credentials: auth,
  });
  return body;
}

/** The credential set a group's Funnel publishes with, if it has one. */
export function funnelCredentialsId(group: SoracomGroup): string | undefined {
  const id = group.configuration?.SoracomFunnel?.credentialsId;
  return typeof id === 'string' ? id : undefined;
}

export async function putGroupConfiguration(
  client: SoracomApiClient,
  auth: SoracomApiCredentials,
  groupId: string,
  namespace: string,
  entries: readonly { key: string; value: unknown }[],
): Promise<SoracomGroup> {
  const { body } = await client.request<SoracomGroup>({
    method: 'PUT',
    path: `/groups/${encodePathSegment(groupId)}/configuration/${encodePathSegment(namespace)}`,
    credentials: auth,
    body: entries,
  });
  return body;
}

export function setFunnelCredentials(
  client: SoracomApiClient,
  auth: SoracomApiCredentials,
  groupId: string,
  credentialsId: string,
): Promise<SoracomGroup> {
  return putGroupConfiguration(client, auth, groupId, 'SoracomFunnel', [
    { key: 'credentialsId', value: credentialsId },
  ]);
}
