/**
 * Every user-visible string of the renderer, in English and Japanese. `ja` must have exactly the keys of
 * `en` (the type below enforces it). `{name}` placeholders are filled by `t(key, { name })`.
 */
import { createContext, use } from 'react';
import type { Language } from '../../src/shared/ipc-contract';
import type { Note } from '../../src/shared/notes';

const en = {
  'app.name': 'mfa-tray',
  'app.loading': 'Loading…',
  'app.settings': 'Settings',
  'app.addProfile': 'Add profile',
  'app.back': 'Back',
  'app.dismiss': 'Dismiss',
  'app.retry': 'Try again',
  'app.cancel': 'Cancel',

  'state.valid': 'Valid',
  'state.expiring': 'Expiring',
  'state.expired': 'Expired',
  'state.none': 'Not logged in',

  'status.login': 'Log in',
  'status.refresh': 'Refresh',
  'status.logout': 'Log out',
  'status.edit': 'Edit {name}',
  'status.noDevice': 'No MFA device',
  'status.account': 'Account {account}',
  'status.device': 'MFA device {device}',
  'status.key': 'Access key …{suffix}',
  'status.delivery.file': 'credentials file',
  'status.delivery.process': 'credential_process',
  'status.remaining': 'Time left',
  'status.expiresAt': 'Expires at {time}',
  'status.expiredAt': 'Expired at {time}',
  'status.listLabel': 'Profiles',
  'status.emptyTitle': 'No profiles yet',
  'status.emptyBody':
    'Add an IAM user’s access key once. It stays in the OS keychain, and from then on you only type the MFA code.',
  'status.emptyAction': 'Add your first profile',
  'status.loadFailed': 'Could not load the profiles.',
  'status.loggedIn': 'Logged in to {name}. The session is valid for {duration}.',
  'status.loggedOut': 'Logged out of {name}.',
  'status.added': 'Added profile {name}.',
  'status.saved': 'Saved profile {name}.',
  'status.removed': 'Removed profile {name}.',
  'status.imported': 'Imported {awsProfile} as profile {name}.',
  'status.setupMfa': 'Set up MFA device',
  'status.mfaDevices': 'MFA devices of {name}',
  'status.builtIn': 'auto',
  'status.builtInHelp': 'The built-in authenticator logs in to this profile without a code.',
  'status.setupAbandoned':
    'Setup cancelled: the unfinished MFA device was deleted. If you scanned its QR code, delete the entry in your authenticator app too.',

  'duration.hours': '{count} h',
  'duration.hoursMinutes': '{hours} h {minutes} min',
  'duration.minutes': '{count} min',

  'otp.title': 'Enter MFA code',
  'otp.profile': 'Profile',
  'otp.device': 'MFA device',
  'otp.target': 'AWS profile',
  'otp.session': 'Session',
  'otp.instructions': 'Type the 6-digit code from your authenticator app.',
  'otp.inputLabel': 'MFA code (one-time password)',
  'otp.placeholder': '000000',
  'otp.submit': 'Log in',
  'otp.cancel': 'Cancel',
  'otp.loggingIn': 'Logging in…',
  'otp.cliWaiting': 'An AWS CLI call is waiting for this code',
  'otp.cliWaitingMany': '{count} AWS CLI calls are waiting for this code',
  'otp.reasonExpiring': 'The session is about to expire.',
  'otp.reasonExpired': 'The session has expired.',
  'otp.needSixDigits': 'Enter all 6 digits of the code.',
  'otp.noDevice':
    'This profile has no MFA device yet. Set one up here, or add the ARN of an existing device in the profile settings.',
  'otp.editProfile': 'Edit profile',
  'otp.setupMfa': 'Set up MFA device',
  'otp.builtIn': 'Log in with the built-in authenticator',
  'otp.builtInHelp': 'mfa-tray keeps this device’s secret and makes the code itself.',
  'otp.builtInBusy': 'Logging in with the built-in authenticator…',
  'otp.or': 'or type a code',

  'error.wrong-code':
    'AWS did not accept that code. Check that it is the current code of this MFA device and try again.',
  'error.code-reused': 'Code already used — next code in {seconds} s',
  'error.code-reused-ready': 'Code already used — enter the next code now',
  'error.clock-skew':
    'AWS rejected the request because your computer’s clock is off. Turn on automatic time (NTP) and try again.',
  'error.clock-ahead': 'Your clock is {seconds} s ahead of AWS',
  'error.clock-behind': 'Your clock is {seconds} s behind AWS',
  'error.invalid-serial':
    'The MFA device set for this profile does not belong to this IAM user. Check the device ARN in the profile settings.',
  'error.no-mfa-device': 'This profile has no MFA device yet. Set one up with “Set up MFA device”.',
  'error.invalid-base-key':
    'AWS does not accept the access key stored for this profile (deleted, deactivated or mistyped). Enter the keys again in the profile settings.',
  'error.access-denied': 'AWS denied the request. Check the IAM user’s permissions.',
  'error.network': 'Could not reach AWS. Check your network connection and try again.',
  'error.throttled': 'AWS is limiting requests right now. Wait a moment and try again.',
  'error.server': 'AWS answered with a server error. Try again in a moment.',
  'error.keychain-unavailable': 'The OS keychain is not available. Check that it is installed and running.',
  'error.keychain-locked': 'The OS keychain is locked. Unlock it and try again.',
  'error.profile-not-found': 'The profile was not found.',
  'error.profile-exists': 'A profile with this name already exists. Choose another name.',
  'error.metadata-damaged':
    'mfa-tray’s profile list is damaged and was left as it is. Your keys are still in the keychain.',
  'error.aws-file-unparseable': 'An AWS file could not be read, so mfa-tray left it unchanged.',
  'error.aws-file-conflict': 'That AWS profile is already in use. Choose another target AWS profile.',
  'error.no-session': 'There is no session for this profile. Log in first.',
  'error.cancelled': 'Cancelled.',
  'error.timeout': 'The request timed out. Try again.',
  'error.invalid-auth-codes':
    'AWS did not accept the two codes. Enter the code your app shows now, wait until it changes, then enter the new one. Check that you use the entry you just scanned.',
  'error.mfa-device-limit':
    'This IAM user already has 8 MFA devices, the most AWS allows. Remove one you no longer use first.',
  'error.entity-exists':
    'A virtual MFA device with this name already exists in the AWS account. Choose another name, or delete the unfinished one from the MFA device list.',
  'error.mfa-device-not-found':
    'AWS does not know this MFA device (it may have been deleted). Reload the list.',
  'error.mfa-session-required':
    'With these keys AWS allows this only after MFA. Log in to this profile first, then try again.',
  'error.confirmation-required': 'This profile logs in with this device: confirm a second time to remove it.',
  'error.root-user':
    'These keys belong to the AWS account’s root user. Set up the root user’s MFA device in the AWS console.',
  'error.file-not-regular':
    'A file mfa-tray has to read or write is not a regular file (a folder, a pipe or a device), so it was left alone.',
  'error.file-read-only': 'A file mfa-tray has to change is read-only, so it was left unchanged.',
  'error.file-permission': 'The system did not allow mfa-tray to change a file; it was left unchanged.',
  'error.file-missing':
    'A file or folder mfa-tray needs does not exist (a broken link?); nothing was changed.',
  'error.file-exists': 'That file already exists. Choose a new file name.',
  'error.disk-full': 'The disk is full, so the file was left unchanged. Free some space and try again.',
  'error.invalid-input': 'Check what you entered: it is not valid here.',
  'error.unknown': 'Something went wrong.',

  'note.no-mfa-device': 'This IAM user has no MFA device yet. Set one up with “Set up MFA device”.',
  'note.several-mfa-devices':
    'This user has {count} MFA devices; using {chosen}. Edit the profile to choose another.',
  'note.root-session-cap': 'This is the account’s root user: AWS caps its sessions at {hours} h.',
  'note.root-session-granted':
    'AWS granted {minutes} min instead of {hours} h: root sessions are capped at 1 h.',
  'note.keys-scrubbed':
    'The plain-text keys of [{awsProfile}] were removed from {file}. A backup is at {backupPath}; delete it once you are happy.',
  'note.clock-ahead':
    'Your computer’s clock is {seconds} s ahead of AWS; codes may start failing. Turn on automatic time.',
  'note.clock-behind':
    'Your computer’s clock is {seconds} s behind AWS; codes may start failing. Turn on automatic time.',
  'note.login-device-replaced':
    '“{profile}” logs in with {serialNumber} from now on. The old device {previousSerial} stays enabled for {userName}; remove it in the device list if you no longer use it.',
  'note.login-device-now': '“{profile}” logs in with {serialNumber} from now on.',
  'note.login-device-none': '“{profile}” has no MFA device now. Set up a new one before the next login.',
  'note.authenticator-secret-deleted': 'The built-in authenticator’s secret was deleted from the keychain.',
  'note.device-not-deleted':
    '{serialNumber} is deactivated but could not be deleted; delete it later from the device list.',
  'note.role-not-renewed': 'The role “{role}” could not be renewed. Log it in again.',

  'form.addTitle': 'Add profile',
  'form.editTitle': 'Edit {name}',
  'form.keysSection': 'Access key',
  'form.sessionSection': 'Session',
  'form.name': 'Profile name',
  'form.nameHelp': 'Letters, digits and _ . @ + = , -',
  'form.accessKeyId': 'Access key ID',
  'form.accessKeyIdKeep': 'Leave empty to keep the stored key (…{suffix}).',
  'form.secret': 'Secret access key',
  'form.secretHelp': 'Stored only in the OS keychain; it is never shown again.',
  'form.secretKeep': 'Leave empty to keep the stored secret access key.',
  'form.secretNeeded': 'Enter the secret access key that belongs to the new access key ID.',
  'form.mfaSerial': 'MFA device ARN',
  'form.mfaSerialHelp': 'Leave empty to look it up with the keys when saving.',
  'form.detect': 'Detect',
  'form.detecting': 'Detecting…',
  'form.detectNeedsKeys': 'Enter the access key ID and the secret access key first.',
  'form.detectNone': 'No MFA device is assigned to this IAM user.',
  'form.region': 'Region',
  'form.duration': 'Session duration',
  'form.durationHelp': 'AWS caps sessions of the root user at 1 h.',
  'form.durationDefault': '{duration} (default)',
  'form.target': 'Target AWS profile',
  'form.targetHelp': 'Use it as: aws … --profile {target}',
  'form.delivery': 'How the AWS CLI gets the session',
  'form.deliveryFile': 'Credentials file',
  'form.deliveryFileHelp': 'Writes the session keys into ~/.aws/credentials. Works with every AWS tool.',
  'form.deliveryProcess': 'credential_process',
  'form.deliveryProcessHelp': 'Nothing secret on disk: the AWS CLI asks mfa-tray on each call.',
  'form.required': 'This field is required.',
  'form.add': 'Add profile',
  'form.save': 'Save',
  'form.saving': 'Saving…',
  'form.remove': 'Remove profile…',
  'form.removeTitle': 'Remove {name}?',
  'form.removeBody':
    'Its access keys are deleted from the OS keychain, and the AWS profile {target} is removed from ~/.aws/credentials and ~/.aws/config. The IAM user and its keys in AWS stay as they are.',
  'form.removeConfirm': 'Remove',
  'form.removing': 'Removing…',
  'form.notFound': 'This profile no longer exists.',
  'form.mfaSetup': 'Set up a new MFA device',
  'form.mfaManage': 'Manage MFA devices',

  'mfa.setupTitle': 'Set up MFA device',
  'mfa.step': 'Step {step} of 3',
  'mfa.intro':
    'mfa-tray creates a virtual MFA device for IAM user {user} and shows its QR code. Scan it with an authenticator app on your phone: from then on, that app makes the codes for logging in to {profile}.',
  'mfa.introNoUser':
    'mfa-tray creates a virtual MFA device for the IAM user of {profile} and shows its QR code. Scan it with an authenticator app on your phone: from then on, that app makes the codes for logging in.',
  'mfa.deviceName': 'Device name',
  'mfa.deviceNameHelp':
    'Letters, digits and _ + = , . @ - (no spaces). Your authenticator app shows it next to “Amazon Web Services”.',
  'mfa.deviceNameInvalid': 'Use only letters, digits and _ + = , . @ - (1 to 226 characters).',
  'mfa.count': '{count} of {limit} MFA devices',
  'mfa.limitHelp': 'AWS allows at most {limit} MFA devices per IAM user.',
  'mfa.limitReached':
    '{user} already has {limit} MFA devices, the most AWS allows. Remove one you no longer use before setting up another.',
  'mfa.create': 'Create device',
  'mfa.creating': 'Creating…',
  'mfa.abandon': 'Cancel setup',
  'mfa.abandoning': 'Deleting the unfinished device…',
  'mfa.scanTitle': 'Scan the QR code',
  'mfa.scanBody':
    'In your authenticator app (Google Authenticator, Microsoft Authenticator, Authy, 1Password…), add an account and scan this QR code.',
  'mfa.qrAlt': 'QR code of the virtual MFA device {device}',
  'mfa.showSeed': 'Can’t scan? Show the key',
  'mfa.hideSeed': 'Hide the key',
  'mfa.seedHelp':
    'In the app, choose to enter a setup key, pick “time-based”, and type this key. Keep it to yourself: anyone who has it can make your codes.',
  'mfa.seedNotStored': 'Shown only during this setup; mfa-tray does not save it.',
  'mfa.next': 'Next',
  'mfa.codesTitle': 'Enter two consecutive codes',
  'mfa.codesBody':
    'AWS turns the device on when it sees two consecutive codes: the one your app shows now, then the next one.',
  'mfa.code1': 'Code shown now',
  'mfa.code2': 'Next code',
  'mfa.nextWindow': 'Wait for the next code: {seconds} s',
  'mfa.nextWindowReady': 'Now enter the new code.',
  'mfa.sameCode': 'Both codes are the same. Wait until your app shows a new code, then enter that one.',
  'mfa.needSixDigits': 'Enter both codes, 6 digits each.',
  'mfa.showQrAgain': 'Show the QR code again',
  'mfa.builtInOptIn': 'Also use mfa-tray as the authenticator (log in without typing codes)',
  'mfa.builtInWarning':
    'The built-in authenticator keeps the MFA secret in this computer’s keychain, next to your access key: both factors then live on this computer, so whoever can use your account on it can log in to AWS as you without your phone. Turn it on only if that is acceptable for this AWS account.',
  'mfa.enable': 'Turn on device',
  'mfa.enabling': 'Turning on…',
  'mfa.doneTitle': 'Your MFA device is ready',
  'mfa.done': 'Device {device} is now used to log in to {profile}.',
  'mfa.doneBuiltIn':
    'The built-in authenticator is on: mfa-tray logs in to {profile} and refreshes its session without asking for codes. You can turn it off in the MFA device list.',
  'mfa.doneNext':
    'To log in, wait until your app shows a new code: the codes you just entered have been used.',
  'mfa.doneNotKept': 'mfa-tray did not keep the key: only your authenticator app has it.',
  'mfa.loginNow': 'Log in now',
  'mfa.finish': 'Done',
  'mfa.expired':
    'The setup was left unfinished for more than 15 minutes, so the unfinished device was deleted. Delete its entry in your authenticator app, then start again.',
  'mfa.startAgain': 'Start again',
  'mfa.cliWaiting':
    'An AWS CLI call is waiting for a code for {name}. Its prompt opens when you finish or cancel this setup.',
  'mfa.factUser': 'IAM user {user}',
  'mfa.donePrevious':
    'Until now, {profile} logged in with {previous}. That device stays turned on for {user}: remove it in the MFA device list if you no longer use it.',
  'mfa.doneBuiltInDropped':
    'The built-in authenticator held the previous device’s secret; that secret was deleted from the keychain.',

  'mfa.devicesTitle': 'MFA devices · {name}',
  'mfa.userLine': 'IAM user {user} · account {account}',
  'mfa.assignedTitle': 'Devices of {user}',
  'mfa.noDevices': 'No MFA device yet.',
  'mfa.enabledOn': 'Enabled {date}',
  'mfa.badgeLogin': 'Used for login',
  'mfa.badgeBuiltIn': 'Built-in authenticator',
  'mfa.setupNew': 'Set up a new device',
  'mfa.resync': 'Resync',
  'mfa.resyncTitle': 'Resync {device}',
  'mfa.resyncBody':
    'If AWS keeps refusing this device’s codes, its clock has drifted. Enter two consecutive codes to resynchronize it.',
  'mfa.resyncing': 'Resyncing…',
  'mfa.resynced': 'Resynced {device}.',
  'mfa.remove': 'Remove',
  'mfa.removeTitle': 'Remove {device}?',
  'mfa.removeConfirm': 'Remove',
  'mfa.removing': 'Removing…',
  'mfa.removeAgainBody':
    'After removing it, logging in to {profile} stops working until you set up another device. Remove it anyway?',
  'mfa.removed': 'Removed {device}.',
  'mfa.consequence.unassigned':
    'It is not turned on for anyone, so nothing stops working. If someone is setting it up right now, their setup fails.',
  'mfa.consequence.assigned':
    'AWS stops accepting this device’s codes for IAM user {user}, console sign-in included.',
  'mfa.consequence.onlyDevice':
    'It is {user}’s only MFA device: until a new one is set up, whatever your policies allow only with MFA stops working.',
  'mfa.consequence.loginDevice':
    '{profile} logs in with this device: logging in and refreshing stop working until another device is set up.',
  'mfa.consequence.sessionStays': 'The current session of {profile} stays valid until it expires.',
  'mfa.consequence.loginDeviceSwitch':
    '{profile} logs in with this device: from then on it logs in with {next}, with that device’s codes.',
  'mfa.removeAgainBodySwitch':
    'After removing it, {profile} logs in with {next}: codes from this device stop working. Remove it anyway?',
  'mfa.consequence.builtIn': 'The secret kept by the built-in authenticator is deleted from the keychain.',
  'mfa.consequence.appEntry':
    'The virtual device is deleted from AWS: delete its entry in your authenticator app too.',
  'mfa.orphansTitle': 'Unfinished devices in the account',
  'mfa.orphansHelp':
    'Virtual MFA devices that were created but never turned on, for example by an interrupted setup. Nobody can use them.',
  'mfa.noOrphans': 'None: nothing was left behind.',
  'mfa.orphansUnavailable': 'Your IAM user may not list the account’s unfinished devices.',
  'mfa.orphanDelete': 'Delete',
  'mfa.orphanDeleteTitle': 'Delete {device}?',
  'mfa.orphanInProgress': 'being set up here',
  'mfa.builtInOn': 'Built-in authenticator is on',
  'mfa.builtInOnBody':
    'mfa-tray keeps the secret of {device} in this computer’s keychain and logs in without codes.',
  'mfa.builtInStale':
    'The kept secret belongs to {device}, not to the device {profile} logs in with, so it is not used.',
  'mfa.builtInOff': 'Turn off and delete the secret',
  'mfa.builtInTurnedOff': 'The built-in authenticator is off; its secret was deleted from the keychain.',
  'mfa.loadFailed': 'Could not list the MFA devices.',
  'mfa.reload': 'Reload',

  'import.title': 'Import from ~/.aws/credentials',
  'import.body':
    'These AWS profiles keep access keys in plain text. Importing moves the keys into the OS keychain.',
  'import.scrub': 'Remove the plain-text keys from ~/.aws/credentials (a backup is kept)',
  'import.button': 'Import',
  'import.importing': 'Importing…',
  'import.key': 'key …{suffix}',
  'import.manual': 'Or enter the keys',

  'settings.title': 'Settings',
  'settings.lead': 'Warn before a session expires',
  'settings.leadHelp': 'Sessions show as “expiring” for this long before they end.',
  'settings.leadMinutes': '{count} min before',
  'settings.notifications': 'Show notifications',
  'settings.notificationsHelp': 'When a session is about to expire, or an AWS CLI call needs a code.',
  'settings.startAtLogin': 'Start mfa-tray when you log in',
  'settings.language': 'Language',
  'settings.languageSystem': 'System',
  'settings.languageEn': 'English',
  'settings.languageJa': '日本語',
  'settings.saving': 'Saving…',
  'settings.saved': 'Saved',
  'settings.version': 'mfa-tray {version} · {platform}',

  'soracom.mark': 'SORACOM',
  'soracom.markHelp': 'SORACOM account',
  'soracom.addEntry': 'Add SORACOM account',
  'soracom.addTitle': 'Add SORACOM account',
  'soracom.editTitle': 'Edit {name}',
  'soracom.notFound': 'This SORACOM account was removed meanwhile.',
  'soracom.name': 'Profile name',
  'soracom.nameHelp': 'The soracom-cli profile of the same name runs mfa-tray for its credentials.',
  'soracom.authMode': 'Sign in as',
  'soracom.mode.root': 'Root user',
  'soracom.mode.sam': 'SAM user',
  'soracom.mode.authkey': 'Auth key',
  'soracom.email': 'Email address',
  'soracom.operatorId': 'Operator ID',
  'soracom.userName': 'SAM user name',
  'soracom.authKeyId': 'Auth key ID',
  'soracom.password': 'Password',
  'soracom.authKey': 'Auth key secret',
  'soracom.secretHelp': 'Kept in the OS keychain only; it is never shown again.',
  'soracom.secretKeep': 'Leave it empty to keep the stored one.',
  'soracom.secretRequired': 'Enter the password or the auth key secret.',
  'soracom.coverage': 'Coverage',
  'soracom.coverage.jp': 'Japan (jp)',
  'soracom.coverage.g': 'Global (g)',
  'soracom.tokenTimeout': 'Token valid for',
  'soracom.codeCommand': 'Code command (optional)',
  'soracom.codeCommandHelp':
    'A command that prints the 6-digit code, like op item get ITEM --otp. It runs without a shell.',
  'soracom.add': 'Add account',
  'soracom.save': 'Save',
  'soracom.saving': 'Saving…',
  'soracom.remove': 'Remove account',
  'soracom.removeTitle': 'Remove {name}?',
  'soracom.removeBody':
    'mfa-tray logs out, deletes the password and the token from the keychain, and removes the soracom-cli profile {target} it wrote.',
  'soracom.removeConfirm': 'Remove',
  'soracom.removing': 'Removing…',
  'soracom.setupMfa': 'Set up MFA',
  'soracom.added': 'Added SORACOM account {name}.',
  'soracom.saved': 'Saved SORACOM account {name}.',
  'soracom.codeHandedOut': 'The code went to soracom-cli for {name}.',

  'soracomMfa.title': 'MFA for {name}',
  'soracomMfa.authKey': 'Auth keys sign in without MFA: there is nothing to set up.',
  'soracomMfa.statusLabel': 'MFA status',
  'soracomMfa.status.ACTIVE': 'On',
  'soracomMfa.status.INACTIVE': 'Off',
  'soracomMfa.status.UNCONFIRMED': 'Waiting for the first code',
  'soracomMfa.needLogin': 'Setting up MFA needs a session: log in to this account first.',
  'soracomMfa.intro':
    'SORACOM makes a new MFA secret for this account. Scan its QR code with your authenticator app, then enter the code the app shows.',
  'soracomMfa.start': 'Show the QR code',
  'soracomMfa.starting': 'Asking SORACOM…',
  'soracomMfa.scanBody': 'Scan this QR code with your authenticator app.',
  'soracomMfa.qrAlt': 'QR code of the SORACOM MFA secret for {account}',
  'soracomMfa.codeLabel': 'Code from your authenticator app',
  'soracomMfa.verify': 'Turn on MFA',
  'soracomMfa.verifying': 'Checking the code…',
  'soracomMfa.doneTitle': 'MFA is on for {name}.',
  'soracomMfa.doneSam': 'From now on SORACOM asks this user for a code at every sign-in.',
  'soracomMfa.backupTitle': 'Backup codes',
  'soracomMfa.backupBody':
    'Each backup code signs you in once without your phone. They are shown only now and mfa-tray does not keep them: save them somewhere safe.',
  'soracomMfa.copy': 'Copy the codes',
  'soracomMfa.copied': 'Copied',
  'soracomMfa.saved': 'I saved them',
  'soracomMfa.close': 'Close',
  'soracomMfa.loginNow': 'Log in now',

  'otp.soracomCliWaiting': 'soracom-cli is waiting for a code for {name}',
  'otp.soracomCliWaitingMany': '{count} soracom-cli calls are waiting for a code for {name}',
  'otp.soracomAccount': 'SORACOM account',
  'otp.soracomSubmit': 'Send the code',
  'otp.soracomTarget': 'soracom-cli profile',
  'soracom.delivery': 'profileCommand',

  'error.soracom-auth-failed': 'SORACOM did not accept the password or the MFA code.',
  'error.soracom-code-required': 'SORACOM asks for an MFA code for this account.',
  'error.soracom-api': 'SORACOM answered with an error.',
  'error.soracom-code': 'SORACOM code {code}',
  'error.no-code-source':
    'No MFA code source is set up for this profile. Keep the tray app running, add a code command, or turn on the built-in authenticator.',
  'app.menu': 'More',
  'app.help': 'Help',
  'app.quit': 'Quit mfa-tray',
  'status.more': 'More actions for {name}',
  'status.notLoggedIn': 'Not logged in',
  'status.expiredJustNow': 'Expired just now',
  'status.expiredMinutesAgo': 'Expired {count} min ago',
  'status.expiredHoursAgo': 'Expired {count} h ago',
  'status.expiredDaysAgo': 'Expired {count} d ago',
  'status.search': 'Search profiles',
  'status.searchNone': 'No profile matches “{query}”.',
  'status.use': 'Use:',
  'status.copy': 'Copy',
  'status.copied': 'Copied',
  'status.copyTitle': 'Copy {text}',
  'error.openProfileSettings': 'Open profile settings',
  'mfa.timeLimit':
    'Once the QR code is shown, you have 15 minutes to finish; after that, the unfinished device is deleted.',
  'mfa.abandonTitle': 'Cancel the setup of {device}?',
  'mfa.abandonBody':
    'The device is deleted in AWS. If you already scanned the QR code, delete its entry in your authenticator app too: its codes will not work.',
  'mfa.abandonConfirm': 'Cancel setup',
  'mfa.continueSetup': 'Continue setup',
  'form.codeCommand': 'Code command (optional)',
  'form.codeCommandHelp':
    'A command that prints the current 6-digit code, run without a shell at login. For example:',
  'form.detectFound': 'Found {device}.',
  'form.codeCommandNoShell':
    'The command runs without a shell: pipes, redirections and variables do not work. Put them in a script and enter its path.',
  'form.codeCommandTooLong': 'The command is too long.',
  'form.codeCommandEmpty': 'Enter a command, or leave the field empty.',
  // rotation & funnel
  'rotation.menu': 'Rotate key',
  'rotation.title': 'Rotate access key',
  'rotation.keyAge': 'key {days} d',
  'rotation.keyAgeTitle': 'The access key …{suffix} was created {days} days ago.',
  'rotation.keyAgeOld': 'The access key …{suffix} is {days} days old: time to rotate it.',
  'rotation.keyAgeUnknown': 'Age unknown (log in once to learn it)',
  'rotation.profile': 'Profile',
  'rotation.currentKey': 'Access key',
  'rotation.age': 'Age',
  'rotation.ageDays': '{days} days (created {date})',
  'rotation.intro':
    'A new key is created and stored in the keychain, proven to work, and only then is the old one deactivated. The old key is deleted later, with Finish, once nothing uses it.',
  'rotation.needsCode':
    'There is no session for {name} that outlasts the rotation: type one code for the whole rotation.',
  'rotation.start': 'Rotate key',
  'rotation.resume': 'Complete the interrupted rotation',
  'rotation.interrupted':
    'A rotation stopped at “{step}”. Completing it goes on from there, or rolls it back.',
  'rotation.running': 'Rotating…',
  'rotation.step.check': 'Check the user’s access keys',
  'rotation.step.removeUnused': 'Remove the unused second key',
  'rotation.step.create': 'Create the new key',
  'rotation.step.store': 'Store it in the keychain',
  'rotation.step.prove': 'Prove the new key works (retrying while it propagates)',
  'rotation.step.deactivate': 'Deactivate the old key',
  'rotation.stepsLabel': 'Rotation steps',
  'rotation.stepDone': 'done',
  'rotation.stepActive': 'in progress',
  'rotation.stepFailed': 'failed',
  'rotation.rotated': 'The new key …{newKey} works and is in use; the old key …{oldKey} is deactivated.',
  'rotation.proofAttempts': 'The new key worked after {count} attempt(s).',
  'rotation.sessionsStay': 'Sessions made with the old key stay valid until they expire.',
  'rotation.sessionsStayUntil': 'Sessions made with the old key stay valid until they expire ({time}).',
  'rotation.finishAfter': 'Finish deletes the old key after {date}.',
  'rotation.removedUnused': 'The unused key …{key} was deleted first.',
  'rotation.rolledBack':
    'The new key did not work, so it was deleted and the old key …{oldKey} kept. Nothing changed.',
  'rotation.rolledBackLost': 'The interrupted rotation was rolled back: the old key …{oldKey} stays in use.',
  'rotation.confirmTitle': 'Remove the second access key …{key}?',
  'rotation.confirmBody':
    'AWS allows two access keys per user, and this user already has a second one. It is {status} and {used}. To make room for the new key, mfa-tray can delete it.',
  'rotation.confirmUsedNever': 'has never been used',
  'rotation.confirmUsedAt': 'was last used on {date}',
  'rotation.statusActive': 'active',
  'rotation.statusInactive': 'inactive',
  'rotation.confirmRemove': 'Remove it and rotate',
  'rotation.removing': 'Rotating…',
  'rotation.secondKeyInUse':
    'The user’s second access key …{key} is active and was used on {date}. mfa-tray does not touch it: deactivate or delete it yourself, then rotate.',
  'rotation.keyNotListed':
    'The keychain’s key …{key} is not one of this user’s access keys (deleted or replaced outside mfa-tray). Edit the profile’s keys first.',
  'rotation.busy': 'Another run is working on this rotation right now. Try again in a moment.',
  'rotation.awaitingFinish':
    'The old key …{oldKey} was deactivated on {deactivated}. Finish deletes it after {due}.',
  'rotation.finishDue':
    'The grace period is over: Finish checks that nothing used the old key …{oldKey}, then deletes it.',
  'rotation.finish': 'Finish',
  'rotation.finishing': 'Finishing…',
  'rotation.finished': 'The old key …{oldKey} is deleted. The rotation is complete.',
  'rotation.finishedGone': 'The old key …{oldKey} was already gone. The rotation is complete.',
  'rotation.oldKeyUsed':
    'The old key …{oldKey} was used after its deactivation, on {date} in {where}. It was not deleted: find what still uses it, then Finish again.',
  'rotation.oldKeyActive':
    'Someone turned the old key …{oldKey} on again, so something may use it. It was not deleted.',
  'rotation.notDue': 'Not yet: Finish deletes the old key after {due}.',
  'rotation.nothingToFinish': 'There is no rotation to finish.',
  'rotation.lastRotated': 'Last rotation finished on {date}.',
  'rotation.lastRolledBack': 'The last rotation was rolled back on {date}.',
  'rotation.close': 'Close',
  'rotation.codeLabel': 'MFA code',
  'rotation.unknownService': 'an unknown service',
  'settings.keyAgeReminder': 'Remind me to rotate access keys',
  'settings.keyAgeReminderHelp':
    'The tray reminds you, at most once a day, when a key is this old or a rotation can be finished.',
  'settings.keyAgeReminderOff': 'Never',
  'settings.keyAgeReminderDays': 'After {count} days',
  'funnel.menu': 'SORACOM Funnel keys',
  'funnel.title': 'Funnel keys',
  'funnel.intro':
    'Rotates the AWS key SORACOM Funnel publishes with: a new key goes straight into a new credential set, the SIM groups move to it, and Finish deletes the old key and set later.',
  'funnel.none': 'No Funnel rotation yet.',
  'funnel.rotateNow': 'Rotate now',
  'funnel.listLabel': 'Funnel rotations',
  'funnel.by': 'IAM user {user} · AWS profile {aws}',
  'funnel.lastRotation': 'Last rotation {date}',
  'funnel.left.nothing': 'Complete',
  'funnel.left.finish': 'Finish after {date}',
  'funnel.left.finishDue': 'Ready to finish',
  'funnel.left.resume': 'Stopped: resume or roll back',
  'funnel.groups': 'SIM groups',
  'funnel.group': 'Group',
  'funnel.uses': 'Uses',
  'funnel.groupState.pending': 'not moved',
  'funnel.groupState.moving': 'moving',
  'funnel.groupState.moved': 'moved',
  'funnel.groupState.failed': 'failed',
  'funnel.groupState.restored': 'moved back',
  'funnel.finish': 'Finish',
  'funnel.finishing': 'Finishing…',
  'funnel.resume': 'Resume',
  'funnel.rollback': 'Roll back',
  'funnel.rollbackTitle': 'Roll back this Funnel rotation?',
  'funnel.rollbackBody':
    'The groups are pointed back at their old credential sets, and the new key and set {set} are deleted.',
  'funnel.rollingBack': 'Rolling back…',
  'funnel.form.aws': 'AWS profile (makes the IAM calls)',
  'funnel.form.user': 'IAM user Funnel publishes as',
  'funnel.form.soracom': 'SORACOM account',
  'funnel.form.prefix': 'Credential set prefix',
  'funnel.form.prefixHelp':
    'Groups whose Funnel credential set starts with this move to the new set {example}.',
  'funnel.form.code': 'MFA code for the AWS profile',
  'funnel.form.codeHelp': 'The AWS profile has no session: one code serves the whole rotation.',
  'funnel.form.plan': 'Show the plan',
  'funnel.form.planning': 'Looking at the groups…',
  'funnel.form.needAll': 'Fill in every field.',
  'funnel.plan.title': 'Plan',
  'funnel.plan.newSet': 'New credential set {set}',
  'funnel.plan.move': '{count} group(s) move:',
  'funnel.plan.other': '{count} other group(s) with Funnel are left alone.',
  'funnel.plan.keyLimit': 'The IAM user already has two access keys (the AWS limit): delete one first.',
  'funnel.plan.run': 'Rotate',
  'funnel.plan.running': 'Rotating…',
  'funnel.noGroups': 'No group’s Funnel credential set starts with “{prefix}”.',
  'funnel.switched': 'Every group uses {set} now. Finish deletes the old key and set after {date}.',
  'funnel.partial': 'Some groups could not be moved. This is where each group points now:',
  'funnel.partialRollback': 'Some groups could not be moved back. This is where each group points now:',
  'funnel.rolledBack': 'Rolled back: the groups use their old sets again; the new key and set are deleted.',
  'funnel.openRotation':
    'A rotation for this account and prefix stopped half-way: resume or roll it back first.',
  'funnel.awaitingFinish': 'The last rotation for this prefix waits for Finish (after {date}).',
  'funnel.nothingToResume': 'There is nothing to resume.',
  'funnel.busy': 'Another run is working on this rotation right now.',
  'funnel.finished': 'Deleted the old key(s) {keys} and set(s) {sets}. The rotation is complete.',
  'funnel.notDue': 'Not yet: Finish after {date}.',
  'funnel.oldSetInUse': 'Groups still point at an old set ({groups}): nothing was deleted.',
  'funnel.oldKeyShared': 'Another credential set ({sets}) holds the old key {key}: nothing was deleted.',
  'funnel.oldKeyUsed':
    'The old key {key} was used after the switch, on {date} in {where}: nothing was deleted.',
  'funnel.back': 'Back to the list',
} as const;

const ja: Record<keyof typeof en, string> = {
  'app.name': 'mfa-tray',
  'app.loading': '読み込み中…',
  'app.settings': '設定',
  'app.addProfile': 'プロファイルを追加',
  'app.back': '戻る',
  'app.dismiss': '閉じる',
  'app.retry': '再試行',
  'app.cancel': 'キャンセル',

  'state.valid': '有効',
  'state.expiring': 'まもなく期限切れ',
  'state.expired': '期限切れ',
  'state.none': '未ログイン',

  'status.login': 'ログイン',
  'status.refresh': '更新',
  'status.logout': 'ログアウト',
  'status.edit': '{name} を編集',
  'status.noDevice': 'MFA デバイス未設定',
  'status.account': 'アカウント {account}',
  'status.device': 'MFA デバイス {device}',
  'status.key': 'アクセスキー …{suffix}',
  'status.delivery.file': '認証情報ファイル',
  'status.delivery.process': 'credential_process',
  'status.remaining': '残り時間',
  'status.expiresAt': '有効期限 {time}',
  'status.expiredAt': '{time} に期限切れ',
  'status.listLabel': 'プロファイル',
  'status.emptyTitle': 'プロファイルがまだありません',
  'status.emptyBody':
    'IAM ユーザーのアクセスキーを一度登録するだけです。キーは OS のキーチェーンに保存され、以降は MFA コードを入力するだけでログインできます。',
  'status.emptyAction': '最初のプロファイルを追加',
  'status.loadFailed': 'プロファイルを読み込めませんでした。',
  'status.loggedIn': '{name} にログインしました。セッションの有効期間は {duration} です。',
  'status.loggedOut': '{name} からログアウトしました。',
  'status.added': 'プロファイル {name} を追加しました。',
  'status.saved': 'プロファイル {name} を保存しました。',
  'status.removed': 'プロファイル {name} を削除しました。',
  'status.imported': '{awsProfile} をプロファイル {name} としてインポートしました。',
  'status.setupMfa': 'MFA デバイスを設定',
  'status.mfaDevices': '{name} の MFA デバイス',
  'status.builtIn': '自動',
  'status.builtInHelp': '内蔵の認証機能により、コードを入力せずにこのプロファイルにログインします。',
  'status.setupAbandoned':
    '設定を中止し、未完了の MFA デバイスを削除しました。QR コードをスキャンした場合は、認証アプリのエントリも削除してください。',

  'duration.hours': '{count} 時間',
  'duration.hoursMinutes': '{hours} 時間 {minutes} 分',
  'duration.minutes': '{count} 分',

  'otp.title': 'MFA コードを入力',
  'otp.profile': 'プロファイル',
  'otp.device': 'MFA デバイス',
  'otp.target': 'AWS プロファイル',
  'otp.session': 'セッション',
  'otp.instructions': '認証アプリの 6 桁のコードを入力してください。',
  'otp.inputLabel': 'MFA コード (ワンタイムパスワード)',
  'otp.placeholder': '000000',
  'otp.submit': 'ログイン',
  'otp.cancel': 'キャンセル',
  'otp.loggingIn': 'ログインしています…',
  'otp.cliWaiting': 'AWS CLI のコマンドがこのコードを待っています',
  'otp.cliWaitingMany': 'AWS CLI のコマンド {count} 件がこのコードを待っています',
  'otp.reasonExpiring': 'セッションの有効期限がまもなく切れます。',
  'otp.reasonExpired': 'セッションの有効期限が切れました。',
  'otp.needSixDigits': 'コードを 6 桁すべて入力してください。',
  'otp.noDevice':
    'このプロファイルには MFA デバイスが設定されていません。ここで新しく設定するか、プロファイルの設定で既存のデバイスの ARN を追加してください。',
  'otp.editProfile': 'プロファイルを編集',
  'otp.setupMfa': 'MFA デバイスを設定',
  'otp.builtIn': '内蔵の認証機能でログイン',
  'otp.builtInHelp': 'mfa-tray がこのデバイスのシークレットを保持し、コードを自動で生成します。',
  'otp.builtInBusy': '内蔵の認証機能でログインしています…',
  'otp.or': 'またはコードを入力',

  'error.wrong-code':
    'AWS がこのコードを受け付けませんでした。この MFA デバイスの現在のコードであることを確認して、もう一度入力してください。',
  'error.code-reused': 'このコードは使用済みです。次のコードまであと {seconds} 秒',
  'error.code-reused-ready': 'このコードは使用済みです。新しいコードを入力してください',
  'error.clock-skew':
    'コンピューターの時刻がずれているため、AWS がリクエストを拒否しました。時刻の自動設定 (NTP) を有効にしてから、もう一度お試しください。',
  'error.clock-ahead': 'お使いのコンピューターの時計は AWS より {seconds} 秒進んでいます',
  'error.clock-behind': 'お使いのコンピューターの時計は AWS より {seconds} 秒遅れています',
  'error.invalid-serial':
    'このプロファイルに設定された MFA デバイスは、この IAM ユーザーのものではありません。プロファイルの設定でデバイスの ARN を確認してください。',
  'error.no-mfa-device':
    'このプロファイルには MFA デバイスが設定されていません。「MFA デバイスを設定」から設定してください。',
  'error.invalid-base-key':
    'このプロファイルに保存されているアクセスキーを AWS が受け付けません (削除、無効化、または入力の誤り)。プロファイルの設定でキーを入力し直してください。',
  'error.access-denied': 'AWS がリクエストを拒否しました。IAM ユーザーのアクセス許可を確認してください。',
  'error.network': 'AWS に接続できませんでした。ネットワーク接続を確認して、もう一度お試しください。',
  'error.throttled': 'AWS がリクエストを制限しています。しばらく待ってから、もう一度お試しください。',
  'error.server': 'AWS でサーバーエラーが発生しました。しばらくしてから、もう一度お試しください。',
  'error.keychain-unavailable':
    'OS のキーチェーンを利用できません。インストールされ、実行されていることを確認してください。',
  'error.keychain-locked':
    'OS のキーチェーンがロックされています。ロックを解除してから、もう一度お試しください。',
  'error.profile-not-found': 'プロファイルが見つかりません。',
  'error.profile-exists': 'この名前のプロファイルは既に存在します。別の名前を指定してください。',
  'error.metadata-damaged':
    'mfa-tray のプロファイル一覧ファイルが破損しているため、変更していません。キーはキーチェーンに残っています。',
  'error.aws-file-unparseable': 'AWS の設定ファイルを読み取れなかったため、変更していません。',
  'error.aws-file-conflict':
    'この AWS プロファイルは既に使用されています。別の出力先 AWS プロファイルを指定してください。',
  'error.no-session': 'このプロファイルのセッションはありません。先にログインしてください。',
  'error.cancelled': 'キャンセルされました。',
  'error.timeout': 'リクエストがタイムアウトしました。もう一度お試しください。',
  'error.invalid-auth-codes':
    'AWS が 2 つのコードを受け付けませんでした。認証アプリに今表示されているコードを入力し、コードが切り替わるのを待ってから新しいコードを入力してください。今スキャンしたエントリのコードであることも確認してください。',
  'error.mfa-device-limit':
    'この IAM ユーザーには既に MFA デバイスが 8 台あり、AWS の上限に達しています。使わなくなったデバイスを先に削除してください。',
  'error.entity-exists':
    'この名前の仮想 MFA デバイスは AWS アカウントに既に存在します。別の名前を指定するか、MFA デバイスの一覧から未完了のデバイスを削除してください。',
  'error.mfa-device-not-found':
    'この MFA デバイスは AWS に存在しません (削除された可能性があります)。一覧を再読み込みしてください。',
  'error.mfa-session-required':
    'このキーでは、MFA 認証後でないとこの操作は許可されていません。先にこのプロファイルにログインしてから、もう一度お試しください。',
  'error.confirmation-required':
    'このプロファイルはこのデバイスでログインしています。削除するには、もう一度確認してください。',
  'error.root-user':
    'このキーは AWS アカウントのルートユーザーのものです。ルートユーザーの MFA デバイスは AWS コンソールで設定してください。',
  'error.file-not-regular':
    'mfa-tray が読み書きするファイルが通常のファイルではない (フォルダー、パイプ、デバイスなど) ため、変更していません。',
  'error.file-read-only': 'mfa-tray が変更するファイルが読み取り専用のため、変更していません。',
  'error.file-permission': 'システムがファイルの変更を許可しなかったため、変更していません。',
  'error.file-missing':
    'mfa-tray が必要とするファイルまたはフォルダーが存在しません (リンク切れの可能性があります)。何も変更していません。',
  'error.file-exists': 'そのファイルは既に存在します。新しいファイル名を指定してください。',
  'error.disk-full':
    'ディスクがいっぱいのため、ファイルを変更していません。空き容量を確保してから、もう一度お試しください。',
  'error.invalid-input': '入力内容が正しくありません。確認してください。',
  'error.unknown': 'エラーが発生しました。',

  'note.no-mfa-device':
    'この IAM ユーザーにはまだ MFA デバイスがありません。「MFA デバイスを設定」から設定してください。',
  'note.several-mfa-devices':
    'このユーザーには MFA デバイスが {count} 台あります。{chosen} を使用します。別のデバイスはプロファイルの編集で選べます。',
  'note.root-session-cap':
    'これはアカウントのルートユーザーです。AWS はルートのセッションを {hours} 時間に制限しています。',
  'note.root-session-granted':
    'AWS が許可したのは {hours} 時間ではなく {minutes} 分でした。ルートのセッションは 1 時間までです。',
  'note.keys-scrubbed':
    '[{awsProfile}] の平文のキーを {file} から削除しました。バックアップは {backupPath} にあります。問題がなければ削除してください。',
  'note.clock-ahead':
    'お使いのコンピューターの時計は AWS より {seconds} 秒進んでいます。コードが通らなくなる可能性があります。時刻の自動設定を有効にしてください。',
  'note.clock-behind':
    'お使いのコンピューターの時計は AWS より {seconds} 秒遅れています。コードが通らなくなる可能性があります。時刻の自動設定を有効にしてください。',
  'note.login-device-replaced':
    '「{profile}」は今後 {serialNumber} でログインします。以前のデバイス {previousSerial} は {userName} に対して有効なままです。使わない場合はデバイス一覧から削除してください。',
  'note.login-device-now': '「{profile}」は今後 {serialNumber} でログインします。',
  'note.login-device-none':
    '「{profile}」には MFA デバイスがなくなりました。次のログインまでに新しいデバイスを設定してください。',
  'note.authenticator-secret-deleted': '内蔵認証システムのシークレットをキーチェーンから削除しました。',
  'note.device-not-deleted':
    '{serialNumber} は無効化しましたが、削除できませんでした。後でデバイス一覧から削除してください。',
  'note.role-not-renewed': 'ロール「{role}」を更新できませんでした。もう一度ログインしてください。',

  'form.addTitle': 'プロファイルを追加',
  'form.editTitle': '{name} を編集',
  'form.keysSection': 'アクセスキー',
  'form.sessionSection': 'セッション',
  'form.name': 'プロファイル名',
  'form.nameHelp': '英数字と _ . @ + = , - が使えます',
  'form.accessKeyId': 'アクセスキー ID',
  'form.accessKeyIdKeep': '空欄なら保存済みのキー (…{suffix}) をそのまま使います。',
  'form.secret': 'シークレットアクセスキー',
  'form.secretHelp': 'OS のキーチェーンにのみ保存され、再表示されることはありません。',
  'form.secretKeep': '空欄なら保存済みのシークレットアクセスキーをそのまま使います。',
  'form.secretNeeded': '新しいアクセスキー ID に対応するシークレットアクセスキーを入力してください。',
  'form.mfaSerial': 'MFA デバイスの ARN',
  'form.mfaSerialHelp': '空欄の場合は、保存時にキーを使って検出します。',
  'form.detect': '検出',
  'form.detecting': '検出中…',
  'form.detectNeedsKeys': '先にアクセスキー ID とシークレットアクセスキーを入力してください。',
  'form.detectNone': 'この IAM ユーザーには MFA デバイスが割り当てられていません。',
  'form.region': 'リージョン',
  'form.duration': 'セッションの有効期間',
  'form.durationHelp': 'ルートユーザーのセッションは最長 1 時間です (AWS の制限)。',
  'form.durationDefault': '{duration} (デフォルト)',
  'form.target': '出力先の AWS プロファイル',
  'form.targetHelp': '使い方: aws … --profile {target}',
  'form.delivery': 'AWS CLI へのセッションの渡し方',
  'form.deliveryFile': '認証情報ファイル',
  'form.deliveryFileHelp':
    'セッションのキーを ~/.aws/credentials に書き込みます。すべての AWS ツールで使えます。',
  'form.deliveryProcess': 'credential_process',
  'form.deliveryProcessHelp':
    '機密情報をディスクに残しません。AWS CLI が呼び出しのたびに mfa-tray から取得します。',
  'form.required': 'この項目は必須です。',
  'form.add': '追加',
  'form.save': '保存',
  'form.saving': '保存しています…',
  'form.remove': 'プロファイルを削除…',
  'form.removeTitle': '{name} を削除しますか？',
  'form.removeBody':
    'アクセスキーを OS のキーチェーンから削除し、AWS プロファイル {target} を ~/.aws/credentials と ~/.aws/config から削除します。AWS 上の IAM ユーザーとそのキーはそのまま残ります。',
  'form.removeConfirm': '削除',
  'form.removing': '削除しています…',
  'form.notFound': 'このプロファイルは存在しません。',
  'form.mfaSetup': '新しい MFA デバイスを設定',
  'form.mfaManage': 'MFA デバイスを管理',

  'mfa.setupTitle': 'MFA デバイスを設定',
  'mfa.step': 'ステップ {step}/3',
  'mfa.intro':
    'IAM ユーザー {user} の仮想 MFA デバイスを作成し、QR コードを表示します。スマートフォンの認証アプリでスキャンすると、以降は {profile} へのログインに使うコードがそのアプリに表示されます。',
  'mfa.introNoUser':
    '{profile} の IAM ユーザーの仮想 MFA デバイスを作成し、QR コードを表示します。スマートフォンの認証アプリでスキャンすると、以降はログインに使うコードがそのアプリに表示されます。',
  'mfa.deviceName': 'デバイス名',
  'mfa.deviceNameHelp':
    '英数字と _ + = , . @ - が使えます (空白は不可)。認証アプリでは「Amazon Web Services」の横に表示されます。',
  'mfa.deviceNameInvalid': '英数字と _ + = , . @ - のみを使い、1〜226 文字で入力してください。',
  'mfa.count': 'MFA デバイス {count}/{limit} 台',
  'mfa.limitHelp': 'AWS では、IAM ユーザー 1 人あたり最大 {limit} 台まで MFA デバイスを登録できます。',
  'mfa.limitReached':
    '{user} には既に MFA デバイスが {limit} 台あり、AWS の上限に達しています。新しいデバイスを設定する前に、使わなくなったデバイスを削除してください。',
  'mfa.create': 'デバイスを作成',
  'mfa.creating': '作成しています…',
  'mfa.abandon': '設定を中止',
  'mfa.abandoning': '未完了のデバイスを削除しています…',
  'mfa.scanTitle': 'QR コードをスキャン',
  'mfa.scanBody':
    '認証アプリ (Google Authenticator、Microsoft Authenticator、Authy、1Password など) でアカウントを追加し、この QR コードをスキャンしてください。',
  'mfa.qrAlt': '仮想 MFA デバイス {device} の QR コード',
  'mfa.showSeed': 'スキャンできない場合はキーを表示',
  'mfa.hideSeed': 'キーを隠す',
  'mfa.seedHelp':
    '認証アプリで「セットアップキーを入力」を選び、「時間ベース」を選択してこのキーを入力してください。このキーがあれば誰でもコードを生成できるため、他人には見せないでください。',
  'mfa.seedNotStored': 'この設定中にだけ表示されます。mfa-tray には保存されません。',
  'mfa.next': '次へ',
  'mfa.codesTitle': '連続する 2 つのコードを入力',
  'mfa.codesBody':
    'AWS は連続する 2 つのコードを確認してからデバイスを有効にします。認証アプリに今表示されているコードと、その次のコードを入力してください。',
  'mfa.code1': '現在のコード',
  'mfa.code2': '次のコード',
  'mfa.nextWindow': '次のコードまであと {seconds} 秒',
  'mfa.nextWindowReady': '新しいコードを入力してください。',
  'mfa.sameCode':
    '2 つのコードが同じです。認証アプリに新しいコードが表示されるまで待ってから、そのコードを入力してください。',
  'mfa.needSixDigits': 'コードを 2 つとも 6 桁で入力してください。',
  'mfa.showQrAgain': 'QR コードをもう一度表示',
  'mfa.builtInOptIn': 'mfa-tray を認証アプリとしても使う (コードを入力せずにログイン)',
  'mfa.builtInWarning':
    '内蔵の認証機能を使うと、MFA のシークレットがアクセスキーと同じくこのコンピューターのキーチェーンに保存されます。2 つの要素が両方ともこのコンピューターにあることになるため、このコンピューターであなたのアカウントを使える人は、スマートフォンがなくてもあなたとして AWS にログインできます。この AWS アカウントでそれが許容できる場合にだけ有効にしてください。',
  'mfa.enable': 'デバイスを有効化',
  'mfa.enabling': '有効化しています…',
  'mfa.doneTitle': 'MFA デバイスの準備ができました',
  'mfa.done': 'デバイス {device} は、今後 {profile} へのログインに使われます。',
  'mfa.doneBuiltIn':
    '内蔵の認証機能が有効です。mfa-tray はコードを尋ねずに {profile} にログインし、セッションを更新します。MFA デバイスの一覧から無効にできます。',
  'mfa.doneNext':
    'ログインするには、認証アプリに新しいコードが表示されるまでお待ちください。今入力したコードは使用済みです。',
  'mfa.doneNotKept': 'mfa-tray はキーを保存していません。キーを持っているのは認証アプリだけです。',
  'mfa.loginNow': '今すぐログイン',
  'mfa.finish': '完了',
  'mfa.expired':
    '設定が 15 分以上完了しなかったため、未完了のデバイスを削除しました。認証アプリのエントリを削除してから、もう一度やり直してください。',
  'mfa.startAgain': 'やり直す',
  'mfa.cliWaiting':
    '{name} のコードを AWS CLI のコマンドが待っています。この設定を完了または中止すると、入力画面が開きます。',
  'mfa.factUser': 'IAM ユーザー {user}',
  'mfa.donePrevious':
    '{profile} はこれまで {previous} でログインしていました。そのデバイスは {user} に対して有効なままです。使わない場合は、MFA デバイスの一覧から削除してください。',
  'mfa.doneBuiltInDropped':
    '内蔵の認証機能が保持していた以前のデバイスのシークレットは、キーチェーンから削除しました。',

  'mfa.devicesTitle': 'MFA デバイス · {name}',
  'mfa.userLine': 'IAM ユーザー {user} · アカウント {account}',
  'mfa.assignedTitle': '{user} のデバイス',
  'mfa.noDevices': 'MFA デバイスはまだありません。',
  'mfa.enabledOn': '{date} に有効化',
  'mfa.badgeLogin': 'ログインに使用',
  'mfa.badgeBuiltIn': '内蔵の認証機能',
  'mfa.setupNew': '新しいデバイスを設定',
  'mfa.resync': '再同期',
  'mfa.resyncTitle': '{device} を再同期',
  'mfa.resyncBody':
    'このデバイスのコードが AWS に受け付けられない状態が続く場合は、デバイスの時刻がずれています。連続する 2 つのコードを入力して再同期してください。',
  'mfa.resyncing': '再同期しています…',
  'mfa.resynced': '{device} を再同期しました。',
  'mfa.remove': '削除',
  'mfa.removeTitle': '{device} を削除しますか？',
  'mfa.removeConfirm': '削除',
  'mfa.removing': '削除しています…',
  'mfa.removeAgainBody':
    '削除すると、別のデバイスを設定するまで {profile} にログインできなくなります。それでも削除しますか？',
  'mfa.removed': '{device} を削除しました。',
  'mfa.consequence.unassigned':
    'このデバイスは誰にも有効化されていないため、使えなくなるものはありません。ただし、誰かが今まさに設定している場合、その設定は失敗します。',
  'mfa.consequence.assigned':
    'IAM ユーザー {user} について、このデバイスのコードが AWS で受け付けられなくなります (コンソールへのサインインも含みます)。',
  'mfa.consequence.onlyDevice':
    'これは {user} の唯一の MFA デバイスです。新しいデバイスを設定するまで、ポリシーで MFA が必要とされている操作はすべてできなくなります。',
  'mfa.consequence.loginDevice':
    '{profile} はこのデバイスでログインしています。別のデバイスを設定するまで、ログインとセッションの更新ができなくなります。',
  'mfa.consequence.sessionStays': '{profile} の現在のセッションは期限まで有効です。',
  'mfa.consequence.loginDeviceSwitch':
    '{profile} はこのデバイスでログインしています。削除後は {next} のコードでログインすることになります。',
  'mfa.removeAgainBodySwitch':
    '削除すると、{profile} は今後 {next} でログインします。このデバイスのコードは使えなくなります。それでも削除しますか？',
  'mfa.consequence.builtIn': '内蔵の認証機能が保持しているシークレットをキーチェーンから削除します。',
  'mfa.consequence.appEntry': '仮想デバイスは AWS から削除されます。認証アプリのエントリも削除してください。',
  'mfa.orphansTitle': 'アカウント内の未完了のデバイス',
  'mfa.orphansHelp':
    '作成されたものの有効化されていない仮想 MFA デバイスです (設定が途中で中断された場合など)。誰も使用できません。',
  'mfa.noOrphans': 'ありません。',
  'mfa.orphansUnavailable':
    'この IAM ユーザーには、アカウント内の未完了のデバイスを一覧表示する権限がありません。',
  'mfa.orphanDelete': '削除',
  'mfa.orphanDeleteTitle': '{device} を削除しますか？',
  'mfa.orphanInProgress': 'ここで設定中',
  'mfa.builtInOn': '内蔵の認証機能: 有効',
  'mfa.builtInOnBody':
    'mfa-tray は {device} のシークレットをこのコンピューターのキーチェーンに保持し、コードなしでログインします。',
  'mfa.builtInStale':
    '保持しているシークレットは {device} のもので、{profile} のログインに使うデバイスのものではないため、使われていません。',
  'mfa.builtInOff': '無効にしてシークレットを削除',
  'mfa.builtInTurnedOff': '内蔵の認証機能を無効にし、シークレットをキーチェーンから削除しました。',
  'mfa.loadFailed': 'MFA デバイスの一覧を取得できませんでした。',
  'mfa.reload': '再読み込み',

  'import.title': '~/.aws/credentials からインポート',
  'import.body':
    '次の AWS プロファイルには、アクセスキーが平文で保存されています。インポートすると、キーを OS のキーチェーンに移動します。',
  'import.scrub': '~/.aws/credentials から平文のキーを削除する (バックアップを残します)',
  'import.button': 'インポート',
  'import.importing': 'インポート中…',
  'import.key': 'キー …{suffix}',
  'import.manual': 'キーを入力して追加',

  'settings.title': '設定',
  'settings.lead': 'セッションの期限切れを事前に知らせる',
  'settings.leadHelp': '有効期限のこの時間前から「まもなく期限切れ」と表示します。',
  'settings.leadMinutes': '{count} 分前',
  'settings.notifications': '通知を表示する',
  'settings.notificationsHelp':
    'セッションの期限が近いときや、AWS CLI のコマンドがコードを必要としているとき。',
  'settings.startAtLogin': 'ログイン時に mfa-tray を起動する',
  'settings.language': '言語',
  'settings.languageSystem': 'システム設定に従う',
  'settings.languageEn': 'English',
  'settings.languageJa': '日本語',
  'settings.saving': '保存しています…',
  'settings.saved': '保存しました',
  'settings.version': 'mfa-tray {version} · {platform}',

  'soracom.mark': 'SORACOM',
  'soracom.markHelp': 'SORACOM アカウント',
  'soracom.addEntry': 'SORACOM アカウントを追加',
  'soracom.addTitle': 'SORACOM アカウントを追加',
  'soracom.editTitle': '{name} を編集',
  'soracom.notFound': 'この SORACOM アカウントは削除されました。',
  'soracom.name': 'プロファイル名',
  'soracom.nameHelp': '同じ名前の soracom-cli プロファイルが mfa-tray から認証情報を受け取ります。',
  'soracom.authMode': 'サインイン方法',
  'soracom.mode.root': 'ルートユーザー',
  'soracom.mode.sam': 'SAM ユーザー',
  'soracom.mode.authkey': '認証キー',
  'soracom.email': 'メールアドレス',
  'soracom.operatorId': 'オペレーター ID',
  'soracom.userName': 'SAM ユーザー名',
  'soracom.authKeyId': '認証キー ID',
  'soracom.password': 'パスワード',
  'soracom.authKey': '認証キーシークレット',
  'soracom.secretHelp': 'OS のキーチェーンにだけ保存され、二度と表示されません。',
  'soracom.secretKeep': '空欄のままにすると保存済みのものを使い続けます。',
  'soracom.secretRequired': 'パスワードまたは認証キーシークレットを入力してください。',
  'soracom.coverage': 'カバレッジ',
  'soracom.coverage.jp': '日本 (jp)',
  'soracom.coverage.g': 'グローバル (g)',
  'soracom.tokenTimeout': 'トークンの有効期間',
  'soracom.codeCommand': 'コード取得コマンド (任意)',
  'soracom.codeCommandHelp':
    '6 桁のコードを出力するコマンド (1Password の op など)。シェルを介さずに実行します。',
  'soracom.add': 'アカウントを追加',
  'soracom.save': '保存',
  'soracom.saving': '保存しています…',
  'soracom.remove': 'アカウントを削除',
  'soracom.removeTitle': '{name} を削除しますか?',
  'soracom.removeBody':
    'ログアウトし、パスワードとトークンをキーチェーンから削除し、mfa-tray が作成した soracom-cli プロファイル {target} も削除します。',
  'soracom.removeConfirm': '削除',
  'soracom.removing': '削除しています…',
  'soracom.setupMfa': 'MFA を設定',
  'soracom.added': 'SORACOM アカウント {name} を追加しました。',
  'soracom.saved': 'SORACOM アカウント {name} を保存しました。',
  'soracom.codeHandedOut': '{name} のコードを soracom-cli に渡しました。',

  'soracomMfa.title': '{name} の MFA',
  'soracomMfa.authKey': '認証キーは MFA なしでサインインするため、設定するものはありません。',
  'soracomMfa.statusLabel': 'MFA の状態',
  'soracomMfa.status.ACTIVE': '有効',
  'soracomMfa.status.INACTIVE': '無効',
  'soracomMfa.status.UNCONFIRMED': '最初のコードを待っています',
  'soracomMfa.needLogin': 'MFA の設定にはセッションが必要です。先にこのアカウントにログインしてください。',
  'soracomMfa.intro':
    'SORACOM がこのアカウント用の新しい MFA シークレットを作成します。QR コードを認証アプリでスキャンし、表示されたコードを入力してください。',
  'soracomMfa.start': 'QR コードを表示',
  'soracomMfa.starting': 'SORACOM に問い合わせています…',
  'soracomMfa.scanBody': 'この QR コードを認証アプリでスキャンしてください。',
  'soracomMfa.qrAlt': '{account} の SORACOM MFA シークレットの QR コード',
  'soracomMfa.codeLabel': '認証アプリのコード',
  'soracomMfa.verify': 'MFA を有効にする',
  'soracomMfa.verifying': 'コードを確認しています…',
  'soracomMfa.doneTitle': '{name} の MFA を有効にしました。',
  'soracomMfa.doneSam': '今後、このユーザーはサインインのたびにコードを求められます。',
  'soracomMfa.backupTitle': 'バックアップコード',
  'soracomMfa.backupBody':
    'バックアップコードはそれぞれ一度だけ、スマートフォンなしでサインインに使えます。表示されるのは今だけで、mfa-tray は保存しません。安全な場所に保管してください。',
  'soracomMfa.copy': 'コードをコピー',
  'soracomMfa.copied': 'コピーしました',
  'soracomMfa.saved': '保存しました',
  'soracomMfa.close': '閉じる',
  'soracomMfa.loginNow': '今すぐログイン',

  'otp.soracomCliWaiting': 'soracom-cli が {name} のコードを待っています',
  'otp.soracomCliWaitingMany': '{count} 件の soracom-cli が {name} のコードを待っています',
  'otp.soracomAccount': 'SORACOM アカウント',
  'otp.soracomSubmit': 'コードを送る',
  'otp.soracomTarget': 'soracom-cli プロファイル',
  'soracom.delivery': 'profileCommand',

  'error.soracom-auth-failed': 'SORACOM がパスワードまたは MFA コードを受け付けませんでした。',
  'error.soracom-code-required': 'このアカウントには SORACOM の MFA コードが必要です。',
  'error.soracom-api': 'SORACOM がエラーを返しました。',
  'error.soracom-code': 'SORACOM コード {code}',
  'error.no-code-source':
    'このプロファイルにはコードの取得元が設定されていません。トレイアプリを起動したままにするか、コード取得コマンドを追加するか、内蔵認証アプリを有効にしてください。',
  'app.menu': 'その他',
  'app.help': 'ヘルプ',
  'app.quit': 'mfa-tray を終了',
  'status.more': '{name} のその他の操作',
  'status.notLoggedIn': '未ログイン',
  'status.expiredJustNow': 'たった今期限切れ',
  'status.expiredMinutesAgo': '{count} 分前に期限切れ',
  'status.expiredHoursAgo': '{count} 時間前に期限切れ',
  'status.expiredDaysAgo': '{count} 日前に期限切れ',
  'status.search': 'プロファイルを検索',
  'status.searchNone': '「{query}」に一致するプロファイルはありません。',
  'status.use': '使い方:',
  'status.copy': 'コピー',
  'status.copied': 'コピーしました',
  'status.copyTitle': '{text} をコピー',
  'error.openProfileSettings': 'プロファイルの設定を開く',
  'mfa.timeLimit':
    'QR コードの表示から 15 分以内に完了してください。過ぎると未完了のデバイスは削除されます。',
  'mfa.abandonTitle': '{device} の設定を中止しますか?',
  'mfa.abandonBody':
    'デバイスは AWS から削除されます。QR コードをスキャン済みの場合は、認証アプリのエントリも削除してください (そのコードは使えません)。',
  'mfa.abandonConfirm': '設定を中止',
  'mfa.continueSetup': '設定を続ける',
  'form.codeCommand': 'コード取得コマンド (任意)',
  'form.codeCommandHelp':
    '現在の 6 桁のコードを出力するコマンドです。ログイン時にシェルを介さずに実行します。例:',
  'form.detectFound': '{device} が見つかりました。',
  'form.codeCommandNoShell':
    'コマンドはシェルを介さずに実行されるため、パイプ、リダイレクト、変数は使えません。スクリプトにまとめて、そのパスを入力してください。',
  'form.codeCommandTooLong': 'コマンドが長すぎます。',
  'form.codeCommandEmpty': 'コマンドを入力するか、空欄のままにしてください。',
  // rotation & funnel
  'rotation.menu': 'キーをローテーション',
  'rotation.title': 'アクセスキーのローテーション',
  'rotation.keyAge': 'キー {days} 日',
  'rotation.keyAgeTitle': 'アクセスキー …{suffix} は {days} 日前に作成されました。',
  'rotation.keyAgeOld': 'アクセスキー …{suffix} は作成から {days} 日経っています。ローテーションの時期です。',
  'rotation.keyAgeUnknown': '不明 (一度ログインすると分かります)',
  'rotation.profile': 'プロファイル',
  'rotation.currentKey': 'アクセスキー',
  'rotation.age': '経過日数',
  'rotation.ageDays': '{days} 日 ({date} 作成)',
  'rotation.intro':
    '新しいキーを作成してキーチェーンに保存し、使えることを確認してから古いキーを無効化します。古いキーは、使われていないことを確認したうえで「完了」で後から削除します。',
  'rotation.needsCode':
    '{name} にはローテーションの間続くセッションがありません。ローテーション全体で一度だけコードを入力してください。',
  'rotation.start': 'ローテーション開始',
  'rotation.resume': '中断したローテーションを続ける',
  'rotation.interrupted':
    'ローテーションが「{step}」で止まっています。続けると、そこから完了するか元に戻します。',
  'rotation.running': 'ローテーション中…',
  'rotation.step.check': 'ユーザーのアクセスキーを確認',
  'rotation.step.removeUnused': '未使用の 2 つ目のキーを削除',
  'rotation.step.create': '新しいキーを作成',
  'rotation.step.store': 'キーチェーンに保存',
  'rotation.step.prove': '新しいキーが使えることを確認 (反映を待って再試行)',
  'rotation.step.deactivate': '古いキーを無効化',
  'rotation.stepsLabel': 'ローテーションの手順',
  'rotation.stepDone': '完了',
  'rotation.stepActive': '実行中',
  'rotation.stepFailed': '失敗',
  'rotation.rotated':
    '新しいキー …{newKey} が使えることを確認し、使用を開始しました。古いキー …{oldKey} は無効化しました。',
  'rotation.proofAttempts': '新しいキーは {count} 回目の試行で使えました。',
  'rotation.sessionsStay': '古いキーで作成したセッションは、期限が切れるまで有効です。',
  'rotation.sessionsStayUntil': '古いキーで作成したセッションは、期限 ({time}) まで有効です。',
  'rotation.finishAfter': '{date} 以降に「完了」で古いキーを削除します。',
  'rotation.removedUnused': '先に未使用のキー …{key} を削除しました。',
  'rotation.rolledBack':
    '新しいキーが使えなかったため削除し、古いキー …{oldKey} をそのまま使います。変更はありません。',
  'rotation.rolledBackLost':
    '中断したローテーションを元に戻しました。古いキー …{oldKey} を引き続き使います。',
  'rotation.confirmTitle': '2 つ目のアクセスキー …{key} を削除しますか?',
  'rotation.confirmBody':
    'AWS ではユーザーごとにアクセスキーは 2 つまでで、このユーザーには 2 つ目のキーがあります。このキーは{status}で、{used}。新しいキーのために、mfa-tray がこのキーを削除できます。',
  'rotation.confirmUsedNever': '一度も使われていません',
  'rotation.confirmUsedAt': '最後に使われたのは {date} です',
  'rotation.statusActive': '有効',
  'rotation.statusInactive': '無効',
  'rotation.confirmRemove': '削除してローテーション',
  'rotation.removing': 'ローテーション中…',
  'rotation.secondKeyInUse':
    'このユーザーの 2 つ目のアクセスキー …{key} は有効で、{date} に使われています。mfa-tray はこのキーには触れません。ご自身で無効化または削除してから、ローテーションしてください。',
  'rotation.keyNotListed':
    'キーチェーンのキー …{key} は、このユーザーのアクセスキーではありません (mfa-tray の外で削除または置き換えられました)。先にプロファイルのキーを編集してください。',
  'rotation.busy': '別の処理がこのローテーションを実行中です。しばらくしてからもう一度お試しください。',
  'rotation.awaitingFinish':
    '古いキー …{oldKey} は {deactivated} に無効化しました。{due} 以降に「完了」で削除します。',
  'rotation.finishDue':
    '猶予期間が過ぎました。「完了」で古いキー …{oldKey} が使われていないことを確認してから削除します。',
  'rotation.finish': '完了',
  'rotation.finishing': '完了処理中…',
  'rotation.finished': '古いキー …{oldKey} を削除しました。ローテーションは完了です。',
  'rotation.finishedGone': '古いキー …{oldKey} はすでに削除されていました。ローテーションは完了です。',
  'rotation.oldKeyUsed':
    '古いキー …{oldKey} は無効化の後、{date} に {where} で使われました。削除していません。まだ使っているものを確認してから、もう一度「完了」を押してください。',
  'rotation.oldKeyActive':
    '古いキー …{oldKey} が再び有効にされています。何かが使っている可能性があるため、削除していません。',
  'rotation.notDue': 'まだです。{due} 以降に「完了」で古いキーを削除します。',
  'rotation.nothingToFinish': '完了するローテーションはありません。',
  'rotation.lastRotated': '前回のローテーションは {date} に完了しました。',
  'rotation.lastRolledBack': '前回のローテーションは {date} に元に戻しました。',
  'rotation.close': '閉じる',
  'rotation.codeLabel': 'MFA コード',
  'rotation.unknownService': '不明なサービス',
  'settings.keyAgeReminder': 'アクセスキーのローテーションを知らせる',
  'settings.keyAgeReminderHelp':
    'キーがこの日数を超えたとき、またはローテーションを完了できるときに、1 日 1 回まで通知します。',
  'settings.keyAgeReminderOff': '知らせない',
  'settings.keyAgeReminderDays': '{count} 日後',
  'funnel.menu': 'SORACOM Funnel のキー',
  'funnel.title': 'Funnel のキー',
  'funnel.intro':
    'SORACOM Funnel が使う AWS のキーをローテーションします。新しいキーは新しい認証情報セットに直接登録され、SIM グループをそのセットに切り替えます。古いキーとセットは後で「完了」で削除します。',
  'funnel.none': 'Funnel のローテーションはまだありません。',
  'funnel.rotateNow': '今すぐローテーション',
  'funnel.listLabel': 'Funnel のローテーション',
  'funnel.by': 'IAM ユーザー {user} · AWS プロファイル {aws}',
  'funnel.lastRotation': '前回のローテーション {date}',
  'funnel.left.nothing': '完了済み',
  'funnel.left.finish': '{date} 以降に完了',
  'funnel.left.finishDue': '完了できます',
  'funnel.left.resume': '中断中: 再開するか元に戻してください',
  'funnel.groups': 'SIM グループ',
  'funnel.group': 'グループ',
  'funnel.uses': '使用中のセット',
  'funnel.groupState.pending': '未切り替え',
  'funnel.groupState.moving': '切り替え中',
  'funnel.groupState.moved': '切り替え済み',
  'funnel.groupState.failed': '失敗',
  'funnel.groupState.restored': '元に戻した',
  'funnel.finish': '完了',
  'funnel.finishing': '完了処理中…',
  'funnel.resume': '再開',
  'funnel.rollback': '元に戻す',
  'funnel.rollbackTitle': 'この Funnel のローテーションを元に戻しますか?',
  'funnel.rollbackBody': 'グループを元の認証情報セットに戻し、新しいキーとセット {set} を削除します。',
  'funnel.rollingBack': '元に戻しています…',
  'funnel.form.aws': 'AWS プロファイル (IAM の操作に使用)',
  'funnel.form.user': 'Funnel が使う IAM ユーザー',
  'funnel.form.soracom': 'SORACOM アカウント',
  'funnel.form.prefix': '認証情報セットのプレフィックス',
  'funnel.form.prefixHelp':
    'Funnel の認証情報セットがこれで始まるグループを、新しいセット {example} に切り替えます。',
  'funnel.form.code': 'AWS プロファイルの MFA コード',
  'funnel.form.codeHelp':
    'AWS プロファイルにセッションがありません。ローテーション全体で一度だけコードを使います。',
  'funnel.form.plan': '計画を表示',
  'funnel.form.planning': 'グループを確認しています…',
  'funnel.form.needAll': 'すべての項目を入力してください。',
  'funnel.plan.title': '計画',
  'funnel.plan.newSet': '新しい認証情報セット {set}',
  'funnel.plan.move': '{count} 個のグループを切り替えます:',
  'funnel.plan.other': 'Funnel を使うその他の {count} 個のグループは変更しません。',
  'funnel.plan.keyLimit':
    'この IAM ユーザーにはすでにアクセスキーが 2 つあります (AWS の上限)。先に 1 つ削除してください。',
  'funnel.plan.run': 'ローテーション',
  'funnel.plan.running': 'ローテーション中…',
  'funnel.noGroups': 'Funnel の認証情報セットが「{prefix}」で始まるグループはありません。',
  'funnel.switched':
    'すべてのグループが {set} を使うようになりました。{date} 以降に「完了」で古いキーとセットを削除します。',
  'funnel.partial': '一部のグループを切り替えられませんでした。各グループの現在の切り替え先:',
  'funnel.partialRollback': '一部のグループを元に戻せませんでした。各グループの現在の切り替え先:',
  'funnel.rolledBack': '元に戻しました。グループは古いセットを使い、新しいキーとセットは削除しました。',
  'funnel.openRotation':
    'このアカウントとプレフィックスのローテーションが途中で止まっています。先に再開するか元に戻してください。',
  'funnel.awaitingFinish': 'このプレフィックスの前回のローテーションが「完了」待ちです ({date} 以降)。',
  'funnel.nothingToResume': '再開するものはありません。',
  'funnel.busy': '別の処理がこのローテーションを実行中です。',
  'funnel.finished': '古いキー {keys} とセット {sets} を削除しました。ローテーションは完了です。',
  'funnel.notDue': 'まだです。{date} 以降に完了してください。',
  'funnel.oldSetInUse': 'まだ古いセットを使っているグループがあります ({groups})。何も削除していません。',
  'funnel.oldKeyShared':
    '別の認証情報セット ({sets}) が古いキー {key} を使っています。何も削除していません。',
  'funnel.oldKeyUsed':
    '古いキー {key} は切り替え後の {date} に {where} で使われました。何も削除していません。',
  'funnel.back': '一覧に戻る',
};

export const messages = { en, ja } as const;

export type Locale = keyof typeof messages;
export type MessageKey = keyof typeof en;
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template: string = messages[locale][key] ?? messages.en[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** 'system' follows the browser / OS language: Japanese for ja*, English otherwise. */
export function resolveLocale(language: Language | undefined, navigatorLanguage: string | undefined): Locale {
  if (language === 'en' || language === 'ja') return language;
  return (navigatorLanguage ?? '').toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export interface I18n {
  locale: Locale;
  t: Translate;
}

export function makeI18n(locale: Locale): I18n {
  return { locale, t: (key, params) => translate(locale, key, params) };
}

export const I18nContext = createContext<I18n>(makeI18n('en'));

export function useI18n(): I18n {
  return use(I18nContext);
}

/** "12 h", "1 h 30 min", "45 min" — for session lengths. */
/** A fact the core reported, worded in the UI's language. */
export function noteText(t: Translate, note: Note): string {
  switch (note.code) {
    case 'root-session-cap':
      return t('note.root-session-cap', { hours: Math.round(note.maxSeconds / 3600) });
    case 'root-session-granted':
      return t('note.root-session-granted', {
        minutes: Math.round(note.grantedSeconds / 60),
        hours: Math.round(note.askedSeconds / 3600),
      });
    case 'clock-skew':
      return t(note.offsetSeconds > 0 ? 'note.clock-ahead' : 'note.clock-behind', {
        seconds: Math.abs(note.offsetSeconds),
      });
    case 'no-mfa-device':
      return t('note.no-mfa-device');
    case 'several-mfa-devices':
      return t('note.several-mfa-devices', { count: note.count, chosen: note.chosen });
    case 'keys-scrubbed':
      return t('note.keys-scrubbed', {
        awsProfile: note.awsProfile,
        file: note.file,
        backupPath: note.backupPath,
      });
    case 'login-device-replaced':
      return t('note.login-device-replaced', {
        profile: note.profile,
        serialNumber: note.serialNumber,
        previousSerial: note.previousSerial,
        userName: note.userName,
      });
    case 'login-device-now':
      return t('note.login-device-now', { profile: note.profile, serialNumber: note.serialNumber });
    case 'login-device-none':
      return t('note.login-device-none', { profile: note.profile });
    case 'authenticator-secret-deleted':
      return t('note.authenticator-secret-deleted');
    case 'device-not-deleted':
      return t('note.device-not-deleted', { serialNumber: note.serialNumber });
    case 'role-not-renewed':
      return t('note.role-not-renewed', { role: note.role });
  }
}

export function formatDuration(t: Translate, seconds: number): string {
  const minutesTotal = Math.round(seconds / 60);
  const hours = Math.floor(minutesTotal / 60);
  const minutes = minutesTotal % 60;
  if (hours === 0) return t('duration.minutes', { count: minutes });
  if (minutes === 0) return t('duration.hours', { count: hours });
  return t('duration.hoursMinutes', { hours, minutes });
}
