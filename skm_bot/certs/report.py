"""Render an inspection for a terminal or a check's details: root cause first, one action each."""

from __future__ import annotations

from skm_bot.certs.findings import CertRef, Finding, format_instant
from skm_bot.certs.inspect import Inspection


def render_text(inspection: Inspection) -> str:
    """A readable report: what the file is, then each finding with its certificate and action."""
    lines = [_headline(inspection)]
    for depth_ref in inspection.chain:
        lines.append(f"  [{depth_ref.depth}] {cert_label(depth_ref, validity=True)}")
    if not inspection.findings:
        lines.append("No problems found.")
    for number, finding in enumerate(inspection.findings, start=1):
        lines.append("")
        lines.extend(render_finding(finding, number))
    return "\n".join(lines) + "\n"


def render_finding(finding: Finding, number: int | None = None) -> list[str]:
    """One finding as a few indented lines."""
    prefix = f"{number}. " if number is not None else ""
    lines = [f"{prefix}{finding.severity.upper()} {finding.code}: {finding.summary}"]
    if finding.cert is not None:
        lines.append(f"   certificate: {cert_label(finding.cert)}")
    if finding.observed:
        lines.append(f"   observed: {finding.observed}")
    if finding.expected:
        lines.append(f"   expected: {finding.expected}")
    lines.append(f"   next: {finding.next_action}")
    return lines


def one_line(finding: Finding) -> str:
    """A finding in one line, for a check's details."""
    where = f" [{cert_label(finding.cert)}]" if finding.cert else ""
    observed = f" ({finding.observed})" if finding.observed else ""
    return (
        f"{finding.severity}: {finding.code}: {finding.summary}{observed}{where}"
        f" Next: {finding.next_action}"
    )


def cert_label(ref: CertRef, *, validity: bool = False) -> str:
    """Depth, subject, serial and fingerprint of one certificate, and its validity if asked."""
    label = f"depth {ref.depth}, {ref.subject}, serial {ref.serial}, sha256 {ref.sha256}"
    if validity:
        label += f", valid {format_instant(ref.not_before)} to {format_instant(ref.not_after)}"
    return label


def _headline(inspection: Inspection) -> str:
    kind = str(inspection.container)
    if inspection.base64_wrapped:
        kind = f"base64 text of {kind}"
    key = "private key present" if inspection.has_key else "no usable private key"
    errors = len(inspection.errors)
    return (
        f"{inspection.filename}: {kind}, {len(inspection.chain)} certificate(s) in chain, {key};"
        f" {len(inspection.findings)} finding(s), {errors} error(s)"
    )
