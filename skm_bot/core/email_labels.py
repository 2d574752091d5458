"""
The words of the support email and of the note beside it, in every language the bot speaks.

The email is addressed to NHN Cloud support and sent as it is: it states what failed, the facts
known, the checks run and what was pasted. Nothing in it is addressed to the person sending it;
what they may attach is said beside it (`email_attach_*`), never inside.
"""

from __future__ import annotations

from skm_bot.core.language import Language

EMAIL_LABELS: dict[str, dict[Language, str]] = {
    "email_subject_match": {
        "ja": "[SKM] {error}：{operation}（診断 {diagnosis_id}）",
        "ko": "[SKM] {error}: {operation} (진단 {diagnosis_id})",
        "en": "[SKM] {error} on {operation} (diagnosis {diagnosis_id})",
    },
    "email_subject_none": {
        "ja": "[SKM] APIエラーの調査依頼（診断 {diagnosis_id}）",
        "ko": "[SKM] API 오류 조사 요청 (진단 {diagnosis_id})",
        "en": "[SKM] Help with an API error (diagnosis {diagnosis_id})",
    },
    "email_greeting": {
        "ja": "NHN Cloud サポートご担当者様",
        "ko": "NHN Cloud 고객지원 담당자님께",
        "en": "Hello NHN Cloud support,",
    },
    "email_intro": {
        "ja": "Secure Key Manager APIの呼び出しが失敗しています。発生した事象、判明している情報、skm-botで実行したチェックの結果を以下にまとめました。原因の調査をお願いいたします。",
        "ko": "Secure Key Manager API 호출이 실패하고 있습니다. 발생한 현상, 확인된 정보, skm-bot으로 실행한 점검 결과를 아래에 정리했습니다. 원인 조사를 부탁드립니다.",
        "en": "Our calls to the Secure Key Manager API fail. What failed, the facts we know and the results of the checks skm-bot ran are below; please help us find the cause.",
    },
    "email_what_failed": {"ja": "発生した事象", "ko": "발생한 현상", "en": "What failed"},
    "email_no_match": {
        "ja": "既知のSKMエラーとは特定できていません",
        "ko": "알려진 SKM 오류로 특정하지 못했습니다",
        "en": "Not yet matched to a known SKM error",
    },
    "email_candidates": {
        "ja": "次のいずれかと考えられます（未特定）",
        "ko": "다음 중 하나로 보입니다(미특정)",
        "en": "One of these, not yet told apart",
    },
    "email_result": {"ja": "SKMの応答", "ko": "SKM 응답", "en": "SKM result"},
    "email_operation": {"ja": "操作", "ko": "작업", "en": "Operation"},
    "email_failed_at": {
        "ja": "発生時刻（ログの記載どおり）",
        "ko": "발생 시각(로그에 기록된 그대로)",
        "en": "Time of failure (as logged)",
    },
    "email_failed_at_name": {"ja": "発生時刻", "ko": "발생 시각", "en": "Time of failure"},
    "email_diagnosis_id": {
        "ja": "skm-botの診断ID",
        "ko": "skm-bot 진단 ID",
        "en": "skm-bot diagnosis ID",
    },
    "email_facts": {"ja": "判明している情報", "ko": "확인된 정보", "en": "Facts"},
    "email_endpoint": {"ja": "エンドポイント", "ko": "엔드포인트", "en": "Endpoint"},
    "email_api_version": {"ja": "APIバージョン", "ko": "API 버전", "en": "API version"},
    "email_appkey": {
        "ja": "アプリケーションキー（一部伏せ字）",
        "ko": "앱키(일부 가림)",
        "en": "Appkey (partly masked)",
    },
    "email_appkey_name": {"ja": "アプリケーションキー", "ko": "앱키", "en": "Appkey"},
    "email_key_id": {"ja": "キーID", "ko": "키 ID", "en": "Key ID"},
    "email_key_version": {"ja": "鍵バージョン", "ko": "키 버전", "en": "Key version"},
    "email_keystore": {"ja": "キーストア", "ko": "키 저장소", "en": "Keystore"},
    "email_client_ip": {"ja": "クライアントIPv4", "ko": "클라이언트 IPv4", "en": "Client IPv4"},
    "email_client_mac": {"ja": "クライアントMAC", "ko": "클라이언트 MAC", "en": "Client MAC"},
    "email_mac_header": {"ja": "MACヘッダー名", "ko": "MAC 헤더 이름", "en": "MAC header"},
    "email_request_ids": {"ja": "リクエストID", "ko": "요청 ID", "en": "Request IDs"},
    # Right after a fact a check found, by the fact's name (core.found_facts); the space is part
    # of the label where the language wants one.
    "email_found_key_version": {
        "ja": "（{check} が暗号文の先頭から読み取り）",
        "ko": " ({check} 점검이 암호문 앞부분에서 읽음)",
        "en": " (read from the ciphertext by {check})",
    },
    "email_found_keystore": {
        "ja": "（{check} がこのキーストアで鍵を確認）",
        "ko": " ({check} 점검이 이 키 저장소에서 키를 확인)",
        "en": " (where {check} found the key)",
    },
    "email_not_known": {"ja": "不明", "ko": "알 수 없음", "en": "Not known"},
    "email_checks": {
        "ja": "skm-botで実行したチェック（{time}）",
        "ko": "skm-bot으로 실행한 점검({time})",
        "en": "Checks skm-bot ran ({time})",
    },
    "email_no_checks": {
        "ja": "実行したチェックはありません",
        "ko": "실행한 점검이 없습니다",
        "en": "No check was run",
    },
    "email_status_pass": {"ja": "正常", "ko": "정상", "en": "pass"},
    "email_status_fail": {"ja": "異常", "ko": "실패", "en": "fail"},
    "email_status_warn": {"ja": "注意", "ko": "주의", "en": "warn"},
    "email_status_skip": {"ja": "未実行", "ko": "실행 안 함", "en": "not run"},
    "email_status_error": {"ja": "実行エラー", "ko": "실행 오류", "en": "error"},
    "email_pasted": {
        "ja": "貼り付けられたログ・リクエスト・レスポンス（秘密情報は除去済み）",
        "ko": "붙여 넣은 로그·요청·응답(비밀 정보 제거됨)",
        "en": "The log, request and response as pasted (secrets removed)",
    },
    "email_pasted_more": {
        "ja": "…（以下 {count} 行省略）",
        "ko": "…(이하 {count}줄 생략)",
        "en": "… ({count} more line(s) not shown)",
    },
    "email_redacted": {
        "ja": "元の貼り付けから秘密情報 {count} 件（{kinds}）を取り除いています。このメールには含まれていません。",
        "ko": "원래 붙여 넣은 내용에서 비밀 정보 {count}건({kinds})을 제거했습니다. 이 메일에는 포함되어 있지 않습니다.",
        "en": "{count} secret(s) ({kinds}) were removed from the original paste; none is in this email.",
    },
    "email_closing": {
        "ja": "追加で必要な情報があればお知らせください。よろしくお願いいたします。",
        "ko": "추가로 필요한 정보가 있으면 알려 주세요. 감사합니다.",
        "en": "Please tell us if you need anything else. Thank you.",
    },
    # Beside the email, to the person sending it
    "email_attach": {
        "ja": "このメールはそのまま送信できます（秘密情報は含まれていません）。サポートが最初に尋ねる次の情報が貼り付けにありませんでした。分かれば添えてください：{items}",
        "ko": "이 메일은 그대로 보낼 수 있습니다(비밀 정보 없음). 지원팀이 먼저 묻는 다음 정보가 붙여 넣은 내용에 없었습니다. 알고 계시면 첨부해 주세요: {items}",
        "en": "This email can be sent as it is (it holds no secret). Support asks first for what the paste did not show; attach it if you can: {items}",
    },
    "email_attach_none": {
        "ja": "このメールはそのまま送信できます（秘密情報は含まれていません）。",
        "ko": "이 메일은 그대로 보낼 수 있습니다(비밀 정보 없음).",
        "en": "This email can be sent as it is (it holds no secret).",
    },
    "email_attach_response": {
        "ja": "SKMのレスポンス全体（header.resultCode と resultMessage。秘密情報は除いて）",
        "ko": "SKM 응답 전체(header.resultCode와 resultMessage, 비밀 정보는 빼고)",
        "en": "SKM's whole response (header.resultCode and resultMessage), secrets removed",
    },
    "email_attach_time": {
        "ja": "失敗した時刻（タイムゾーン付き）",
        "ko": "실패한 시각(시간대 포함)",
        "en": "the time of the failure, with its time zone",
    },
    "email_attach_client_ip": {
        "ja": "呼び出し元クライアントのIPv4アドレス",
        "ko": "호출한 클라이언트의 IPv4 주소",
        "en": "the calling client's IPv4 address",
    },
    "email_attach_appkey": {
        "ja": "アプリケーションキー（またはリクエストURL）",
        "ko": "앱키(또는 요청 URL)",
        "en": "the appkey (or the request URL)",
    },
    # Between names ("Key ID, Client IPv4"), and between longer items that hold commas.
    "email_names_separator": {"ja": "、", "ko": ", ", "en": ", "},
    "email_list_separator": {"ja": "、", "ko": "; ", "en": "; "},
}
