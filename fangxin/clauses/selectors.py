"""Reads of format-clause review: the lists staff and merchants see, the text cut into
highlighted segments, the evaluation records that reviewers' decisions produce."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from fangxin.clauses.models import ClauseDocument, ClauseFinding
from fangxin.textintel.redact import redact_text


def _merchant_names(finding: ClauseFinding) -> list[str]:
    merchant = finding.document.merchant
    return [merchant.name] if merchant is not None else []


def documents_for_staff(
    user, *, status: str = "", q: str = "", sector: str = "", unit_id: int | None = None
) -> QuerySet[ClauseDocument]:
    rows = ClauseDocument.objects.filter(bureau_id=user.bureau_id).select_related(
        "merchant", "unit"
    )
    if status in ClauseDocument.Status.values:
        rows = rows.filter(status=status)
    if sector:
        rows = rows.filter(sector=sector)
    if unit_id:
        rows = rows.filter(unit_id=unit_id)
    if q := q.strip():
        rows = rows.filter(Q(title__icontains=q) | Q(merchant__name__icontains=q))
    return rows.annotate(
        n_findings=Count("findings", filter=~Q(findings__decision="dismissed"))
    ).order_by("-submitted_at", "-id")


def documents_for_merchant(merchant) -> QuerySet[ClauseDocument]:
    """Its own submissions, and documents about it once a notice was issued (an inspector's
    photo is the merchant's business from the notice on, not before)."""
    return (
        ClauseDocument.objects.filter(merchant=merchant)
        .filter(Q(source=ClauseDocument.Source.MERCHANT) | Q(notice__isnull=False))
        .order_by("-submitted_at", "-id")
    )


@dataclass(frozen=True)
class Segment:
    text: str
    findings: tuple[int, ...] = ()
    severity: str = ""


SEVERITY_ORDER = {"high": 3, "medium": 2, "low": 1}


def highlighted(text: str, spans: list[tuple[int, int, int, str]]) -> list[Segment]:
    """`text` cut at every span boundary; each piece carries the ids of the findings that
    cover it and the most severe of their severities. `spans` are (start, end, id, severity)
    in characters of `text`. Overlaps are fine; spans outside the text are clipped."""
    n = len(text)
    clean = [(max(0, s), min(n, e), i, sev) for s, e, i, sev in spans if s < e and s < n and e > 0]
    cuts = sorted({0, n, *[s for s, _, _, _ in clean], *[e for _, e, _, _ in clean]})
    segments = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        covering = [(i, sev) for s, e, i, sev in clean if s <= a and e >= b]
        severity = max(
            (sev for _, sev in covering), key=lambda v: SEVERITY_ORDER.get(v, 0), default=""
        )
        segments.append(Segment(text[a:b], tuple(i for i, _ in covering), severity))
    return segments


def document_segments(document: ClauseDocument, *, include_dismissed: bool = False):
    findings = document.findings.all()
    if not include_dismissed:
        findings = findings.exclude(decision=ClauseFinding.Decision.DISMISSED)
    return highlighted(document.text, [(f.start, f.end, f.pk, f.severity) for f in findings])


def revision_segments(revision) -> list[Segment]:
    return highlighted(
        revision.text,
        [(f["start"], f["end"], n, f["severity"]) for n, f in enumerate(revision.findings, 1)],
    )


def feedback_records(bureau_id: int | None = None) -> list[dict]:
    """Decided findings as evaluation records (`python -m fangxin.clauses.evaluate --data`):
    a confirmed finding's clause is unfair under its rule; a clause whose every finding was
    dismissed is a fair look-alike the engine got wrong."""
    findings = ClauseFinding.objects.exclude(decision=ClauseFinding.Decision.PENDING)
    if bureau_id is not None:
        findings = findings.filter(document__bureau_id=bureau_id)
    by_clause: dict[tuple[int, int], list[ClauseFinding]] = {}
    for f in findings.select_related("document__merchant").order_by(
        "document_id", "clause_index", "id"
    ):
        by_clause.setdefault((f.document_id, f.clause_index), []).append(f)
    records = []
    for group in by_clause.values():
        confirmed = [f for f in group if f.decision == ClauseFinding.Decision.CONFIRMED]
        records.append(
            {
                # A filled-in contract can name a consumer: never in a data file.
                "text": redact_text(group[0].clause_text(), keep=_merchant_names(group[0])),
                "unfair": bool(confirmed),
                "rule": confirmed[0].rule_id if confirmed else None,
                "sector": group[0].document.sector or None,
                "reason": "; ".join(f.reason for f in group if f.reason) or None,
            }
        )
    return records
