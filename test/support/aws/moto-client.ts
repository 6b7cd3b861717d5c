// The validating layer's way to moto: forwarding a client's call (moto does not check signatures, so headers
// pass through as they are) and the layer's own IAM lookups, made as the test account's administrator.

import * as http from 'node:http';
import { amzDate, readBody, xmlValue, xmlValues, type IncomingCall, type LayerReply } from './query-xml';

export const DEFAULT_REGION = 'us-east-1';
/** Keys moto does not know: the layer takes them on IAM calls for the account's administrator. */
export const ADMIN_CREDENTIALS = {
  accessKeyId: 'AKIATESTENVADMIN0000',
  secretAccessKey: 'test-env-admin-secret',
};

/** Headers that belong to one hop of HTTP, not to the call. */
const HOP_HEADERS = ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date'];

export class MotoClient {
  private readonly url: URL;

  constructor(endpoint: string) {
    this.url = new URL(endpoint);
  }

  /**
   * Forwards the call unchanged, except that a session key (`asKey.from`, with its x-amz-security-token) is
   * swapped for its base key (`asKey.to`): moto knows nothing of the layer's session keys.
   */
  async forward(call: IncomingCall, asKey?: { from: string; to: string }): Promise<LayerReply> {
    const headers: http.OutgoingHttpHeaders = { ...call.req.headers };
    delete headers.connection;
    delete headers['keep-alive'];
    delete headers['transfer-encoding'];
    headers.host = this.url.host;
    headers['content-length'] = String(call.body.length);
    if (asKey && typeof headers.authorization === 'string') {
      headers.authorization = headers.authorization.replace(
        `Credential=${asKey.from}/`,
        `Credential=${asKey.to}/`,
      );
      delete headers['x-amz-security-token'];
    }
    const response = await this.request(call.req.method ?? 'POST', call.req.url ?? '/', headers, call.body);
    const replyHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined || HOP_HEADERS.includes(name.toLowerCase())) continue;
      replyHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const errorCode = response.status >= 400 ? xmlValue(response.body.toString('utf8'), 'Code') : undefined;
    return {
      status: response.status,
      headers: replyHeaders,
      body: response.body,
      ...(errorCode ? { errorCode } : {}),
    };
  }

  /** IAM call straight to moto (it does not check signatures), for the layer's own lookups. */
  async iam(params: Record<string, string>): Promise<{ status: number; xml: string }> {
    const body = Buffer.from(new URLSearchParams({ ...params, Version: '2010-05-08' }).toString());
    const response = await this.request(
      'POST',
      '/',
      {
        host: this.url.host,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'content-length': String(body.length),
        'x-amz-date': amzDate(new Date()),
        authorization:
          `AWS4-HMAC-SHA256 Credential=${ADMIN_CREDENTIALS.accessKeyId}/${amzDate(new Date()).slice(0, 8)}/` +
          `${DEFAULT_REGION}/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
      },
      body,
    );
    return { status: response.status, xml: response.body.toString('utf8') };
  }

  /** The user and status of a long-term key moto knows, or undefined. */
  async lookupAccessKey(accessKeyId: string): Promise<{ userName: string; status: string } | undefined> {
    const lastUsed = await this.iam({ Action: 'GetAccessKeyLastUsed', AccessKeyId: accessKeyId });
    const userName = lastUsed.status === 200 ? xmlValue(lastUsed.xml, 'UserName') : undefined;
    if (!userName) return undefined;
    const keys = await this.iam({ Action: 'ListAccessKeys', UserName: userName });
    for (const member of xmlValues(keys.xml, 'member')) {
      if (xmlValue(member, 'AccessKeyId') === accessKeyId) {
        return { userName, status: xmlValue(member, 'Status') ?? 'Active' };
      }
    }
    return undefined;
  }

  /** Serial numbers of the MFA devices assigned to the user (none if the user does not exist). */
  async listMfaSerials(userName: string): Promise<string[]> {
    const devices = await this.iam({ Action: 'ListMFADevices', UserName: userName });
    return devices.status === 200 ? xmlValues(devices.xml, 'SerialNumber') : [];
  }

  private request(
    method: string,
    path: string,
    headers: http.OutgoingHttpHeaders,
    body: Buffer,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        { host: this.url.hostname, port: this.url.port, method, path, headers, agent: false },
        (response) => {
          readBody(response).then(
            (responseBody) =>
              resolve({ status: response.statusCode ?? 502, headers: response.headers, body: responseBody }),
            reject,
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}
