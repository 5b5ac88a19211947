"""Generate a seeded corpus of Arabic ICT-cooperation news articles and the facts planted in them.

    .venv/bin/python bench/corpus.py --articles N [--seed S] --out DIR [--force] [--jobs J]

writes DIR/documents/NNNNN_<sha>.txt (one article each), DIR/gold/NNNNN_<sha>.json (the facts
the article states, in the tests/gold format, so `ictgraph evaluate DIR/gold --graph G` scores a
graph built from DIR/documents) and DIR/manifest.json (arguments and planted-fact counts).
Same N and seed, byte-identical files; article i does not depend on N.

The articles are assembled from bench/corpus_templates.json: a consistent small world (the
reference committees with numbered meetings, each with a date, host, place or video link and
chair; a cast of officials per country) is drawn from the seed, and each article reports one or
two meetings of it from one country's press, with agenda paragraphs, references to earlier
meetings and unrelated news. Each template placeholder both writes text and records the fact
the text states; the code knows placeholders, not sentences.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Callable, Iterator

from hijridate import Gregorian

TEMPLATES_FILE = Path(__file__).with_name("corpus_templates.json")
CHUNK = 500  # articles per worker task
GOLD_LISTS = ("meetings", "people", "delegations", "strategies", "initiatives", "services",
              "working_groups", "events", "links")

# {slot} or {slot.role}; {g:masc|fem} agrees with the committee, {n:...} with the meeting
# noun, {p:...} with the first person the template names; [[...]] is optional.
_TOKEN = re.compile(r"\[\[(?P<optional>.*?)\]\]|\{(?P<agree>[gnp]):(?P<masc>[^|}]*)\|(?P<fem>[^}]*)\}"
                    r"|\{(?P<slot>[a-z_]+)(?:\.(?P<role>[a-z]+))?\}")
_PERSON_SLOTS = ("head", "head_tf", "chair", "other_head", "official", "quoted")
_SPACES = re.compile(r" {2,}")
RANKS = ("minister", "undersecretary", "head", "official")
OPTIONAL_SHARE = 0.6


class CorpusError(Exception):
    """A user-facing problem (bad arguments, unusable output directory)."""


class SlotUnavailable(Exception):
    """The world has nothing true to say for this placeholder (a place for a video meeting)."""


# ----- numbers and dates ---------------------------------------------------------------------

def ordinal_words(n: int, numbers: dict, feminine: bool, nominative: bool) -> str:
    """An Arabic ordinal 1-99 in words: الخامس، الحادية عشرة، الثاني والعشرين."""
    if not 1 <= n <= 99:
        raise ValueError(f"no ordinal words for {n}")
    if n <= 10:
        return numbers["feminine" if feminine else "masculine"][n - 1]
    units = numbers["compound_feminine" if feminine else "compound_masculine"]
    if n < 20:
        return f"{units[n - 11]} {numbers['teen_feminine' if feminine else 'teen_masculine']}"
    tens = numbers["tens_nominative" if nominative else "tens_oblique"][n // 10 - 2]
    return tens if n % 10 == 0 else f"{units[n % 10 - 1]} {numbers['and']}{tens}"


def fill(text: str, values: dict) -> str:
    """A data template with {name} placeholders filled."""
    return text.format_map(values)


def li(name: str) -> str:
    """Arabic ل prefixed to a noun phrase: اللجنة → للجنة، المكتب → للمكتب، لجنة → للجنة."""
    if name.startswith("الل"):
        return name[1:]
    return "ل" + name[1:] if name.startswith("ال") else "ل" + name


# ----- the world ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    name: str
    short: str  # first and family name, for a second mention
    female: bool
    country: str  # ISO code, or "" for an organisation official
    rank: str
    honorific: str
    title: str
    title_after: str = ""  # words after the title that name the country (بجمهورية مصر العربية)
    body: str | None = None
    states_country: bool = False  # the title names the country or a national body


@dataclass(frozen=True)
class Committee:
    id: str
    org: str
    names: tuple[str, ...]
    feminine: bool
    generic: str
    noun: str
    ordinals: tuple[int, int]
    first_year: int
    per_year: int
    chair_rank: str
    head_rank: str
    reviews: tuple[str, ...]
    no_agenda: tuple[str, ...] = ()  # agenda kinds this committee does not deal with


@dataclass(frozen=True)
class Meeting:
    committee: Committee
    ordinal: int
    start: date
    end: date
    virtual: bool
    presidency: str  # ISO code of the chairing (and, when not virtual, hosting) country
    place: str | None  # a city, the host's country name, or a venue
    place_kind: str | None  # "city", "capital", "venue"
    month_only: bool  # the press only ever gives its month (one precision per meeting, as the
                      # graph allows one ict:date per meeting)


class World:
    """Committees, meetings and a cast of officials, all drawn from the seed."""

    def __init__(self, data: dict, seed: int) -> None:
        self.data = data
        self.seed = seed
        self.countries = data["countries"]
        self.committees = {c["id"]: Committee(
            c["id"], c["org"], tuple(c["names"]), c["gender"] == "f", c["generic"], c["noun"],
            tuple(c["ordinals"]), c["first_year"], c["per_year"], c["chair_rank"], c["head_rank"],
            tuple(c["reviews"]), tuple(c.get("no_agenda", ()))) for c in data["committees"]}
        self._meetings: dict[tuple[str, int], Meeting] = {}
        self._cast: dict[tuple[str, str], list[Person]] = {}
        self._officials: dict[str, list[Person]] = {}

    def rng(self, *key: object) -> Random:
        return Random("|".join(map(str, (self.seed, *key))))

    def members(self, org: str) -> list[str]:
        return self.data["organisations"][org]["members"]

    def meeting(self, committee_id: str, ordinal: int) -> Meeting:
        key = (committee_id, ordinal)
        if key not in self._meetings:
            self._meetings[key] = self._make_meeting(self.committees[committee_id], ordinal)
        return self._meetings[key]

    def _make_meeting(self, c: Committee, ordinal: int) -> Meeting:
        w = self.data["world"]
        r = self.rng("meeting", c.id, ordinal)
        year = c.first_year + (ordinal - 1) // c.per_year
        span = 12 // c.per_year
        month = 1 + ((ordinal - 1) % c.per_year) * span + r.randrange(span)
        start = date(year, month, r.randint(1, 28))
        end = start + timedelta(days=r.choice(w["durations"]) - 1)
        share = w["virtual_share_then"] if year in w["virtual_years"] else w["virtual_share_else"]
        virtual = r.random() < share
        hosts = [iso for iso in self.members(c.org) if self.countries[iso]["cities"]]
        presidency = hosts[(ordinal + sum(map(ord, c.id))) % len(hosts)]
        place = kind = None
        if not virtual:
            cities = self.countries[presidency]["cities"]
            venues = [v["name"] for v in self.data["organisations"][c.org]["venues"]
                      if v.get("country", presidency) == presidency]
            roll = r.random()
            if roll < w["venue_share"] and venues:
                place, kind = r.choice(venues), "venue"
            elif roll < w["venue_share"] + w["capital_share"] or len(cities) == 1:
                place, kind = cities[0], "capital"
            else:
                place, kind = r.choice(cities[1:]), "city"
        return Meeting(c, ordinal, start, end, virtual, presidency, place, kind,
                       r.random() < w["month_only_share"])

    def latest_before(self, committee_id: str, day: date) -> Meeting | None:
        """The committee's last meeting that ended before day."""
        c = self.committees[committee_id]
        for ordinal in range(c.ordinals[1], c.ordinals[0] - 1, -1):
            m = self.meeting(committee_id, ordinal)
            if m.end < day:
                return m
        return None

    def cast(self, iso: str, rank: str) -> list[Person]:
        """A country's officials of one rank (a fixed few, so they recur across articles)."""
        if (iso, rank) not in self._cast:
            taken: set[str] = set()  # first and family name identify a person within a country
            for each in RANKS:
                self._cast[(iso, each)] = self._make_cast(iso, each, taken)
        return self._cast[(iso, rank)]

    def _make_cast(self, iso: str, rank: str, taken: set[str]) -> list[Person]:
        country = self.countries[iso]
        titles = country["titles"].get(rank) or country["titles"]["head"]
        pool = country["people"]
        r = self.rng("cast", iso, rank)
        people: list[Person] = []
        while len(people) < self.data["world"]["cast_per_rank"]:
            female = r.random() < self.data["female_share"]
            first = r.choice(pool["female" if female else "male"])
            family = r.choice(pool["family"])
            short = f"{first} {family}"
            if short in taken:
                continue
            taken.add(short)
            father = r.choice([name for name in pool["male"] if name != first])
            lineage = ("بنت " if female else "بن ") if pool["lineage"] and r.random() < 0.5 else ""
            title = r.choice(titles)
            honorific = r.choice(self.data["honorifics"][rank]["female" if female else "male"])
            people.append(Person(
                f"{first} {lineage}{father} {family}", short, female, iso, rank, honorific,
                title["title"], title.get("after", ""), title.get("body"),
                bool(title.get("country") or title.get("body"))))
        return people

    def officials(self, org: str) -> list[Person]:
        if org not in self._officials:
            conf = self.data["organisations"][org]
            r = self.rng("officials", org)
            honorifics = self.data["honorifics"]["organisation"]["male"]
            self._officials[org] = [
                Person(entry["name"], entry["short"], False, "", "organisation", r.choice(honorifics),
                       title["title"], "", title["body"], False)
                for entry in conf["official_names"] for title in [r.choice(conf["officials"])]]
        return self._officials[org]


# ----- the facts an article states ---------------------------------------------------------

class Gold:
    """The planted facts of one article, in the tests/gold format, each listed once."""

    def __init__(self) -> None:
        self.meetings: dict[tuple[str, int], dict] = {}
        self.people: dict[str, dict] = {}
        self.lists: dict[str, list[dict]] = {key: [] for key in GOLD_LISTS
                                             if key not in ("meetings", "people")}
        self.named: dict[tuple[str, str], dict] = {}

    def meeting(self, committee: str, ordinal: int) -> dict:
        record = self.meetings.setdefault((committee, ordinal), {"committee": committee, "ordinal": ordinal})
        return {"committee": record["committee"], "ordinal": ordinal}

    def meeting_detail(self, committee: str, ordinal: int, key: str, value: object) -> None:
        self.meeting(committee, ordinal)
        self.meetings[(committee, ordinal)][key] = value

    def person(self, p: Person, country_gold: str | None, with_title: bool, in_delegation: bool) -> str:
        record = self.people.setdefault(p.name, {"name": p.name})
        if with_title:
            titles = record.setdefault("titles", [])
            if p.title not in titles:
                titles.append(p.title)
            if p.body:
                record["body"] = p.body
        if country_gold and (in_delegation or (with_title and p.states_country)):
            record["country"] = country_gold
        return p.name

    def add(self, key: str, item: dict) -> None:
        if item not in self.lists[key]:
            self.lists[key].append(item)

    def thing(self, key: str, name: str) -> dict:
        """A named strategy, initiative, service, working group or event (one record per name)."""
        if (key, name) not in self.named:
            self.named[(key, name)] = {"name": name}
            self.lists[key].append(self.named[(key, name)])
        return self.named[(key, name)]

    def as_json(self, notes: list[str]) -> dict:
        out: dict = {"notes": notes, "meetings": list(self.meetings.values()),
                     "people": [self._ordered(p) for p in self.people.values()]}
        out.update(self.lists)
        return {key: out[key] for key in ("notes", *GOLD_LISTS)}

    @staticmethod
    def _ordered(person: dict) -> dict:
        return {key: person[key] for key in ("name", "titles", "body", "country") if key in person}


# ----- one article -------------------------------------------------------------------------

@dataclass
class Render:
    """One template being filled: the facts to record if it succeeds, and its choices."""

    state: dict
    pending: list[Callable[[], None]] = field(default_factory=list)


@dataclass(frozen=True)
class Template:
    """A template cut into parts once: literal text, ("slot", name, role), ("agree", kind,
    masculine, feminine) or ("optional", Template); principal is its first person slot."""

    parts: tuple
    principal: tuple[str, str | None] | None


_PARSED: dict[str, Template] = {}


def parse_template(text: str) -> Template:
    """The parts of a template (parsed once per distinct template)."""
    if text not in _PARSED:
        parts: list = []
        principal = None
        pos = 0
        for match in _TOKEN.finditer(text):
            parts.append(text[pos:match.start()])
            pos = match.end()
            if match.group("optional") is not None:
                inner = parse_template(match.group("optional"))
                parts.append(("optional", inner))
                principal = principal or inner.principal
            elif match.group("agree"):
                parts.append(("agree", match.group("agree"), match.group("masc"), match.group("fem")))
            else:
                parts.append(("slot", match.group("slot"), match.group("role")))
                if principal is None and match.group("slot") in _PERSON_SLOTS:
                    principal = (match.group("slot"), match.group("role"))
        parts.append(text[pos:])
        _PARSED[text] = Template(tuple(p for p in parts if p != ""), principal)
    return _PARSED[text]


class Article:
    """Writes one article: picks its meetings and press country, then fills templates."""

    def __init__(self, world: World, index: int) -> None:
        self.world = world
        self.data = world.data
        self.index = index
        self.r = world.rng("article", index)
        self.gold = Gold()
        self.committee_names: dict[str, str] = {}
        self.strategy_names: dict[str, str] = {}
        self.place_by_country: dict[tuple[str, int], bool] = {}
        self.roles: dict[str, Meeting] = {}
        self.section = 0
        self.mentioned_people: list[Person] = []
        self.used_kinds: set[str] = set()

    # ----- choices ----------------------------------------------------------------------
    def _weighted(self, items: list[dict]) -> dict:
        return self.r.choices(items, weights=[item.get("weight", 1) for item in items])[0]

    def committee_name(self, c: Committee) -> str:
        """The name the article uses for a committee (one per article, as the gold requires)."""
        if c.id not in self.committee_names:
            self.committee_names[c.id] = self.r.choice(c.names)
        return self.committee_names[c.id]

    def _country(self, iso: str) -> dict:
        return self.data["countries"][iso]

    def _country_name(self, iso: str) -> str:
        return self.r.choice(self._country(iso)["names"])

    # ----- placeholders -----------------------------------------------------------------
    def _meeting_of(self, role: str) -> Meeting:
        if role not in self.roles:
            raise SlotUnavailable(role)
        return self.roles[role]

    def _ordinal(self, m: Meeting, feminine: bool) -> str:
        if self.r.random() < 0.3:
            return fill(self.r.choice(self.data["numbers"]["digit_forms"]), {"n": m.ordinal})
        return ordinal_words(m.ordinal, self.data["numbers"], feminine, self.r.random() < 0.25)

    def _tail(self, c: Committee) -> str:
        tail = self.r.choice(self.data["tails"][c.org])
        return f" {tail}" if tail else ""

    def _noun(self, m: Meeting) -> dict:
        return self.data["meeting_nouns"][m.committee.noun]

    def _qualifier(self, noun: dict) -> str:
        qualifiers = noun.get("qualifiers", [])
        return f"{self.r.choice(qualifiers)} " if qualifiers and self.r.random() < 0.6 else ""

    def _note_meeting(self, job: Render, m: Meeting) -> tuple[str, int]:
        name = self.committee_name(m.committee)
        job.pending.append(lambda: self.gold.meeting(name, m.ordinal))
        return name, m.ordinal

    def slot_meeting(self, job: Render, role: str) -> str:
        m = self._meeting_of(role)
        noun = self._noun(m)
        name, _ = self._note_meeting(job, m)
        ordinal = self._ordinal(m, noun["gender"] == "f")
        return f"{noun['noun']} {self._qualifier(noun)}{ordinal} {li(name)}{self._tail(m.committee)}"

    def slot_committee(self, job: Render, role: str) -> str:
        m = self._meeting_of(role)
        return f"{self.committee_name(m.committee)}{self._tail(m.committee)}"

    def slot_poss(self, job: Render, role: str) -> str:
        m = self._meeting_of(role)
        noun = self._noun(m)
        self._note_meeting(job, m)
        possessive = noun["possessive"]["f" if m.committee.feminine else "m"]
        return f"{possessive} {self._qualifier(noun)}{self._ordinal(m, noun['gender'] == 'f')}"

    def _link(self, job: Render, reviewed: Meeting) -> None:
        """The meeting a section reports reviewed the outcomes of `reviewed`."""
        reviewer = self._meeting_of("a")
        names = self.committee_name(reviewer.committee), self.committee_name(reviewed.committee)
        job.pending.append(lambda: self.gold.add("links", {
            "meeting": self.gold.meeting(names[0], reviewer.ordinal),
            "reviewed_outcomes_of": self.gold.meeting(names[1], reviewed.ordinal)}))

    def slot_reviewed(self, job: Render, role: str) -> str:
        self._link(job, self._meeting_of(role))
        return self.slot_meeting(job, role)

    def slot_reviewed_poss(self, job: Render, role: str) -> str:
        self._link(job, self._meeting_of(role))
        return self.slot_poss(job, role)

    def slot_committee_bare(self, job: Render, role: str) -> str:
        return self.committee_name(self._meeting_of(role).committee)

    def slot_generic(self, job: Render, role: str) -> str:
        return self._meeting_of(role).committee.generic

    def _detail(self, job: Render, m: Meeting, key: str, value: object) -> None:
        name = self.committee_name(m.committee)
        job.pending.append(lambda: self.gold.meeting_detail(name, m.ordinal, key, value))

    def slot_when(self, job: Render, role: str) -> str:
        m = self._meeting_of(role)
        relative_ok = role == "a" and self.section == 0 and self.dateline is not None
        text, value, end = self._date_phrase(m.start, m.end, relative_ok, m.month_only)
        self._detail(job, m, "date", value)
        if end:
            self._detail(job, m, "end_date", end)
        return text

    def _date_phrase(self, start: date, end: date, relative_ok: bool,
                     month_only: bool = False) -> tuple[str, str, str | None]:
        """A date in one of the forms the press uses, and what it states (date, end date)."""
        cal = self.data["calendar"]
        series = self._country(self.press)["series"]
        months = cal["months"][series]
        forms = []
        for form in self.data["date_forms"]:
            kind = form["kind"]
            if (kind == "month") != month_only:
                continue
            if "series" in form and series not in form["series"]:
                continue
            if "countries" in form and self.press not in form["countries"]:
                continue
            if kind in ("relative", "day_noyear") and not relative_ok:
                continue
            if kind == "relative" and (self.dateline - start).days not in (0, 1):
                continue
            if kind == "day_noyear" and months[start.month - 1] in cal["months_needing_year"]:
                continue
            if kind == "range" and (end == start or end.month != start.month):
                continue
            if "days" in form and (end - start).days + 1 != form["days"]:
                continue
            if kind == "cross" and end.month == start.month:
                continue
            forms.append(form)
        form = self._weighted(forms)
        kind = form["kind"]
        values = {
            "d": start.day, "m": start.month, "y": start.year, "dd": f"{start.day:02d}",
            "mm": f"{start.month:02d}", "month": months[start.month - 1],
            "gmonth": cal["months"]["gulf"][start.month - 1], "weekday": cal["weekdays"][start.weekday()],
            "dayord": ordinal_words(start.day, self.data["numbers"], False, False),
            "d1": start.day, "d2": end.day,
            "month1": months[start.month - 1], "month2": months[end.month - 1],
        }
        if kind == "hijri":  # the Umm al-Qura day that is the same day
            hijri = Gregorian(start.year, start.month, start.day).to_hijri()
            values.update(hd=hijri.day, hmonth=cal["hijri_months"][hijri.month - 1], hy=hijri.year)
        if kind == "relative":
            values["relative"] = self.r.choice(cal["relative"][str((self.dateline - start).days)])
        text = fill(form["text"], values)
        if kind == "month":
            return text, f"{start.year:04d}-{start.month:02d}", None
        if kind in ("range", "cross"):
            return text, start.isoformat(), end.isoformat()
        return text, start.isoformat(), None

    def _names_country(self, m: Meeting) -> bool:
        """Whether this article names the meeting's place by its country ("في سلطنة عمان")
        rather than its city: one way per article, as a meeting has one place in the gold."""
        key = (m.committee.id, m.ordinal)
        if key not in self.place_by_country:
            self.place_by_country[key] = self.r.random() < self.data["world"]["country_place_share"]
        return self.place_by_country[key]

    def _place_phrase(self, m: Meeting) -> tuple[str, str]:
        """Where a meeting was held, as written, and the place that states."""
        country = self._country(m.presidency)
        if m.place_kind == "venue":
            return fill(self.r.choice(self.data["settings"]["venue"]), {"venue": m.place}), m.place
        by_country = self._names_country(m)
        forms = [f for f in self.data["settings"]["place"]
                 if f.get("names_country", False) == by_country
                 and (m.place_kind == "capital" or not f.get("capital_only"))]
        text = fill(self.r.choice(forms)["text"], {"city": m.place, "adjective": country["adjective"],
                                                    "country": self._country_name(m.presidency)})
        return text, country["gold"] if by_country else m.place

    def slot_setting(self, job: Render, role: str) -> str:
        m = self._meeting_of(role)
        if m.virtual:
            self._detail(job, m, "virtual", True)
            return self.r.choice(self.data["settings"]["virtual"])
        text, place = self._place_phrase(m)
        self._detail(job, m, "place", place)
        return text

    def slot_place(self, job: Render, role: str) -> str:
        if self._meeting_of(role).virtual:
            raise SlotUnavailable("place")
        return self.slot_setting(job, role)

    def slot_virtual(self, job: Render, role: str) -> str:
        meetings = [self.roles.get("a"), self.roles.get("b")] if role == "both" else [self._meeting_of(role)]
        if not all(m and m.virtual for m in meetings):
            raise SlotUnavailable("virtual")
        for m in meetings:
            self._detail(job, m, "virtual", True)
        return self.r.choice(self.data["settings"]["virtual"])

    def slot_paren(self, job: Render, role: str) -> str:
        m = self._meeting_of(role)
        if m.month_only:
            raise SlotUnavailable("paren")
        values = {"d": m.start.day, "m": m.start.month, "y": m.start.year, "city": m.place}
        self._detail(job, m, "date", m.start.isoformat())
        if m.virtual:
            self._detail(job, m, "virtual", True)
            return fill(self.r.choice(self.data["settings"]["parenthetical_virtual"]), values)
        if m.place_kind == "venue":
            raise SlotUnavailable("paren")
        place = m.place
        if self._names_country(m):
            values["city"], place = self._country_name(m.presidency), self._country(m.presidency)["gold"]
        self._detail(job, m, "place", place)
        return fill(self.r.choice(self.data["settings"]["parenthetical"]), values)

    def _country_ref(self, iso: str) -> str:
        """How the text names a country: its own press may use its self-reference (السلطنة)."""
        own = self._country(iso)
        if iso == self.press and self.press_known and own["self"] and self.r.random() < 0.6:
            return own["self"]
        return self._country_name(iso)

    def slot_host_name(self, job: Render, role: str) -> str:
        m = self._meeting_of(role)
        if m.virtual:
            raise SlotUnavailable("host")
        self._detail(job, m, "host", self._country(m.presidency)["gold"])
        return self._country_ref(m.presidency)

    def slot_host_body(self, job: Render, role: str) -> str:
        bodies = self._country(self._meeting_of(role).presidency)["bodies"]
        if not bodies:
            raise SlotUnavailable("host body")
        return self.r.choice(bodies)

    def slot_press_body(self, job: Render, role: str | None) -> str:
        bodies = self._country(self.press)["bodies"]
        if not bodies:
            raise SlotUnavailable("press body")
        return self.r.choice(bodies)

    def slot_press_ref(self, job: Render, role: str | None) -> str:
        return self._country_ref(self.press)

    def slot_press_name(self, job: Render, role: str | None) -> str:
        return self._country_name(self.press)

    # people
    def person_for(self, job: Render, slot: str, role: str | None) -> Person:
        """The person a person placeholder names (chosen once per template)."""
        key = f"person:{slot}.{role}"
        if key in job.state:
            return job.state[key]
        if slot == "head_tf":
            return self.person_for(job, "head", role)
        if slot == "head" and role == "both":
            # One person heads both delegations only if the world says so for each meeting.
            first, second = self.person_for(job, "head", "a"), self.person_for(job, "head", "b")
            if first != second:
                raise SlotUnavailable("two heads")
            return first
        if slot == "quoted":
            if not self.mentioned_people:
                raise SlotUnavailable("nobody to quote")
            person = self.r.choice(self.mentioned_people)
        elif slot == "official":
            person = self.r.choice(self.world.officials(self._meeting_of(role).committee.org))
        else:
            m = self.roles.get("a") if role == "both" else self._meeting_of(role)
            if m is None:
                raise SlotUnavailable(slot)
            if slot == "chair":
                iso, rank = m.presidency, m.committee.chair_rank
            elif slot == "head":
                iso, rank = self.press, m.committee.head_rank
            else:
                iso, rank = self.other_country(job, role), m.committee.head_rank
            # Whoever holds the post that term: one head per delegation whoever reports it
            # (the graph allows one ict:headedBy), and a chair who also leads their country.
            term = m.start.year // self.data["world"]["term_years"]
            person = self.world.rng("term", iso, rank, term).choice(self.world.cast(iso, rank))
        job.state[key] = person
        return person

    def _person_phrase(self, job: Render, p: Person, in_delegation: bool, title_first: bool = False) -> str:
        """A person as the press names them: honorific, name and title, or title first
        ("وزير الاتصالات المهندس ..."), which only some placeholders ask for."""
        country = self._country(p.country)["gold"] if p.country else None
        job.pending.append(lambda: self.gold.person(p, country, True, in_delegation))
        job.pending.append(lambda: p in self.mentioned_people or self.mentioned_people.append(p))
        forms = [f for f in self.data["person_forms"] if f.get("title_first", False) == title_first]
        form = self._weighted(forms)["text"]
        return fill(form, {"honorific": p.honorific, "name": p.name, "title": p.title + p.title_after})

    def _not_twice(self, job: Render, p: Person, slots: tuple[str, ...]) -> None:
        """A template that names a chair and a head needs two people."""
        if any(job.state.get(f"person:{slot}.a") == p for slot in slots):
            raise SlotUnavailable("same person twice")

    def slot_chair(self, job: Render, role: str) -> str:
        m = self._meeting_of(role)
        p = self.person_for(job, "chair", role)
        self._not_twice(job, p, ("head", "head_tf"))
        name = self.committee_name(m.committee)
        job.pending.append(lambda: self.gold.meeting_detail(name, m.ordinal, "chair", p.name))
        title_first = self.r.random() < self.data["title_first_share"]["chair"]
        return self._person_phrase(job, p, in_delegation=False, title_first=title_first)

    def _delegation(self, job: Render, m: Meeting, iso: str, p: Person) -> None:
        name, country = self.committee_name(m.committee), self._country(iso)["gold"]

        def record() -> None:
            ref = self.gold.meeting(name, m.ordinal)
            self.gold.add("delegations", {"meeting": ref, "country": country, "head": p.name})
        job.pending.append(record)

    def slot_head(self, job: Render, role: str, title_first: bool = False) -> str:
        p = self.person_for(job, "head", role)
        self._not_twice(job, p, ("chair",))
        for m in ([self.roles["a"], self.roles["b"]] if role == "both" else [self._meeting_of(role)]):
            self._delegation(job, m, self.press, p)
        return self._person_phrase(job, p, in_delegation=True, title_first=title_first)

    def slot_head_tf(self, job: Render, role: str) -> str:
        """The head of delegation, title first, where a heading verb stands before them."""
        return self.slot_head(job, role, title_first=self.r.random() < self.data["title_first_share"]["head"])

    def slot_members(self, job: Render, role: str) -> str:
        people = self.r.sample(self.world.cast(self.press, "official"), 2)
        if any(p == job.state.get(f"person:head.{role}") for p in people):
            raise SlotUnavailable("members")
        phrases = [self._person_phrase(job, p, in_delegation=True).rstrip("،") for p in people]
        return f"، وفي عضويته كل من {phrases[0]}، و{phrases[1]}"

    def other_country(self, job: Render, role: str) -> str:
        key = f"other:{role}"
        if key not in job.state:
            m = self._meeting_of(role)
            choices = [iso for iso in self.world.members(m.committee.org) if iso != self.press]
            job.state[key] = self.r.choice(choices)
        return job.state[key]

    def slot_other_country(self, job: Render, role: str) -> str:
        return self._country_name(self.other_country(job, role))

    def slot_other_head(self, job: Render, role: str) -> str:
        p = self.person_for(job, "other_head", role)
        self._delegation(job, self._meeting_of(role), self.other_country(job, role), p)
        return self._person_phrase(job, p, in_delegation=True)

    def slot_official(self, job: Render, role: str) -> str:
        return self._person_phrase(job, self.person_for(job, "official", role), in_delegation=False)

    def slot_quoted(self, job: Render, role: str | None) -> str:
        p = self.person_for(job, "quoted", role)
        return f"{p.honorific} {p.short if self.r.random() < 0.6 else p.name}"

    # strategies, initiatives, services, working groups, events
    def _strategy(self, job: Render, role: str) -> str:
        org = self._meeting_of(role).committee.org
        strategy = self.r.choice(self.data["organisations"][org]["strategies"])
        if strategy["id"] not in self.strategy_names:
            self.strategy_names[strategy["id"]] = self.r.choice(strategy["names"])
        name = self.strategy_names[strategy["id"]]
        job.pending.append(lambda: self.gold.thing("strategies", name))
        return name

    def slot_strategy(self, job: Render, role: str) -> str:
        return self._strategy(job, role)

    def slot_strategy_list(self, job: Render, role: str) -> str:
        job.state["list_strategy"] = self._strategy(job, role)
        return job.state["list_strategy"]

    def _initiative(self, job: Render, name: str, **details: object) -> None:
        def record() -> None:
            self.gold.thing("initiatives", name).update(details)
        job.pending.append(record)

    def slot_launch(self, job: Render, role: str) -> str:
        m = self._meeting_of(role)
        forms = self.data["launch_forms"]
        item = self.r.choice(self.data["initiatives"][m.committee.org])
        text = f"{self.r.choice(forms['verbs'])} {item['name']}"
        if "latin" in item and self.r.random() < 0.7:
            text += f" ({item['latin']})"
        details: dict = {"launched_at": {"committee": self.committee_name(m.committee), "ordinal": m.ordinal}}
        self._note_meeting(job, m)
        if self.r.random() < 0.5:
            iso = self.r.choice(self.world.members(m.committee.org))
            bodies = self._country(iso)["bodies"]
            if bodies and self.r.random() < 0.6:
                leader, details["led_by"] = (self.r.choice(bodies),) * 2
            else:
                leader, details["led_by"] = self._country_ref(iso), self._country(iso)["gold"]
            text += " " + fill(forms["led"], {"leader": leader})
        if self.r.random() < 0.4:
            strategy = self._strategy(job, role)
            text += " " + fill(forms["derived"][item["gender"]], {"strategy": strategy})
            details["derived_from"] = strategy
        self._initiative(job, item["name"], **details)
        return text

    def slot_pair(self, job: Render, role: str) -> str:
        first, second = self.r.choice(self.data["initiative_pairs"])
        iso = self.r.choice(self.world.members(self._meeting_of(role).committee.org))
        owner = fill(self.r.choice(self.data["pair_owners"]), {"country": self._country_name(iso)})
        for name in (first, second):
            self._initiative(job, name, led_by=self._country(iso)["gold"])
        return f"مبادرتي {owner} بشأن {first} و{second}"

    def slot_list(self, job: Render, role: str) -> str:
        pool = self.data["initiative_list_items"][self._meeting_of(role).committee.org]
        items = self.r.sample(pool, self.r.randint(2, min(4, len(pool))))
        strategy = job.state.get("list_strategy")
        for name in items:
            self._initiative(job, name, **({"derived_from": strategy} if strategy else {}))
        return "، و".join(items)

    def slot_named(self, job: Render, role: str) -> str:
        name = self.r.choice(self.data["named_initiatives"][self._meeting_of(role).committee.org])
        self._initiative(job, name)
        return name

    def _working_group(self, job: Render, name: str, committee: str | None) -> None:
        def record() -> None:
            group = self.gold.thing("working_groups", name)
            if committee:
                group["committee"] = committee
        job.pending.append(record)

    def slot_wgs(self, job: Render, role: str) -> str:
        org = self._meeting_of(role).committee.org
        conf = self.data["working_groups"]
        pool = conf["reference"].get(org, []) + conf["new"].get(org, [])
        groups = self.r.sample(pool, self.r.randint(2, min(3, len(pool))))
        for name in groups:
            self._working_group(job, name, None)
        return "، و".join(groups)

    def slot_wg_parent(self, job: Render, role: str) -> str:
        m = self._meeting_of(role)
        conf = self.data["working_groups"]
        if m.committee.org in conf["reference"] and self.r.random() < 0.5:
            name = self.r.choice(conf["reference"][m.committee.org])
            parent = self.world.committees[conf["reference_parent"]]
        else:
            name = self.r.choice(conf["new"][m.committee.org])
            parent = m.committee
        committee = self.committee_name(parent)
        self._working_group(job, name, committee)
        return f"{name} {fill(conf['parent_cue'], {'committee': li(committee)})}"

    def slot_count(self, job: Render, role: str) -> str:
        words = self.data["numbers"]["cardinal_feminine_counted"]
        job.state["count"] = self.r.choice([n for n in words if int(n) >= 3])
        return words[job.state["count"]]

    def slot_bullets(self, job: Render, role: str) -> str:
        m = self._meeting_of(role)
        if m.committee.org != "GCC":
            raise SlotUnavailable("services")
        names = self.r.sample(self.data["services"], int(job.state["count"]))
        bullet = self.r.choice(self.data["bullets"])
        ref_name = self.committee_name(m.committee)
        self._note_meeting(job, m)
        lines = []
        for name in names:
            job.pending.append(lambda name=name: self.gold.thing("services", name).update(
                approved_at={"committee": ref_name, "ordinal": m.ordinal}))
            ending = self.r.choice([".", ""])
            lines.append(f"\n{bullet} {name}{self.r.choice(self.data['service_tails'])}{ending}")
        return "".join(lines)

    def slot_event(self, job: Render, role: str) -> str:
        """The next edition of a recurring event: its host's preparations, place and dates."""
        m = self._meeting_of(role)
        item = self.r.choice(self.data["events"][m.committee.org])
        edition = max(1, m.start.year - item["first_year"] + 2)
        r = self.world.rng("event", item["name"], edition)  # the same edition in every article
        hosts = [iso for iso in self.world.members(m.committee.org) if self._country(iso)["cities"]]
        host = r.choice(hosts)
        city = self._country(host)["cities"][0]
        first = date(item["first_year"] + edition - 1, r.randint(1, 12), r.randint(1, 28))
        last = first + timedelta(days=r.choice([0, 1, 2]))
        when, start_value, end_value = self._date_phrase(first, last, relative_ok=False)
        noun = self.r.choice(self.data["edition_nouns"])
        text = fill(self.data["event_forms"]["host"], {
            "host": self._country_name(host), "name": item["name"], "city": city, "when": when,
            "edition": f"{noun} {ordinal_words(edition, self.data['numbers'], True, False)}"})
        event = {"ordinal": edition, "date": start_value, "place": city, "host": self._country(host)["gold"]}
        if end_value:
            event["end_date"] = end_value
        job.pending.append(lambda: self.gold.thing("events", item["name"]).update(event))
        return text

    # ----- templates --------------------------------------------------------------------
    def render(self, text: str) -> str | None:
        """Fill a template; None (and nothing recorded) when the world cannot make it true."""
        template = parse_template(text)
        job = Render({})
        try:
            if template.principal:
                # {p:...} agrees with the first person the template names: choose them now.
                job.state["principal"] = self.person_for(job, *template.principal)
            filled = self._fill(job, template, allow_optional=True)
        except SlotUnavailable:
            return None
        for record in job.pending:
            record()
        return _SPACES.sub(" ", filled).replace(" ،", "،").replace(" .", ".")

    def _fill(self, job: Render, template: Template, allow_optional: bool) -> str:
        out: list[str] = []
        for part in template.parts:
            if isinstance(part, str):
                out.append(part)
            elif part[0] == "slot":
                out.append(getattr(self, f"slot_{part[1]}")(job, part[2]))
            elif part[0] == "agree":
                out.append(part[3] if self._feminine(job, part[1]) else part[2])
            elif allow_optional and self.r.random() < OPTIONAL_SHARE:
                inner = Render(job.state)
                try:
                    out.append(self._fill(inner, part[1], allow_optional=False))
                    job.pending.extend(inner.pending)
                except SlotUnavailable:
                    pass
        return "".join(out)

    def _feminine(self, job: Render, agree: str) -> bool:
        if agree == "p":
            return bool(job.state.get("principal") and job.state["principal"].female)
        committee = self._meeting_of("a").committee
        if agree == "g":
            return committee.feminine
        return self.data["meeting_nouns"][committee.noun]["gender"] == "f"

    def first(self, templates: list[str]) -> str | None:
        """A random template the world can make true (the next ones in turn if it cannot)."""
        start = self.r.randrange(len(templates))
        for template in templates[start:] + templates[:start]:
            text = self.render(template)
            if text:
                return text
        return None

    # ----- composition ------------------------------------------------------------------
    def compose(self) -> str:
        self._choose_press_and_meetings()
        top: list[str] = []
        if self.dateline:
            cal = self.data["calendar"]
            months = cal["months"][self._country(self.press)["series"]]
            top.append(fill(self.r.choice(cal["dateline_forms"]), {
                "weekday": cal["weekdays"][self.dateline.weekday()], "d": self.dateline.day,
                "month": months[self.dateline.month - 1], "y": self.dateline.year}))
        self.roles = {"a": self.meetings[0]}
        self._add_relatives()
        if self.masthead or self.r.random() < 0.4:
            headline = self.first(self.data["headlines"])
            if headline:
                top.append(f"{headline} | {self.masthead}" if self.masthead else headline)
        body: list[str] = []
        double = len(self.meetings) == 2 and self.r.random() < 0.5
        if double:
            self.roles["b"] = self.meetings[1]
            lead = self.first(self.data["double_leads"])
            double = lead is not None
            del self.roles["b"]
        if not double:
            lead = self.first(self.data["leads"])
        if lead is None:
            raise RuntimeError(f"article {self.index}: no lead template fits")
        body.append(lead)
        if double:
            # After two meetings, the text turns back to the first one by name.
            body.append(self.first(self.data["refocus"]) or "")
        body.extend(self._agenda(first_section=True))
        for m in self.meetings[1:]:
            self.section += 1
            self.roles = {"a": m}
            self._add_relatives()
            opener = self.first(self.data["reopeners"] if double else self.data["second_leads"])
            if opener:
                body.append(opener)
                body.extend(self._agenda(first_section=False))
        for _ in range(self.r.choice([0, 1, 1, 2])):
            body.insert(self.r.randint(1, len(body)), self.r.choice(self.data["noise"]))
        lines = top + [p for p in body if p] + ([self.signoff] if self.signoff else [])
        return ("\n\n" if self.r.random() < 0.3 else "\n").join(lines) + "\n"

    def _choose_press_and_meetings(self) -> None:
        countries = self.data["countries"]
        self.press = self.r.choice([iso for iso in countries if countries[iso]["cities"]
                                    or countries[iso]["publishers"]["signoff"]])
        publishers = countries[self.press]["publishers"]
        roll = self.r.random()
        self.signoff = self.r.choice(publishers["signoff"]) if roll < 0.6 else None
        self.masthead = self.r.choice(publishers["masthead"]) if roll >= 0.6 and roll < 0.85 \
            and publishers["masthead"] else None
        orgs = [org for org in self.data["organisations"] if self.press in self.world.members(org)]
        org = "GCC" if "GCC" in orgs and self.r.random() < 0.75 else "LAS"
        committees = [c for c in self.world.committees.values() if c.org == org]
        main = self.r.choice(committees)
        first = self.world.meeting(main.id, self.r.randint(*main.ordinals))
        self.meetings = [first]
        if self.r.random() < 0.35:
            # Delegations led at the same level, so one official may attend both.
            others = [c for c in committees if c.id != main.id]
            alike = [c for c in others if c.head_rank == main.head_rank]
            other = self.r.choice(alike or others)
            second = self.world.latest_before(other.id, first.start + timedelta(days=120))
            if second and second.ordinal >= other.ordinals[0]:
                self.meetings.append(second)
        delta = self.r.choice([0, 0, 1, 1, 2])
        self.dateline = first.start + timedelta(days=delta) if self.r.random() < 0.5 else None

    @property
    def press_known(self) -> bool:
        """Whether the article says which country's press it is (self-references need it)."""
        return bool(self.signoff or self.masthead)

    def _add_relatives(self) -> None:
        m = self.roles["a"]
        c = m.committee
        if m.ordinal > c.ordinals[0]:
            self.roles["prev"] = self.world.meeting(c.id, m.ordinal - 1)
        else:
            self.roles.pop("prev", None)
        subs = [self.world.latest_before(sub, m.start) for sub in c.reviews]
        subs = [s for s in subs if s and s.ordinal >= s.committee.ordinals[0]]
        if subs:
            self.roles["sub"] = self.r.choice(subs)
        else:
            self.roles.pop("sub", None)

    def _agenda(self, first_section: bool) -> list[str]:
        """Agenda paragraphs about the section's meeting; each kind once per article, so that
        a named thing is never given two different sets of details."""
        excluded = self.used_kinds | set(self.roles["a"].committee.no_agenda)
        kinds = [kind for kind in self.data["agenda"] if kind not in excluded]
        count = self.r.randint(2, 5) if first_section else self.r.randint(1, 2)
        paragraphs = []
        for kind in self.r.sample(kinds, len(kinds)):
            if len(paragraphs) >= count:
                break
            text = self.first(self.data["agenda"][kind])
            if text:
                paragraphs.append(text)
                self.used_kinds.add(kind)
        return paragraphs


# ----- output ------------------------------------------------------------------------------

TEMPLATE_LISTS = ("headlines", "leads", "double_leads", "second_leads", "refocus", "reopeners")


def load_templates(path: Path = TEMPLATES_FILE) -> dict:
    """The template data, with every placeholder checked against the generator's."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read templates: {exc}") from exc
    templates = [t for key in TEMPLATE_LISTS for t in data.get(key, [])]
    templates += [t for group in data.get("agenda", {}).values() for t in group]
    for template in templates:
        for match in _TOKEN.finditer(template.replace("[[", " ").replace("]]", " ")):
            if match.group("slot") and not hasattr(Article, f"slot_{match.group('slot')}"):
                raise CorpusError(f"{path}: unknown placeholder {{{match.group('slot')}}} in {template!r}")
    return data


def make_article(world: World, index: int) -> tuple[str, str, dict]:
    """(file stem, text, gold facts) of article `index`: a function of the seed and index only."""
    article = Article(world, index)
    text = article.compose()
    stem = f"{index:05d}_{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"
    notes = [f"Planted by bench/corpus.py (seed {world.seed}, article {index}); "
             "every fact below is one the generator wrote into the text."]
    return stem, text, article.gold.as_json(notes)


_WORKER_WORLD: World | None = None


def _make_chunk(args: tuple[int, int, int]) -> list[tuple[str, str, dict]]:
    global _WORKER_WORLD
    seed, start, stop = args
    if _WORKER_WORLD is None or _WORKER_WORLD.seed != seed:
        _WORKER_WORLD = World(load_templates(), seed)
    return [make_article(_WORKER_WORLD, index) for index in range(start, stop)]


def generate(count: int, seed: int, jobs: int = 1) -> Iterator[tuple[str, str, dict]]:
    """(file stem, article text, gold facts) of articles 0..count-1, in order, one at a time.

    Articles are independent, so jobs > 1 makes them in worker processes; the output
    is the same whatever the number of jobs."""
    if jobs <= 1 or count < 2 * CHUNK:
        world = World(load_templates(), seed)
        for index in range(count):
            yield make_article(world, index)
        return
    chunks = [(seed, start, min(count, start + CHUNK)) for start in range(0, count, CHUNK)]
    with ProcessPoolExecutor(jobs) as pool:
        for chunk in pool.map(_make_chunk, chunks):
            yield from chunk


def gold_text(gold: dict) -> str:
    """A gold file laid out like tests/gold: one line per listed item (and fast to write,
    since json's indenting encoder is pure Python)."""
    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, items in gold.items():
        if items:
            lines.append(f'  "{key}": [\n    ' + ",\n    ".join(map(dump, items)) + "\n  ]")
        else:
            lines.append(f'  "{key}": []')
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _write_scratch(scratch: Path, count: int, seed: int, jobs: int) -> dict:
    (scratch / "documents").mkdir(parents=True)
    (scratch / "gold").mkdir()
    planted = {key: 0 for key in GOLD_LISTS}
    for stem, text, gold in generate(count, seed, jobs):
        (scratch / "documents" / f"{stem}.txt").write_text(text, encoding="utf-8")
        (scratch / "gold" / f"{stem}.json").write_text(gold_text(gold), encoding="utf-8")
        for key in GOLD_LISTS:
            planted[key] += len(gold[key])
    manifest = {"generator": "bench/corpus.py", "articles": count, "seed": seed, "planted": planted}
    (scratch / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                           encoding="utf-8")
    return manifest


def write_corpus(out_dir: Path, count: int, seed: int, force: bool = False, jobs: int = 1) -> dict:
    """Write the corpus under out_dir (built in a scratch directory, then moved in place)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise CorpusError(f"{out_dir}: not a directory")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise CorpusError(f"{out_dir}: directory is not empty (use --force to replace the corpus in it)")
    out_dir.mkdir(parents=True, exist_ok=True)
    scratch = out_dir / f".corpus-tmp-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        manifest = _write_scratch(scratch, count, seed, jobs)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)  # nothing half-written is left behind
        raise
    for name in ("documents", "gold", "manifest.json"):
        target = out_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        os.replace(scratch / name, target)
    scratch.rmdir()
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, help="number of articles (>= 1)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--force", action="store_true", help="replace a corpus already in --out")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes to generate with (default: all CPUs; same output)")
    args = parser.parse_args(argv)
    try:
        if args.articles < 1:
            raise CorpusError(f"--articles must be at least 1, got {args.articles}")
        manifest = write_corpus(args.out, args.articles, args.seed, args.force, args.jobs)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    planted = ", ".join(f"{key} {value}" for key, value in manifest["planted"].items())
    print(f"{args.out}: {args.articles} articles (seed {args.seed}); planted {planted}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
