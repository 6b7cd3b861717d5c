// What the validating layer adds to moto for access keys, so key rotation meets AWS's behaviour:
// - a deleted key is refused everywhere (InvalidClientTokenId) — moto forgets it, and the layer would otherwise
//   take an unknown key on an IAM call for the test's administrator;
// - eventual consistency: a key created through the layer is refused for `propagationDelaySeconds`;
// - GetAccessKeyLastUsed answers from the layer's own record of direct uses of each key (by the server clock),
//   which a test may overwrite with setLastUsed(). Session credentials do not count as a use of the base key.

export interface KeyLayerReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  errorCode?: string;
}

export interface KeyLastUsed {
  date: Date;
  serviceName: string;
  region: string;
}

export class AccessKeyLayer {
  /** Seconds a newly created key is refused for (AWS documents no delay; 8–15 s is typical). */
  propagationDelaySeconds = 0;

  private readonly createdAtMs = new Map<string, number>();
  private readonly deleted = new Set<string>();
  private readonly used = new Map<string, KeyLastUsed>();
  private readonly overrides = new Map<string, KeyLastUsed | null>();

  /** What GetAccessKeyLastUsed answers for this key from now on (null: never used); until the next use. */
  setLastUsed(accessKeyId: string, lastUsed: KeyLastUsed | null): void {
    this.overrides.set(accessKeyId, lastUsed);
  }

  lastUsedOf(accessKeyId: string): KeyLastUsed | null {
    return this.overrides.has(accessKeyId)
      ? (this.overrides.get(accessKeyId) ?? null)
      : (this.used.get(accessKeyId) ?? null);
  }

  /** Whether the key was deleted through the layer. */
  wasDeleted(accessKeyId: string): boolean {
    return this.deleted.has(accessKeyId);
  }

  /** Whether AWS would not know this (long-term) key right now: deleted, or created too recently. */
  refuses(accessKeyId: string, nowMs: number): boolean {
    if (this.deleted.has(accessKeyId)) return true;
    const created = this.createdAtMs.get(accessKeyId);
    return created !== undefined && nowMs - created < this.propagationDelaySeconds * 1000;
  }

  /** A request authenticated with the key itself. */
  recordUse(accessKeyId: string, service: string, authorization: string | undefined, nowMs: number): void {
    const region = /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(authorization ?? '')?.[1] ?? 'us-east-1';
    this.used.set(accessKeyId, { date: new Date(nowMs), serviceName: service, region });
    this.overrides.delete(accessKeyId);
  }

  /** CreateAccessKey / DeleteAccessKey / GetAccessKeyLastUsed: forwarded to moto, then observed or rewritten. */
  async intercept(
    action: string,
    params: URLSearchParams,
    forward: () => Promise<KeyLayerReply>,
    nowMs: number,
  ): Promise<KeyLayerReply | undefined> {
    if (!['CreateAccessKey', 'DeleteAccessKey', 'GetAccessKeyLastUsed'].includes(action)) return undefined;
    const reply = await forward();
    if (reply.status !== 200) return reply;
    const xml = reply.body.toString('utf8');
    if (action === 'CreateAccessKey') {
      const id = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1];
      if (id) this.createdAtMs.set(id, nowMs);
      return reply;
    }
    const id = params.get('AccessKeyId') ?? '';
    if (action === 'DeleteAccessKey') {
      this.deleted.add(id);
      return reply;
    }
    const used = this.lastUsedOf(id);
    const element = used
      ? `<AccessKeyLastUsed><LastUsedDate>${used.date.toISOString().replace(/\.\d{3}Z$/, 'Z')}</LastUsedDate>` +
        `<ServiceName>${used.serviceName}</ServiceName><Region>${used.region}</Region></AccessKeyLastUsed>`
      : '<AccessKeyLastUsed><ServiceName>N/A</ServiceName><Region>N/A</Region></AccessKeyLastUsed>';
    const rewritten = xml.replace(/<AccessKeyLastUsed>[\s\S]*?<\/AccessKeyLastUsed>/, element);
    return { ...reply, body: Buffer.from(rewritten, 'utf8') };
  }
}
