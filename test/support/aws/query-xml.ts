// The AWS Query protocol as the validating layer reads and writes it. @aws-sdk/client-sts, @aws-sdk/client-iam
// (3.117x) and the AWS CLI all send form-encoded POSTs (Action=...&Version=...) signed with SigV4 and expect XML
// answers: this file parses the request side (action, service, signing key, X-Amz-Date), renders AWS's error
// documents and input-validation messages, and reads values out of moto's XML.

import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';

/** What the layer answers: status, headers and body, plus the AWS error code when it is an error. */
export interface LayerReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  errorCode?: string;
}

export interface ParsedAuthorization {
  accessKeyId: string;
  service: string;
}

/** One request as the layer sees it. */
export interface IncomingCall {
  req: http.IncomingMessage;
  body: Buffer;
  params: URLSearchParams;
  action: string;
  service: string;
  authorization: ParsedAuthorization | undefined;
}

export const NAMESPACES: Record<string, string> = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
};
const SERVICE_BY_API_VERSION: Record<string, string> = { '2011-06-15': 'sts', '2010-05-08': 'iam' };

export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function xmlUnescape(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) =>
    xmlUnescape(m[1] ?? ''),
  );
}

export function xmlValue(xml: string, tag: string): string | undefined {
  return xmlValues(xml, tag)[0];
}

/** X-Amz-Date form: 20240101T120000Z. */
export function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/** Timestamps in AWS answers (Expiration, LastUsedDate): ISO 8601 without milliseconds. */
export function awsTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  // "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts/aws4_request, SignedHeaders=..., Signature=..."
  const m = header ? /Credential=([^/,\s]+)\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(header) : null;
  return m ? { accessKeyId: m[1], service: m[2] } : undefined;
}

export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function parseCall(req: http.IncomingMessage, body: Buffer): IncomingCall {
  const url = new URL(req.url ?? '/', 'http://layer');
  const params = new URLSearchParams(url.search);
  const contentType = req.headers['content-type'] ?? '';
  if (body.length > 0 && (contentType === '' || contentType.includes('x-www-form-urlencoded'))) {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params.append(name, value);
  }
  // JSON/CBOR protocols name the operation in X-Amz-Target ("Service.Operation"); they are only forwarded.
  const target = req.headers['x-amz-target'];
  const action =
    params.get('Action') ?? (typeof target === 'string' ? target.split('.').pop() : undefined) ?? 'Unknown';
  const authorization = parseAuthorization(req.headers.authorization);
  const service = authorization?.service ?? SERVICE_BY_API_VERSION[params.get('Version') ?? ''] ?? 'sts';
  return { req, body, params, action, service, authorization };
}

/** AWS's XML error document (ErrorResponse) for a Query-protocol service. */
export function errorReply(
  service: string,
  status: number,
  code: string,
  message: string,
  type: 'Sender' | 'Receiver' = 'Sender',
): LayerReply {
  const requestId = randomUUID();
  const namespace = NAMESPACES[service] ?? NAMESPACES.sts;
  const xml =
    `<ErrorResponse xmlns="${namespace}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${code}</Code>\n` +
    `    <Message>${xmlEscape(message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
  return {
    status,
    headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
    body: Buffer.from(xml, 'utf8'),
    errorCode: code,
  };
}

/** The empty success AWS sends for actions without a result (e.g. ResyncMFADevice). */
export function emptySuccessReply(service: string, action: string): LayerReply {
  const requestId = randomUUID();
  const xml =
    `<${action}Response xmlns="${NAMESPACES[service] ?? NAMESPACES.sts}"><ResponseMetadata><RequestId>${requestId}` +
    `</RequestId></ResponseMetadata></${action}Response>`;
  return {
    status: 200,
    headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
    body: Buffer.from(xml),
  };
}

/** Coral-style "N validation error(s) detected: ..." message, as AWS words input validation failures. */
export function validationMessage(violations: string[]): string {
  const count = violations.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}

export interface MemberRules {
  minLength?: number;
  maxLength?: number;
  pattern?: { source: string; regex: RegExp };
}

/** Adds AWS's wording for each constraint `value` (the request member `name`) breaks; null: not sent. */
export function checkMember(
  violations: string[],
  name: string,
  value: string | null,
  rules: MemberRules,
): void {
  if (value === null) return;
  const prefix = `Value '${value}' at '${name}' failed to satisfy constraint: Member must`;
  if (rules.minLength !== undefined && value.length < rules.minLength)
    violations.push(`${prefix} have length greater than or equal to ${rules.minLength}`);
  if (rules.maxLength !== undefined && value.length > rules.maxLength)
    violations.push(`${prefix} have length less than or equal to ${rules.maxLength}`);
  if (rules.pattern && !rules.pattern.regex.test(value))
    violations.push(`${prefix} satisfy regular expression pattern: ${rules.pattern.source}`);
}

export const DIGITS_PATTERN = { source: '[\\d]*', regex: /^\d*$/ };
export const AUTH_CODE_PATTERN = { source: '[\\d]+', regex: /^\d+$/ };
export const SERIAL_PATTERN = { source: '[\\w+=/:,.@-]*', regex: /^[\w+=/:,.@-]*$/ };
