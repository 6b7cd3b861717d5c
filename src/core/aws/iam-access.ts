/**
 * The IAM-credential policy: which credentials an IAM call is made with (base keys or the MFA session).
 * Device management, key rotation and the Funnel rotation all decide it here.
 */
import type { AwsCredentialsInput } from '../aws-client';
import { MfaTrayError } from '../errors';
import type { BaseKeys, SessionCredentials } from '../keychain/secret-store';

export type CredentialKind = 'base-keys' | 'mfa-session';

export interface IamPermission {
  /** The IAM action, e.g. iam:EnableMFADevice. */
  action: string;
  /** The resource a policy must allow it on. */
  resource: string;
  /** What the user was doing, for messages: "enable the MFA device". */
  what: string;
}

/** Where the credentials for an IAM call come from. */
export interface IamAccess {
  profile: string;
  /** Whether the profile has an MFA device it could log in with (else "log in first" is no advice). */
  hasMfaDevice: boolean;
  baseKeys(): Promise<BaseKeys>;
  /** The profile's cached MFA session, if it is still valid. */
  mfaSession(): Promise<SessionCredentials | undefined>;
  /** A previous call found the base keys denied: start with the session. */
  sessionFirst?: boolean;
}

function isDenied(error: unknown): error is MfaTrayError {
  return error instanceof MfaTrayError && error.kind === 'access-denied';
}

/**
 * IAM calls need the long-term keys — except where the account's policy denies IAM without MFA (AWS's own
 * example policy does, for most actions): then the profile's MFA session works. Tries the base keys, then
 * the session; when both are refused (or there is no session) explains which one is needed.
 */
export async function callWithIamAccess<T>(
  access: IamAccess,
  permission: IamPermission,
  call: (credentials: AwsCredentialsInput, via: CredentialKind) => Promise<T>,
): Promise<{ value: T; via: CredentialKind }> {
  const order: CredentialKind[] = access.sessionFirst
    ? ['mfa-session', 'base-keys']
    : ['base-keys', 'mfa-session'];
  let denied: MfaTrayError | undefined;
  let triedSession = false;
  for (const via of order) {
    const credentials = via === 'base-keys' ? await access.baseKeys() : await access.mfaSession();
    if (!credentials) continue;
    if (via === 'mfa-session') triedSession = true;
    try {
      return { value: await call(credentials, via), via };
    } catch (error) {
      if (!isDenied(error)) throw error;
      denied = error;
    }
  }
  const awsCode = denied?.details.awsCode;
  const cause = { cause: denied };
  const policy = `${permission.action} on ${permission.resource}`;
  if (triedSession) {
    throw new MfaTrayError(
      'access-denied',
      `Your IAM user is not allowed to ${permission.what}: AWS refused it with the long-term keys and with the MFA session of "${access.profile}".`,
      {
        awsCode,
        hint: `Ask your administrator for a policy that allows ${policy} (as AWS's example policy for managing one's own MFA device does).`,
      },
      cause,
    );
  }
  if (access.hasMfaDevice) {
    throw new MfaTrayError(
      'mfa-session-required',
      `AWS refused to ${permission.what} with the long-term keys of "${access.profile}": your account's policy probably requires MFA for this.`,
      {
        awsCode,
        hint: `Log in first (\`mfa-tray login ${access.profile}\`), then try again: the MFA session is used then. If it is still refused, the policy needs to allow ${policy}.`,
      },
      cause,
    );
  }
  throw new MfaTrayError(
    'access-denied',
    `AWS refused to ${permission.what} with the long-term keys of "${access.profile}", and the profile has no MFA device to log in with.`,
    {
      awsCode,
      hint: `Your IAM user needs a policy that allows ${policy} without MFA (AWS's example self-service MFA policy does, for setting up a device); ask your administrator.`,
    },
    cause,
  );
}
