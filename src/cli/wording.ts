import type { Note } from '../shared/notes';

/** The CLI's English for the facts the core reports (the popup words the same facts in en and ja). */
export function noteText(note: Note): string {
  switch (note.code) {
    case 'no-mfa-device':
      return `No MFA device is assigned to this IAM user yet. Set one up: "Set up MFA device" in the tray, or \`mfa-tray mfa create DEVICE_NAME --profile ${note.profile}\`.`;
    case 'several-mfa-devices':
      return `This user has ${note.count} MFA devices; using ${note.chosen}. Pass --mfa-serial to choose another.`;
    case 'root-session-cap':
      return `This looks like the account's root user: AWS caps root sessions at ${note.maxSeconds} s (${Math.round(note.maxSeconds / 3600)} h), whatever duration is asked for.`;
    case 'root-session-granted':
      return `AWS granted ${Math.round(note.grantedSeconds / 60)} min instead of ${Math.round(note.askedSeconds / 3600)} h: root sessions are capped at 3600 s.`;
    case 'keys-scrubbed':
      return `Removed the plain-text keys of [${note.awsProfile}] from ${note.file} (backup: ${note.backupPath}; delete it once you are happy).`;
    case 'clock-skew': {
      const s = note.offsetSeconds;
      return `Your computer's clock is ${Math.abs(s)} s ${s > 0 ? 'ahead of' : 'behind'} AWS's; codes may start failing. Turn on automatic time (NTP).`;
    }
    case 'login-device-replaced':
      return `"${note.profile}" logged in with ${note.previousSerial} until now; it logs in with ${note.serialNumber} from now on. The old device stays enabled for ${note.userName}: remove it with \`mfa-tray mfa remove ${note.previousSerial} --profile ${note.profile}\` if you no longer use it.`;
    case 'login-device-now':
      return `"${note.profile}" logs in with ${note.serialNumber} from now on.`;
    case 'login-device-none':
      return `"${note.profile}" has no MFA device now: set up a new one with \`mfa-tray mfa create DEVICE_NAME --profile ${note.profile}\` before the next login.`;
    case 'authenticator-secret-deleted':
      return 'The built-in authenticator’s secret is deleted from the keychain.';
    case 'device-not-deleted':
      return `It is deactivated, but could not be deleted (${note.errorKind}); it is now an unassigned device: delete it later with \`mfa-tray mfa remove ${note.serialNumber} --profile ${note.profile}\`.`;
    case 'role-not-renewed':
      return `Role "${note.role}" could not be renewed (${note.errorKind}); log it in with \`mfa-tray login ${note.role}\`.`;
    case 'role-chaining-cap':
      return `AWS caps roles assumed from a session at 1 hour; this role asks for ${note.askedSeconds} s, so it is assumed with an MFA code of "${note.source}" directly, each time.`;
    case 'role-without-mfa':
      return `"${note.source}" has no MFA device: the role is assumed without MFA.`;
  }
}
