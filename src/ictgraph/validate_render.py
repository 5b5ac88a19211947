"""A validation report as text for people, JSON for programs, or the standard SHACL Turtle."""

from __future__ import annotations

import json
from itertools import groupby

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from ictgraph.validate import REPORT_PREFIXES, ValidationReport, ValidationResult, compact

FORMATS = ("text", "json", "turtle")

# Arabic counts read as "المخالفات: 3" to avoid number agreement.
_WORDS = {
    "en": {"conforms": "conforms", "fails": "does not conform",
           "summary": "{violations} violation(s), {warnings} warning(s)", "group": "{count} result(s)",
           "Violation": "Violation", "Warning": "Warning", "Info": "Info"},
    "ar": {"conforms": "يطابق الأشكال", "fails": "لا يطابق الأشكال",
           "summary": "المخالفات: {violations}، التحذيرات: {warnings}", "group": "النتائج: {count}",
           "Violation": "مخالفة", "Warning": "تحذير", "Info": "معلومة"},
}


def render(report: ValidationReport, fmt: str = "text", lang: str = "en") -> str:
    """The report in one of FORMATS."""
    if fmt == "text":
        return render_text(report, lang)
    if fmt == "json":
        return render_json(report)
    if fmt == "turtle":
        return render_turtle(report)
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")


def render_text(report: ValidationReport, lang: str = "en") -> str:
    """A summary line, then the results grouped by shape, one line per result:
    the focus node's label and IRI, the path, the value and the message in `lang`."""
    words = _WORDS.get(lang, _WORDS["en"])
    verdict = words["conforms"] if report.conforms else words["fails"]
    summary = words["summary"].format(violations=len(report.violations), warnings=len(report.warnings))
    lines = [f"{verdict}: {summary}"]
    for (severity, shape), group in groupby(report.results, key=lambda r: (r.severity, r.shape)):
        results = list(group)
        lines.append("")
        lines.append(f"{words.get(severity, severity)} · {compact(shape)} · "
                     + words["group"].format(count=len(results)))
        lines.extend(f"  - {_result_line(result, lang)}" for result in results)
    return "\n".join(lines) + "\n"


def _result_line(result: ValidationResult, lang: str) -> str:
    focus = compact(result.focus)
    name = result.focus_label if result.focus_label == focus else f"{result.focus_label} ({focus})"
    return f"{name} · {result.path or '—'} · {compact(result.value)} · {result.message(lang)}"


def render_json(report: ValidationReport) -> str:
    """conforms, counts and every result with full IRIs, values as N-Triples terms, the
    messages by language and the source documents that explain the result."""
    payload = {
        "conforms": report.conforms,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "results": [{
            "severity": r.severity,
            "shape": str(r.shape),
            "focusNode": str(r.focus),
            "focusLabel": r.focus_label,
            "path": r.path,
            "value": r.value.n3() if r.value is not None else None,
            "messages": dict(sorted(r.messages.items())),
            "documents": sorted(report.documents_of(r)),
        } for r in report.results],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render_turtle(report: ValidationReport) -> str:
    """The standard SHACL validation report (sh:ValidationReport), with stable blank nodes."""
    canonical = Graph()
    canonical += to_canonical_graph(report.report_graph)
    for prefix, namespace in REPORT_PREFIXES.items():
        canonical.bind(prefix, namespace, override=True, replace=True)
    return canonical.serialize(format="turtle")
