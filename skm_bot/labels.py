"""The words around a diagnosis (headings, field names, notes) in every language the bot speaks."""

from __future__ import annotations

from skm_bot.language import Language

LABELS: dict[str, dict[Language, str]] = {
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
        "ja": "解決しない場合は、下のサポート用メールをそのまま送ってください。",
        "ko": "해결되지 않으면 아래 지원 요청 메일을 그대로 보내 주세요.",
        "en": "If it stays unsolved, send the support email below as it is.",
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
    "not_found": {
        "ja": "（貼り付けに含まれていません）",
        "ko": "(붙여 넣은 내용에 없음)",
        "en": "(not in the paste)",
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
    # Escalation email
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
        "ja": "Secure Key Manager APIの呼び出しが失敗しています。事実と実施済みの確認を以下にまとめました。原因の調査をお願いいたします。",
        "ko": "Secure Key Manager API 호출이 실패하고 있습니다. 사실관계와 이미 확인한 내용을 아래에 정리했습니다. 원인 조사를 부탁드립니다.",
        "en": "Our calls to the Secure Key Manager API fail. The facts and what we have already checked are below; please help us find the cause.",
    },
    "email_what_failed": {"ja": "発生した事象", "ko": "발생한 현상", "en": "What failed"},
    "email_error": {"ja": "エラー", "ko": "오류", "en": "Error"},
    "email_result": {"ja": "SKMの応答", "ko": "SKM 응답", "en": "SKM result"},
    "email_operation": {"ja": "操作", "ko": "작업", "en": "Operation"},
    "email_endpoint": {"ja": "エンドポイント", "ko": "엔드포인트", "en": "Endpoint"},
    "email_api_version": {"ja": "APIバージョン", "ko": "API 버전", "en": "API version"},
    "email_appkey": {
        "ja": "アプリケーションキー（一部伏せ字）",
        "ko": "앱키(일부 가림)",
        "en": "Appkey (partly masked)",
    },
    "email_key_id": {"ja": "キーID", "ko": "키 ID", "en": "Key ID"},
    "email_key_version": {"ja": "鍵バージョン", "ko": "키 버전", "en": "Key version"},
    "email_client_ip": {"ja": "クライアントIPv4", "ko": "클라이언트 IPv4", "en": "Client IPv4"},
    "email_client_mac": {"ja": "クライアントMAC", "ko": "클라이언트 MAC", "en": "Client MAC"},
    "email_mac_header": {"ja": "MACヘッダー名", "ko": "MAC 헤더 이름", "en": "MAC header"},
    "email_request_ids": {"ja": "リクエストID", "ko": "요청 ID", "en": "Request IDs"},
    "email_failed_at": {
        "ja": "発生時刻（ログ）",
        "ko": "발생 시각(로그)",
        "en": "Time of failure (log)",
    },
    "email_reported_at": {
        "ja": "報告時刻（UTC）",
        "ko": "보고 시각(UTC)",
        "en": "Reported at (UTC)",
    },
    "email_checks": {"ja": "実施したチェック", "ko": "실행한 점검", "en": "Checks run"},
    "email_tried": {
        "ja": "実施済みの対処",
        "ko": "이미 해 본 조치",
        "en": "What we have already checked",
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
    "email_none": {"ja": "（なし）", "ko": "(없음)", "en": "(none)"},
}


def label(key: str, language: Language) -> str:
    """The label `key` in `language`; KeyError for an unknown key."""
    return LABELS[key][language]
