/**
 * Which SORACOM API a profile talks to, decided exactly as soracom-cli decides it (its endpoint.go), so
 * mfa-tray and `soracom` reach the same place for the same profile:
 *   1. $SORACOM_ENDPOINT, taken as it is;
 *   2. a coverage type given for this call (soracom-cli's --coverage-type), with the profile's sandbox flag;
 *   3. the profile's `endpoint`;
 *   4. the profile's `coverageType` (`g` → global, anything else → Japan), sandbox variants when `sandbox`.
 * API paths go after the base + "/v1" by plain concatenation, as soracom-cli builds its URLs.
 */
export const SORACOM_ENDPOINTS = {
  jp: 'https://api.soracom.io',
  g: 'https://g.api.soracom.io',
  sandboxJp: 'https://api-sandbox.soracom.io',
  sandboxG: 'https://g.api-sandbox.soracom.io',
} as const;

export const SORACOM_API_BASE_PATH = '/v1';

export interface EndpointProfile {
  endpoint?: string | undefined;
  coverageType?: string | undefined;
  sandbox?: boolean | undefined;
}

export function defaultEndpointForCoverage(coverageType: string | undefined, sandbox = false): string {
  if (sandbox) return coverageType === 'g' ? SORACOM_ENDPOINTS.sandboxG : SORACOM_ENDPOINTS.sandboxJp;
  return coverageType === 'g' ? SORACOM_ENDPOINTS.g : SORACOM_ENDPOINTS.jp;
}

export function resolveSoracomEndpoint(
  profile: EndpointProfile,
  options: { env?: NodeJS.ProcessEnv; coverageType?: string } = {},
): string {
  const fromEnv = (options.env ?? process.env).SORACOM_ENDPOINT;
  if (fromEnv) return fromEnv;
  if (options.coverageType) return defaultEndpointForCoverage(options.coverageType, profile.sandbox === true);
  // soracom-cli tests the pointer, not the text: an "endpoint": "" in the file is used as it is.
  if (profile.endpoint !== undefined) return profile.endpoint;
  return defaultEndpointForCoverage(profile.coverageType || 'jp', profile.sandbox === true);
}

/** `https://api.soracom.io` + `/v1` + `/auth`. */
export function soracomApiUrl(endpoint: string, apiPath: string): string {
  return `${endpoint}${SORACOM_API_BASE_PATH}${apiPath}`;
}
