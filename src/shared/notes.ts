/**
 * Things the user should know after an operation succeeded — facts with their parameters, never sentences.
 * The CLI words them in English (src/cli/wording.ts), the popup through its i18n tables (renderer/src/i18n/,
 * keys `note.<code>`). No Node or Electron imports: main, preload and renderer share this file.
 */
export type Note =
  /** Profile added/imported, but its IAM user has no MFA device yet. */
  | { code: 'no-mfa-device'; profile: string }
  /** The IAM user has several MFA devices; `chosen` is used. */
  | { code: 'several-mfa-devices'; count: number; chosen: string }
  /** The serial is the root user's: AWS caps its sessions at `maxSeconds`, whatever is asked. */
  | { code: 'root-session-cap'; maxSeconds: number }
  /** AWS granted a root session shorter than asked. */
  | { code: 'root-session-granted'; grantedSeconds: number; askedSeconds: number }
  /** The plain keys of `awsProfile` were removed from `file`; a copy is at `backupPath`. */
  | { code: 'keys-scrubbed'; awsProfile: string; file: string; backupPath: string }
  /** The local clock differs from AWS's by `offsetSeconds` (positive: ahead). */
  | { code: 'clock-skew'; offsetSeconds: number }
  /** The profile logged in with `previousSerial` and logs in with `serialNumber` from now on. */
  | {
      code: 'login-device-replaced';
      profile: string;
      previousSerial: string;
      serialNumber: string;
      userName: string;
    }
  /** After a removal: the profile logs in with `serialNumber` from now on. */
  | { code: 'login-device-now'; profile: string; serialNumber: string }
  /** After a removal: the profile has no MFA device left. */
  | { code: 'login-device-none'; profile: string }
  /** The built-in authenticator's secret was deleted from the keychain. */
  | { code: 'authenticator-secret-deleted' }
  /** A device was deactivated but could not be deleted (`errorKind` says why): it is unassigned now. */
  | { code: 'device-not-deleted'; serialNumber: string; profile: string; errorKind: string }
  /** After the source logged in, one of its roles could not be renewed (`errorKind` says why). */
  | { code: 'role-not-renewed'; role: string; errorKind: string }
  /** A role asking for more than AWS's 1-hour cap on chained roles is assumed with a code of its source each time. */
  | { code: 'role-chaining-cap'; role: string; askedSeconds: number; source: string }
  /** The role's source has no MFA device: the role is assumed without MFA. */
  | { code: 'role-without-mfa'; role: string; source: string };

export type NoteCode = Note['code'];
