/**
 * The Japanese table. Typed as `Record<MessageKey, string>`, so a key missing here (or one en does not have) is
 * a compile error.
 */
import type { MessageKey } from './en';
import { jaRotation } from './ja-rotation';

export const ja: Record<MessageKey, string> = {
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
  'status.loggedOutWithRoles': '{name} とそのロール {roles} からログアウトしました。',
  'status.logoutRolesTitle': '{name} のロールもログアウトしますか？',
  'status.logoutRolesBody':
    '{roles} はこのプロファイルのセッションで引き受けたロールです。一緒にログアウトしない場合、期限が切れるまで使用できます。',
  'status.logoutKeepRoles': 'ロールは残す',
  'status.logoutWithRoles': 'ロールもログアウト',
  'status.added': 'プロファイル {name} を追加しました。',
  'status.saved': 'プロファイル {name} を保存しました。',
  'status.removed': 'プロファイル {name} を削除しました。',
  'status.removedWithRoles': 'プロファイル {name} とそのロール {roles} を削除しました。',
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
  'error.source-has-roles':
    '削除していません: ロール {roles} はこのプロファイルから引き受けるため、これがないとログインできません。もう一度操作すると、確認にロールが表示され、プロファイルと一緒に削除されます。',
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
  'note.role-chaining-cap':
    'セッションから引き受けるロールは AWS により 1 時間までです。「{role}」はそれより長いため、ログインのたびに「{source}」のコードを求めます。',
  'note.role-without-mfa':
    '「{source}」には MFA デバイスがないため、ロール「{role}」は MFA なしで引き受けます。',

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
  'rule.profile-name': '英数字と _ . @ + = , - を使ってください (64 文字以内、先頭は英数字)。',
  'rule.access-key-id': 'アクセスキー ID は英大文字と数字です (例: AKIAIOSFODNN7EXAMPLE)。',
  'rule.secret-access-key':
    'シークレットアクセスキーは英字、数字、/、+ からなる 40 文字で、キーの作成時に一度だけ表示されます。',
  'rule.temporary-access-key':
    'ASIA で始まるアクセスキー ID は一時的な認証情報のものです。IAM ユーザーの長期的なキー (AKIA…) を入力してください。',
  'rule.mfa-serial':
    'デバイスの ARN (例: arn:aws:iam::123456789012:mfa/my-phone) か、ハードウェアトークンのシリアル番号を入力してください。',
  'rule.region': 'AWS リージョンを入力してください (例: us-east-1、eu-west-1)。',
  'rule.email': 'メールアドレスを入力してください。',
  'rule.operator-id': 'オペレーター ID は OP と 10 桁の数字です (例: OP0012345678)。',
  'rule.sam-user-name': '英数字と + = , . @ _ - を 1〜100 文字で使ってください。',
  'rule.auth-key-id': '認証キー ID は keyId- に英数字が続く形式です。',
  'form.add': '追加',
  'form.save': '保存',
  'form.saving': '保存しています…',
  'form.remove': 'プロファイルを削除…',
  'form.removeTitle': '{name} を削除しますか？',
  'form.removeBody':
    'アクセスキーを OS のキーチェーンから削除し、AWS プロファイル {target} を ~/.aws/credentials と ~/.aws/config から削除します。AWS 上の IAM ユーザーとそのキーはそのまま残ります。',
  'form.removeConfirm': '削除',
  'form.removeRoles':
    'このプロファイルから引き受けるロール {roles} も削除されます (このプロファイルがないとログインできないため)。',
  'form.removeConfirmWithRoles': 'ロールごと削除',
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
  ...jaRotation,
};
