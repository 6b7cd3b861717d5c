// Error answers of the SORACOM emulator, in SORACOM's wire format {"code","message"}, in English or
// Japanese after X-Soracom-Lang. AUM0063 (MFA code missing) is SORACOM's documented code; the others are
// this emulator's choice (SORACOM documents no code for a wrong password or OTP), kept stable for tests.
export type Lang = 'en' | 'ja';

export const ERROR_CODES = {
  invalidCredentials: 'AUM0001',
  mfaCodeRequired: 'AUM0063',
  invalidMfaCode: 'AUM0064',
  mfaAlreadyActive: 'AUM0065',
  mfaNotPending: 'AUM0066',
  tokenTimeoutOutOfRange: 'AUM0010',
  authRequired: 'AUM0050',
  invalidToken: 'AUM0051',
  forbidden: 'AUM0011',
  badRequest: 'COM0001',
  notFound: 'COM0004',
  notImplemented: 'COM0501',
  credentialsExist: 'CRD0001',
  injectedFailure: 'COM0500',
  responseViolatesSpec: 'EMU0001',
} as const;

export type ErrorName = keyof typeof ERROR_CODES;

const MESSAGES: Record<ErrorName, Record<Lang, string>> = {
  invalidCredentials: {
    en: 'Invalid email address, user name, password or AuthKey.',
    ja: 'メールアドレス、ユーザー名、パスワードまたは AuthKey が正しくありません。',
  },
  mfaCodeRequired: { en: 'MFA OTP code is required.', ja: 'MFA のワンタイムパスワードを指定してください。' },
  invalidMfaCode: { en: 'Invalid MFA OTP code.', ja: 'MFA のワンタイムパスワードが正しくありません。' },
  mfaAlreadyActive: { en: 'MFA is already enabled.', ja: 'MFA はすでに有効です。' },
  mfaNotPending: { en: 'MFA is not being enabled.', ja: 'MFA の有効化が開始されていません。' },
  tokenTimeoutOutOfRange: {
    en: 'tokenTimeoutSeconds must be between 180 and 172800.',
    ja: 'tokenTimeoutSeconds は 180 から 172800 の間で指定してください。',
  },
  authRequired: {
    en: 'X-Soracom-API-Key and X-Soracom-Token are required.',
    ja: 'X-Soracom-API-Key と X-Soracom-Token を指定してください。',
  },
  invalidToken: {
    en: 'The API key or token is invalid or has expired.',
    ja: 'API キーまたはトークンが無効か、有効期限が切れています。',
  },
  forbidden: { en: 'You are not allowed to do this.', ja: 'この操作は許可されていません。' },
  badRequest: { en: 'Bad request: %s', ja: 'リクエストが正しくありません: %s' },
  notFound: { en: 'Not found.', ja: '見つかりません。' },
  notImplemented: {
    en: 'The emulator does not serve this call.',
    ja: 'エミュレーターはこの API を提供していません。',
  },
  credentialsExist: { en: 'The credentials already exist.', ja: 'その認証情報はすでに存在します。' },
  injectedFailure: { en: 'Internal server error.', ja: 'サーバー内部エラーです。' },
  responseViolatesSpec: {
    en: 'The emulator built an answer that breaks the spec: %s',
    ja: 'エミュレーターの応答が仕様に違反しています: %s',
  },
};

export interface WireError {
  code: string;
  message: string;
}

export function wireError(name: ErrorName, lang: Lang, detail = ''): WireError {
  return { code: ERROR_CODES[name], message: MESSAGES[name][lang].replace('%s', detail) };
}

export function langOf(header: string | string[] | undefined): Lang {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.trim().toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** The wire format, checked on every error the emulator sends (the spec's APICallError is not it). */
export function isWireError(body: unknown): body is WireError {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  const b = body as Record<string, unknown>;
  return (
    keys.length === 2 &&
    typeof b.code === 'string' &&
    /^[A-Z]{3}\d{4}$/.test(b.code) &&
    typeof b.message === 'string'
  );
}
