/**
 * Every user-visible string of the renderer, in English and Japanese. `ja` must have exactly the keys of
 * `en` (the type below enforces it). `{name}` placeholders are filled by `t(key, { name })`.
 */
import { createContext, use } from 'react';
import type { Language } from '../../src/shared/ipc-contract';

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
  'otp.noDevice': 'This profile has no MFA device yet. Add the device ARN in the profile settings first.',
  'otp.editProfile': 'Edit profile',

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
  'error.no-mfa-device': 'This profile has no MFA device yet. Add the device ARN in the profile settings.',
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
  'error.unknown': 'Something went wrong.',

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
    'このプロファイルには MFA デバイスが設定されていません。先にプロファイルの設定でデバイスの ARN を追加してください。',
  'otp.editProfile': 'プロファイルを編集',

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
    'このプロファイルには MFA デバイスが設定されていません。プロファイルの設定でデバイスの ARN を追加してください。',
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
  'error.unknown': 'エラーが発生しました。',

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
export function formatDuration(t: Translate, seconds: number): string {
  const minutesTotal = Math.round(seconds / 60);
  const hours = Math.floor(minutesTotal / 60);
  const minutes = minutesTotal % 60;
  if (hours === 0) return t('duration.minutes', { count: minutes });
  if (minutes === 0) return t('duration.hours', { count: hours });
  return t('duration.hoursMinutes', { hours, minutes });
}
