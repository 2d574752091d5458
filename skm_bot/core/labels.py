"""The words around a diagnosis (headings, field names, notes) in every language the bot speaks."""

from __future__ import annotations

from skm_bot.core.email_labels import EMAIL_LABELS
from skm_bot.core.language import Language

_REPLY_LABELS: dict[str, dict[Language, str]] = {
    "no_match_title": {
        "ja": "既知のSKMエラーとは一致しませんでした",
        "ko": "알려진 SKM 오류와 일치하지 않습니다",
        "en": "No known SKM failure recognised",
    },
    "no_match_cause": {
        "ja": "貼り付けられた内容から、既知のSecure Key Managerのエラーを見つけられませんでした。",
        "ko": "붙여 넣은 내용에서 알려진 Secure Key Manager 오류를 찾지 못했습니다.",
        "en": "Nothing in the paste matches a known Secure Key Manager failure.",
    },
    "no_match_step_1": {
        "ja": "SKMが返したレスポンス全体（header.resultMessage を含む）を貼り付けると、より正確に診断できます。",
        "ko": "SKM이 돌려준 응답 전체(header.resultMessage 포함)를 붙여 넣으면 더 정확히 진단할 수 있습니다.",
        "en": "Paste SKM's whole response (with header.resultMessage) for a sharper diagnosis.",
    },
    "no_match_step_2": {
        "ja": "解決しない場合は、skm-botのサポート用メールをそのまま送ってください（判明している情報とチェック結果が入っています）。",
        "ko": "해결되지 않으면 skm-bot의 지원 요청 메일을 그대로 보내 주세요(확인된 정보와 점검 결과가 들어 있습니다).",
        "en": "If it stays unsolved, send skm-bot's support email as it is: it carries the facts and the checks' results.",
    },
    # Stances: how sure the reply sounds (core.interpretation)
    "probably": {"ja": "おそらく", "ko": "아마도", "en": "Probably"},
    "probable_note": {
        "ja": "SKMのエラーメッセージそのものではなく、書かれた言葉から推測しています。",
        "ko": "SKM 오류 메시지 그대로가 아니라, 쓰신 말에서 추측했습니다.",
        "en": "Inferred from your own words, not from SKM's error message itself.",
    },
    "ask_title": {
        "ja": "次のどれでしょうか？",
        "ko": "다음 중 어느 것인가요?",
        "en": "Is it one of these?",
    },
    "ask_intro": {
        "ja": "貼り付けからは一つに絞れませんでした。当てはまるものを選ぶと、その診断とチェックを表示します。",
        "ko": "붙여 넣은 내용만으로는 하나로 좁히지 못했습니다. 해당하는 것을 고르면 그 진단과 점검을 보여 드립니다.",
        "en": "The paste fits more than one failure, or fits one only weakly. Pick the one that applies for its diagnosis and checks.",
    },
    "ask_why": {"ja": "根拠", "ko": "근거", "en": "why"},
    "ask_step_1": {
        "ja": "当てはまるエラーを選んでください。そのエラーの原因、チェック、対処手順を表示します。",
        "ko": "해당하는 오류를 골라 주세요. 그 오류의 원인, 점검, 조치 방법을 보여 드립니다.",
        "en": "Pick the failure that applies: its cause, checks and steps follow.",
    },
    "ask_hint": {
        "ja": "どれか一つに決めるには: skm-bot diagnose --choose {error} …",
        "ko": "하나로 정하려면: skm-bot diagnose --choose {error} …",
        "en": "To get one failure's full diagnosis: skm-bot diagnose --choose {error} …",
    },
    "chosen_note": {
        "ja": "選択されたエラーの診断です（{who}）。",
        "ko": "선택하신 오류의 진단입니다({who}).",
        "en": "The diagnosis of the failure picked ({who}).",
    },
    "tier_direct": {"ja": "エラーメッセージ", "ko": "오류 메시지", "en": "error message"},
    "tier_concept": {"ja": "書かれた言葉", "ko": "쓰신 말", "en": "your words"},
    "tier_symptom": {"ja": "症状", "ko": "증상", "en": "symptom"},
    "tier_chosen": {"ja": "選択", "ko": "선택", "en": "picked"},
    "general_checks_note": {
        "ja": "特定のエラーは分かりませんでしたが、SKMの話なので、どのエラーにも当てはまる基本のチェックを実行しました。",
        "ko": "특정 오류는 알아내지 못했지만 SKM 관련 내용이라, 어떤 오류에도 해당하는 기본 점검을 실행했습니다.",
        "en": "No specific failure recognised, but this is about SKM: the checks that apply to any failure were run.",
    },
    # Not SKM: another key manager, another service, everyday chat
    "not_skm_title": {
        "ja": "{name} のようです。Secure Key Manager のエラーではありません",
        "ko": "{name}(으)로 보입니다. Secure Key Manager 오류가 아닙니다",
        "en": "This looks like {name}, not Secure Key Manager",
    },
    "not_skm_cause": {
        "ja": "skm-bot は NHN Cloud Secure Key Manager のエラーだけを診断します。SKMのチェックは実行せず、NHNへのサポートメールも作成しません。",
        "ko": "skm-bot은 NHN Cloud Secure Key Manager 오류만 진단합니다. SKM 점검은 실행하지 않았고, NHN 지원 요청 메일도 만들지 않습니다.",
        "en": "skm-bot diagnoses NHN Cloud Secure Key Manager failures only: no SKM check was run and no support email to NHN is drafted.",
    },
    "not_skm_evidence": {"ja": "判断の根拠", "ko": "판단 근거", "en": "recognised by"},
    "not_skm_step_1": {
        "ja": "該当するサービスのドキュメントやサポート窓口で確認してください。",
        "ko": "해당 서비스의 문서나 지원 창구에서 확인하세요.",
        "en": "Look it up in that service's own documentation, or ask its support.",
    },
    "not_skm_chat_step": {
        "ja": "ここにはskm-botが診断できるSKMのエラーはありません。",
        "ko": "여기에는 skm-bot이 진단할 SKM 오류가 없습니다.",
        "en": "There is no SKM failure here for skm-bot to diagnose.",
    },
    "not_skm_step_2": {
        "ja": "SKMのエラーだった場合は、SKMの応答（header.resultMessage を含む）を貼り付けてください。",
        "ko": "SKM 오류였다면 SKM 응답(header.resultMessage 포함)을 붙여 넣어 주세요.",
        "en": "If it is an SKM failure after all, paste SKM's response (with header.resultMessage).",
    },
    "offline_hint": {
        "ja": "オフライン診断のため、SKMには問い合わせていません。SKMプロジェクトに対してライブチェックを実行するには: skm-bot diagnose --profile 名前（プロファイルのファイルは SKM_BOT_PROFILES または --profiles FILE で指定します。docs/profiles.md を参照）",
        "ko": "오프라인 진단이라 SKM에 조회하지 않았습니다. SKM 프로젝트를 대상으로 라이브 점검을 실행하려면: skm-bot diagnose --profile 이름 (프로필 파일은 SKM_BOT_PROFILES 또는 --profiles FILE로 지정합니다. docs/profiles.md 참고)",
        "en": "Offline: SKM was not contacted. To run the live checks against your SKM project: skm-bot diagnose --profile NAME (the profiles file comes from SKM_BOT_PROFILES or --profiles FILE; see docs/profiles.md).",
    },
    "cause": {"ja": "原因", "ko": "원인", "en": "Cause"},
    "steps": {"ja": "対処手順", "ko": "조치 방법", "en": "Steps"},
    "checks": {"ja": "チェック結果", "ko": "점검 결과", "en": "Checks"},
    "facts": {"ja": "抽出した情報", "ko": "추출한 정보", "en": "Facts"},
    "confidence": {"ja": "確度", "ko": "신뢰도", "en": "confidence"},
    "evidence": {"ja": "根拠", "ko": "근거", "en": "evidence"},
    "also": {"ja": "ほかに見つかったエラー", "ko": "함께 발견된 오류", "en": "Also found"},
    "diagnosis_id": {"ja": "診断ID", "ko": "진단 ID", "en": "Diagnosis ID"},
    "escalation": {
        "ja": "サポートへの問い合わせメール",
        "ko": "지원 요청 메일",
        "en": "Support email",
    },
    "no_checks": {
        "ja": "実行したチェックはありません",
        "ko": "실행한 점검이 없습니다",
        "en": "No check was run",
    },
    "redaction_warning": {
        "ja": "貼り付けに秘密情報が含まれていたため、解析の前に取り除きました（{kinds}）。元のメッセージを削除し、該当する秘密情報を無効化・再発行してください。",
        "ko": "붙여 넣은 내용에 비밀 정보가 있어 분석 전에 제거했습니다({kinds}). 원래 메시지를 삭제하고 해당 비밀 정보를 폐기·재발급하세요.",
        "en": "The paste held secrets, removed before analysis ({kinds}). Delete the original message and rotate them.",
    },
    # Slack replies
    "slack_running": {
        "ja": "チェックを実行しています…",
        "ko": "점검을 실행하고 있습니다…",
        "en": "Running checks…",
    },
    "slack_progress": {
        "ja": "{done}/{total} 件のチェックが完了",
        "ko": "점검 {total}건 중 {done}건 완료",
        "en": "{done} of {total} checks done",
    },
    "slack_pending": {"ja": "実行中", "ko": "실행 중", "en": "running"},
    "slack_offline": {
        "ja": "オフライン診断：このチャンネル（またはあなた）にはSKMのプロファイルが設定されていないため、SKMには問い合わせていません。ライブチェックは、skm-botを運用している担当者がアクセスファイル（SKM_BOT_SLACK_ACCESS_FILE）でプロファイルにこのチャンネルやメンバーを追加すると使えます（skm-botの docs/slack.md「Access」）。",
        "ko": "오프라인 진단: 이 채널(또는 회원님)에 설정된 SKM 프로필이 없어 SKM에 조회하지 않았습니다. 라이브 점검은 skm-bot을 운영하는 담당자가 액세스 파일(SKM_BOT_SLACK_ACCESS_FILE)에서 프로필에 이 채널이나 멤버를 추가하면 쓸 수 있습니다(skm-bot의 docs/slack.md 'Access').",
        "en": 'Offline diagnosis: no SKM profile is set up for this channel (or for you), so SKM was not contacted. Whoever runs skm-bot can enable live checks by adding this channel or you to a profile in its access file (SKM_BOT_SLACK_ACCESS_FILE; skm-bot\'s docs/slack.md, "Access").',
    },
    "slack_offline_unusable": {
        "ja": "オフライン診断：ここで使うプロファイル {profiles} は現在使用できません（ボットがそのシークレットを読み取れません。理由はボットのログにあります）。そのため SKM には問い合わせていません。",
        "ko": "오프라인 진단: 여기에서 쓰는 프로필 {profiles}을(를) 지금 사용할 수 없습니다(봇이 시크릿을 읽지 못했습니다. 이유는 봇 로그에 있습니다). 그래서 SKM에 조회하지 않았습니다.",
        "en": "Offline diagnosis: profile {profiles}, set up for here, cannot be used right now (the bot cannot read its secret; the bot's log says why), so SKM was not contacted.",
    },
    "slack_live": {
        "ja": "プロファイル {profile} でライブチェックを実行",
        "ko": "프로필 {profile}(으)로 라이브 점검 실행",
        "en": "Live checks with profile {profile}",
    },
    "slack_cut": {
        "ja": "…（Slackの上限のため {count} 行を省略。全文は診断ID {diagnosis_id} で確認できます）",
        "ko": "…(Slack 제한으로 {count}줄 생략. 전체 내용은 진단 ID {diagnosis_id}로 확인하세요)",
        "en": "… ({count} more line(s) cut to fit Slack; diagnosis ID {diagnosis_id} has them all)",
    },
    "slack_rerun": {"ja": "チェックを再実行", "ko": "점검 다시 실행", "en": "Re-run checks"},
    "slack_draft_email": {
        "ja": "サポートメールを作成",
        "ko": "지원 요청 메일 작성",
        "en": "Draft support email",
    },
    "slack_resolved": {"ja": "解決した", "ko": "해결됨", "en": "Resolved"},
    "slack_not_helpful": {"ja": "役に立たなかった", "ko": "도움이 안 됨", "en": "Not helpful"},
    "slack_feedback_resolved": {
        "ja": "ありがとうございます。「解決した」と記録しました（{diagnosis_id}）。",
        "ko": "감사합니다. '해결됨'으로 기록했습니다({diagnosis_id}).",
        "en": "Thanks: recorded {diagnosis_id} as resolved.",
    },
    "slack_feedback_not_helpful": {
        "ja": "ありがとうございます。「役に立たなかった」と記録しました（{diagnosis_id}）。サポートメールの作成もご検討ください。",
        "ko": "감사합니다. '도움이 안 됨'으로 기록했습니다({diagnosis_id}). 지원 요청 메일 작성도 고려해 주세요.",
        "en": "Thanks: recorded {diagnosis_id} as not helpful. Drafting a support email may help next.",
    },
    "slack_email_title": {"ja": "サポートメール", "ko": "지원 요청 메일", "en": "Support email"},
    "slack_email_submit": {"ja": "スレッドに投稿", "ko": "스레드에 게시", "en": "Post in thread"},
    "slack_email_cancel": {"ja": "キャンセル", "ko": "취소", "en": "Cancel"},
    "slack_email_to": {"ja": "宛先", "ko": "받는 사람", "en": "To"},
    "slack_email_subject": {"ja": "件名", "ko": "제목", "en": "Subject"},
    "slack_email_body": {"ja": "本文", "ko": "본문", "en": "Body"},
    "slack_email_hint": {
        "ja": "このまま送信できます。編集する場合も、秘密情報は入れないでください。",
        "ko": "그대로 보낼 수 있습니다. 수정하더라도 비밀 정보는 넣지 마세요.",
        "en": "It is ready to send as it is. If you edit it, keep secrets out of it.",
    },
    "slack_email_ready": {
        "ja": "サポートメールの準備ができました（コピーして送信してください）",
        "ko": "지원 요청 메일이 준비되었습니다(복사해서 보내세요)",
        "en": "Support email, ready to copy and send",
    },
    "slack_email_open": {
        "ja": "メールアプリで開く",
        "ko": "메일 앱에서 열기",
        "en": "Open in your mail app",
    },
    "slack_email_link_cut": {
        "ja": "メールアプリへのリンクには本文の先頭部分のみが入ります。全文は上のブロックからコピーしてください。",
        "ko": "메일 앱 링크에는 본문 앞부분만 들어갑니다. 전체 내용은 위 블록에서 복사하세요.",
        "en": "The mail-app link carries only the start of the body; copy the full text from the block above.",
    },
    "slack_help_title": {
        "ja": "skm-bot の使い方",
        "ko": "skm-bot 사용법",
        "en": "How to use skm-bot",
    },
    "slack_help_body": {
        "ja": "• メンションして貼り付け： `@skm-bot <SKMのエラーやログ>`（スレッドに返信します）\n• DMで貼り付け\n• `/skm <貼り付け>` ・ `/skm <リクエストIDまたは診断ID>` ・ `/skm help`\n• メッセージのメニューから「Diagnose with skm-bot」\n• 証明書（.crt .pem .cer）をスレッドにアップロードすると検査します。秘密鍵や .p12/.pfx はアップロードしないでください。",
        "ko": "• 멘션하고 붙여 넣기: `@skm-bot <SKM 오류나 로그>` (스레드에 답합니다)\n• DM으로 붙여 넣기\n• `/skm <붙여 넣기>` · `/skm <요청 ID 또는 진단 ID>` · `/skm help`\n• 메시지 메뉴에서 'Diagnose with skm-bot'\n• 인증서(.crt .pem .cer)를 스레드에 올리면 검사합니다. 개인 키나 .p12/.pfx는 올리지 마세요.",
        "en": '• Mention and paste: `@skm-bot <an SKM error or log>` (the reply goes in the thread)\n• Paste in a DM\n• `/skm <paste>` · `/skm <request ID or diagnosis ID>` · `/skm help`\n• On any message: More actions → "Diagnose with skm-bot"\n• Upload a certificate (.crt .pem .cer) in the thread to inspect it. Never upload a private key or a .p12/.pfx.',
    },
    "slack_not_found": {
        "ja": "{query} に該当する診断は見つかりませんでした。",
        "ko": "{query}에 해당하는 진단을 찾지 못했습니다.",
        "en": "No diagnosis found for {query}.",
    },
    # Request-ID lookup: a stored diagnosis re-run, and what changed since
    "slack_lookup_note": {
        "ja": "{time} に保存された診断を、チェックを再実行して表示しています。",
        "ko": "{time}에 저장된 진단을 점검을 다시 실행해 보여 드립니다.",
        "en": "The diagnosis stored on {time}, with its checks run again now.",
    },
    "slack_changed_since": {
        "ja": "{time} からの変化",
        "ko": "{time} 이후 달라진 점",
        "en": "What changed since {time}",
    },
    "slack_changed_nothing": {
        "ja": "変化なし：同じエラー、同じチェック結果です。",
        "ko": "변화 없음: 같은 오류, 같은 점검 결과입니다.",
        "en": "Nothing: the same failures and the same check results.",
    },
    "slack_not_run": {"ja": "未実行", "ko": "실행 안 함", "en": "not run"},
    "slack_now_recognised": {"ja": "新たに検出", "ko": "새로 발견", "en": "Now also recognised"},
    "slack_no_longer_recognised": {
        "ja": "検出されなくなったエラー",
        "ko": "더 이상 발견되지 않는 오류",
        "en": "No longer recognised",
    },
    "slack_unknown_id": {
        "ja": "{query} の診断で、ここに表示できるものはありません（検索できるのはskm-botが診断した貼り付けやアラートのIDと診断IDで、診断は作成されたチャンネルか依頼した本人にだけ表示されます）。",
        "ko": "{query}에 대해 여기에 보여 드릴 수 있는 진단이 없습니다(skm-bot이 진단한 붙여 넣기와 알림의 ID, 진단 ID만 찾을 수 있으며, 진단은 만들어진 채널이나 요청한 본인에게만 보여 드립니다).",
        "en": "No diagnosis for {query} can be shown here: I look up the IDs in the pastes and alerts I have diagnosed, and show a diagnosis only in its own channel or to whoever asked for it.",
    },
    "slack_unknown_id_hint": {
        "ja": "失敗したリクエストとSKMの応答（header.resultMessage を含む）を貼り付けると、新しく診断します。",
        "ko": "실패한 요청과 SKM 응답(header.resultMessage 포함)을 붙여 넣으면 새로 진단합니다.",
        "en": "Paste the failing request and SKM's response (with header.resultMessage) to diagnose it now.",
    },
    # Known issue: a firing alert group about the same failure
    "slack_known_issue": {
        "ja": "既知の問題：このエラーのアラートが発生中です（{title}）。",
        "ko": "알려진 문제: 이 오류에 대한 알림이 발생 중입니다({title}).",
        "en": "Known issue: an alert for this failure is firing ({title}).",
    },
    "slack_known_issue_counts": {
        "ja": "アラート {count} 回 · 報告 {reports} 件（あなたの報告を含む）",
        "ko": "알림 {count}회 · 보고 {reports}건(회원님의 보고 포함)",
        "en": "Alerted {count} time(s) · {reports} report(s) from people, yours included",
    },
    "slack_known_issue_thread": {
        "ja": "アラートのスレッドを開く",
        "ko": "알림 스레드 열기",
        "en": "Open the alert thread",
    },
    "slack_known_issue_no_thread": {
        "ja": "アラートのスレッドはまだ投稿されていません。",
        "ko": "알림 스레드가 아직 게시되지 않았습니다.",
        "en": "The alert's thread is not posted yet.",
    },
    "slack_key_upload": {
        "ja": "秘密鍵を含むファイル（{filename}）がアップロードされました。skm-botは開いていません。今すぐSlackからファイルを削除し、鍵と証明書を再発行（ローテーション）して古いものを失効させてください。",
        "ko": "개인 키가 든 파일({filename})이 업로드되었습니다. skm-bot은 열지 않았습니다. 지금 Slack에서 파일을 삭제하고, 키와 인증서를 재발급(교체)한 뒤 이전 것은 폐기하세요.",
        "en": "A file holding a private key ({filename}) was uploaded. skm-bot did not open it. Delete the file from Slack now, then rotate: issue a new key and certificate and revoke this one.",
    },
    "slack_cert_title": {
        "ja": "証明書の検査：{filename}",
        "ko": "인증서 검사: {filename}",
        "en": "Certificate inspection: {filename}",
    },
    "slack_cert_counts": {
        "ja": "検出 {findings} 件、うちエラー {errors} 件",
        "ko": "발견 사항 {findings}건, 그중 오류 {errors}건",
        "en": "{findings} finding(s), {errors} error(s)",
    },
    "slack_cert_unreadable": {
        "ja": "{filename} を取得できませんでした（{reason}）。",
        "ko": "{filename}을(를) 가져오지 못했습니다({reason}).",
        "en": "Could not fetch {filename} ({reason}).",
    },
}


# Every label, the support email's included.
LABELS: dict[str, dict[Language, str]] = {**_REPLY_LABELS, **EMAIL_LABELS}


def label(key: str, language: Language) -> str:
    """The label `key` in `language`; KeyError for an unknown key."""
    return LABELS[key][language]
