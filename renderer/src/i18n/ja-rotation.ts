/** The Japanese strings of key rotation, the key age reminder and the Funnel view; typed by the en ones. */
import type { RotationMessageKey } from './en-rotation';

export const jaRotation: Record<RotationMessageKey, string> = {
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
  'funnel.codeFor':
    'AWS プロファイル {name} の MFA デバイスのコードを入力してください。この実行に使えるセッションがありません。',
  'funnel.codeContinue': '続行',
  'funnel.codeCancel': 'キャンセル',
  'funnel.soracomNeedsLogin':
    'SORACOM アカウント {name} に実行中ずっと有効なセッションがありません。先にログインしてから (SORACOM が求めればそのアカウントのコードで)、もう一度お試しください。',
  'error.reason.rotation-running':
    'このプロファイルのローテーションはすでに実行中です。終わるまでお待ちください。',
  'error.reason.rotation-needs-code':
    'このプロファイルには実行中ずっと有効なセッションがありません。MFA デバイスのコードを 1 つ入力してください。',
  'error.reason.soracom-needs-login':
    'SORACOM アカウントに実行中ずっと有効なセッションがありません。先にログインしてから、もう一度お試しください。',
  'rule.iam-user-name': 'IAM ユーザー名は英数字と _ + = , . @ - で 64 文字までです。',
  'rule.funnel-prefix': '英数字と _ . - で 81 文字まで、先頭は英数字にしてください。',
};
