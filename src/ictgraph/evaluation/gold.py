"""Load gold files (tests/gold/*.json), check them, and turn them into Facts."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ictgraph.errors import InputError
from ictgraph.evaluation.items import DelegationItem, Detail, Entity, Facts, LinkItem, MeetingItem
from ictgraph.evaluation.schema_check import schema_errors
SCHEMA_FILE = Path(__file__).resolve().parents[1] / "resources" / "gold.schema.json"

# Attributes scored as details, per gold list: gold key → detail attribute.
_MEETING_ATTRS = {"date": "date", "end_date": "end_date", "place": "place",
                  "virtual": "virtual", "host": "host", "chair": "chair"}
_PERSON_ATTRS = {"body": "body", "country": "country"}
_INITIATIVE_ATTRS = {"derived_from": "derived_from", "launched_at": "launched_at",
                     "led_by": "led_by", "approved_at": "approved_at"}
_SERVICE_ATTRS = {"approved_at": "approved_at"}
_WORKING_GROUP_ATTRS = {"committee": "committee"}
_EVENT_ATTRS = {"ordinal": "ordinal", "date": "date", "end_date": "end_date",
                "place": "place", "host": "host"}


@lru_cache(maxsize=1)
def gold_schema() -> dict:
    """The gold-file schema (package data)."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def gold_problems(data: Any) -> list[str]:
    """Every problem of one parsed gold file: schema violations, then consistency."""
    problems = schema_errors(data, gold_schema())
    return problems or _consistency_problems(data)


def _consistency_problems(data: dict) -> list[str]:
    """References must point at listed items; no item may be listed twice."""
    problems: list[str] = []
    meetings = [(m["committee"], m["ordinal"]) for m in data["meetings"]]
    people = {p["name"] for p in data["people"]}

    def check_meeting(ref: dict, where: str) -> None:
        if (ref["committee"], ref["ordinal"]) not in meetings:
            problems.append(f"{where}: meeting {ref['committee']} #{ref['ordinal']} "
                            "is not listed in meetings")

    def check_person(name: str, where: str) -> None:
        if name not in people:
            problems.append(f"{where}: {name} is not listed in people")

    for i, meeting in enumerate(data["meetings"]):
        if meetings.index((meeting["committee"], meeting["ordinal"])) != i:
            problems.append(f"meetings[{i}]: {meeting['committee']} #{meeting['ordinal']} "
                            "is listed twice")
        if "chair" in meeting:
            check_person(meeting["chair"], f"meetings[{i}].chair")
    for i, delegation in enumerate(data["delegations"]):
        check_meeting(delegation["meeting"], f"delegations[{i}].meeting")
        check_person(delegation["head"], f"delegations[{i}].head")
    for i, link in enumerate(data["links"]):
        check_meeting(link["meeting"], f"links[{i}].meeting")
        check_meeting(link["reviewed_outcomes_of"], f"links[{i}].reviewed_outcomes_of")
    for key in ("initiatives", "services"):
        for i, item in enumerate(data[key]):
            for attr in ("launched_at", "approved_at"):
                if attr in item:
                    check_meeting(item[attr], f"{key}[{i}].{attr}")
    for key, value in data.items():
        if isinstance(value, list):
            seen: list = []
            for i, item in enumerate(value):
                if item in seen:
                    problems.append(f"{key}[{i}]: listed twice")
                seen.append(item)
    return problems


def load_gold_file(path: Path) -> Facts:
    """One gold file as Facts; InputError naming the file on any problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: "
                         f"{exc.msg}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text") from exc
    problems = gold_problems(data)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(f"{path}: {problems[0]}{more}")
    return gold_facts(data)


def load_gold_dir(gold_dir: Path) -> dict[str, Facts]:
    """Every gold file of a directory, keyed by file stem (the document's stem)."""
    if not gold_dir.is_dir():
        raise InputError(f"{gold_dir}: no such gold directory")
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise InputError(f"{gold_dir}: no gold files (*.json)")
    return {path.stem: load_gold_file(path) for path in files}


def _entity(name: str) -> Entity:
    return Entity((name,))


def _meeting(ref: dict) -> MeetingItem:
    return MeetingItem(_entity(ref["committee"]), ref["ordinal"])


def _value(attr: str, raw: Any) -> Any:
    if attr in ("launched_at", "approved_at"):
        return _meeting(raw)
    if isinstance(raw, str) and attr not in ("date", "end_date"):
        return _entity(raw)
    return raw


def _add_details(facts: Facts, category: str, owner: Any, record: dict,
                 attrs: dict[str, str]) -> None:
    for key, attr in attrs.items():
        if key in record:
            facts.add(category, Detail(owner, attr, _value(attr, record[key])))


def gold_facts(data: dict) -> Facts:
    """The Facts of one checked gold file."""
    facts = Facts()
    for record in data["meetings"]:
        meeting = _meeting(record)
        facts.add("meetings", meeting)
        _add_details(facts, "meeting_details", meeting, record, _MEETING_ATTRS)
    for record in data["people"]:
        person = _entity(record["name"])
        facts.add("people", person)
        for title in record.get("titles", []):
            facts.add("person_details", Detail(person, "title", _entity(title)))
        _add_details(facts, "person_details", person, record, _PERSON_ATTRS)
    for record in data["delegations"]:
        facts.add("delegations", DelegationItem(_meeting(record["meeting"]),
                                                _entity(record["country"]),
                                                _entity(record["head"])))
    for record in data["strategies"]:
        facts.add("strategies", _entity(record["name"]))
    for key, details, attrs in (
            ("initiatives", "initiative_details", _INITIATIVE_ATTRS),
            ("services", "service_details", _SERVICE_ATTRS),
            ("working_groups", "working_group_details", _WORKING_GROUP_ATTRS),
            ("events", "event_details", _EVENT_ATTRS)):
        for record in data[key]:
            thing = _entity(record["name"])
            facts.add(key, thing)
            _add_details(facts, details, thing, record, attrs)
    for record in data["links"]:
        facts.add("links", LinkItem(_meeting(record["meeting"]),
                                    _meeting(record["reviewed_outcomes_of"])))
    return facts
