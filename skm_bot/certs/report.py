"""Render an inspection for a terminal or a check's details: root cause first, one action each."""

from __future__ import annotations

from skm_bot.certs.findings import CertRef, Finding, Severity, format_instant
from skm_bot.certs.formats import container_name
from skm_bot.certs.inspect import Inspection
from skm_bot.core.language import Language
from skm_bot.core.phrases import Phrase, phrase

_SEVERITIES = {
    Severity.ERROR: phrase("cert.severity.error"),
    Severity.WARNING: phrase("cert.severity.warning"),
    Severity.INFO: phrase("cert.severity.info"),
}


def render_text(inspection: Inspection, language: Language) -> str:
    """A readable report: what the file is, then each finding with its certificate and action."""
    lines = [headline(inspection).text(language)]
    for depth_ref in inspection.chain:
        lines.append(f"  [{depth_ref.depth}] {cert_label(depth_ref, validity=True).text(language)}")
    if not inspection.findings:
        lines.append(phrase("cert.report.no_problems").text(language))
    for number, finding in enumerate(inspection.findings, start=1):
        lines.append("")
        lines.extend(render_finding(finding, language, number))
    return "\n".join(lines) + "\n"


def render_finding(finding: Finding, language: Language, number: int | None = None) -> list[str]:
    """One finding as a few indented lines."""
    prefix = f"{number}. " if number is not None else ""
    severity = _SEVERITIES[finding.severity].text(language).upper()
    under: list[Phrase] = []
    if finding.cert is not None:
        under.append(phrase("cert.report.certificate", label=cert_label(finding.cert)))
    if finding.observed is not None:
        under.append(phrase("cert.report.observed", observed=finding.observed))
    if finding.expected is not None:
        under.append(phrase("cert.report.expected", expected=finding.expected))
    under.append(phrase("cert.report.next", action=finding.next_action))
    first = f"{prefix}{severity} {finding.code}: {finding.summary.text(language)}"
    return [first, *(f"   {line.text(language)}" for line in under)]


def one_line(finding: Finding) -> Phrase:
    """A finding in one line, for a check's details."""
    observed: Phrase | str = ""
    if finding.observed is not None:
        observed = phrase("cert.report.observed_inline", observed=finding.observed)
    where: Phrase | str = ""
    if finding.cert is not None:
        where = phrase("cert.report.where", label=cert_label(finding.cert))
    return phrase(
        "cert.report.one_line",
        severity=_SEVERITIES[finding.severity],
        code=str(finding.code),
        summary=finding.summary,
        observed=observed,
        where=where,
        action=finding.next_action,
    )


def cert_label(ref: CertRef, *, validity: bool = False) -> Phrase:
    """Depth, subject, serial and fingerprint of one certificate, and its validity if asked."""
    label = phrase(
        "cert.report.label",
        depth=ref.depth,
        subject=ref.subject,
        serial=ref.serial,
        sha256=ref.sha256,
    )
    if not validity:
        return label
    return phrase(
        "cert.report.label_validity",
        label=label,
        not_before=format_instant(ref.not_before),
        not_after=format_instant(ref.not_after),
    )


def headline(inspection: Inspection) -> Phrase:
    """What the file is, how many certificates and findings: the report's first line."""
    kind = container_name(inspection.container)
    if inspection.base64_wrapped:
        kind = phrase("cert.report.base64_of", kind=kind)
    key = phrase("cert.report.key_present" if inspection.has_key else "cert.report.no_key")
    return phrase(
        "cert.report.headline",
        filename=inspection.filename,
        kind=kind,
        chain=len(inspection.chain),
        key=key,
        findings=len(inspection.findings),
        errors=len(inspection.errors),
    )
