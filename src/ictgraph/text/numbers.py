"""Arabic number expressions 1-199 (ordinal and cardinal words, digit forms) in normalised text.

The words are in resources/patterns/numbers.json. Supported word forms, each
word with or without the article ال, any gender and case ending:

    unit                      الاول، الاولي، الثاني، الخامسه، العاشر (cardinals too: ثلاث، خمسه)
    unit عشر/عشره              الحادي عشر، الحاديه عشره، الثامن عشر، احد عشر، اثنا عشر
    unit و tens               الثاني والعشرين، الثاني والعشرون، ثاني والعشرين، خمسه وعشرون
    tens                      العشرون، الخمسين
    hundred                   المائه، المئه
    hundred و below-100       المائه والخامس، المائه وواحد، المائه والخامس والعشرون
    below-100 بعد/و hundred   الخامس بعد المائه، الخامس والعشرون بعد المائه، الحادي والمائه

Digit forms: 21, (39), ( 39 ), ال14 (الـ14 once tatweel is gone), ال 14, رقم 5, رقم (5);
one to three digits, not part of a longer number, decimal, date or time.

The pattern fragments have no capturing groups and no leading word boundary
(a caller may put a clitic such as و or ل in front); they end at a word boundary.
"""

from __future__ import annotations

import re

from ictgraph.text.wordlists import alternation, load_wordlist, prefix_trie

_SCHEMA = {
    "article": str,
    "and": str,
    "after": str,
    "number_prefixes": [str],
    "ordinal_units": {str: int},
    "ordinal_tenth": {str: int},
    "cardinal_units": {str: int},
    "cardinal_ten": {str: int},
    "teen_only_units": {str: int},
    "teen_tens": [str],
    "tens": {str: int},
    "hundreds": {str: int},
}

_WORDS = load_wordlist("numbers", _SCHEMA)

_H = r"[^\S\r\n]"  # horizontal space: a number never runs over a line break
_END = r"(?!\w)"


def _word(words) -> str:
    return f"(?:{re.escape(_WORDS['article'])})?{alternation(words)}{_END}"


def _up_to_199(below_100: str) -> str:
    """below_100, optionally joined to the hundred before or after it."""
    hundred = _word(_WORDS["hundreds"])
    and_ = re.escape(_WORDS["and"])
    after = re.escape(_WORDS["after"])
    return (
        f"(?:{below_100}(?:{_H}+(?:{after}{_H}+|{and_}{_H}?){hundred})?"
        f"|{hundred}(?:{_H}+{and_}{_H}?{below_100})?)"
    )


def _build() -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    w = _WORDS
    any_unit = {**w["ordinal_units"], **w["cardinal_units"]}
    teen = (
        f"(?:{re.escape(w['article'])})?"
        f"{alternation({**any_unit, **w['teen_only_units']})}{_H}+{alternation(w['teen_tens'])}{_END}"
    )
    tens = _word(w["tens"])
    compound = f"{_word(any_unit)}{_H}+{re.escape(w['and'])}{_H}?{tens}"
    # Order matters: "الثاني والعشرين" must be tried as a compound before "الثاني" alone.
    below_ordinal = f"(?:{compound}|{teen}|{tens}|{_word({**w['ordinal_units'], **w['ordinal_tenth']})})"
    below_any = (f"(?:{compound}|{teen}|{tens}"
                 f"|{_word({**any_unit, **w['ordinal_tenth'], **w['cardinal_ten']})})")

    digits = r"(?<![\d.,/:-])\d{1,3}(?!\w|[.,/:-]\d)"
    in_parens = rf"\({_H}*\d{{1,3}}{_H}*\)"
    prefixed = rf"{alternation(w['number_prefixes'])}{_H}*(?:{in_parens}|{digits})"
    with_article = rf"{re.escape(w['article'])}{_H}?{digits}"
    digit_forms = f"(?:{in_parens}|{prefixed}|{with_article}|{digits})"

    ordinal_words = _up_to_199(below_ordinal)
    bodies = (ordinal_words, f"(?:{ordinal_words}|{digit_forms})",
              f"(?:{_up_to_199(below_any)}|{digit_forms})")
    # Each form is tried in turn, with and without the article, at every position: a lookahead
    # on the words a number can begin with (see prefix_trie) rejects most positions at once.
    article = f"(?:{re.escape(w['article'])})?"
    first_ordinal = [word.split()[0] for word in (*any_unit, *w["teen_only_units"], *w["tens"],
                                                  *w["ordinal_units"], *w["ordinal_tenth"], *w["hundreds"])]
    first_any = [*first_ordinal, *(word.split()[0] for word in w["cardinal_ten"])]
    # A digit form begins with "(", a number prefix (رقم), the article before digits, or a digit.
    digit_start = (rf"\(|{prefix_trie(p.split()[0] for p in w['number_prefixes'])}"
                   rf"|{re.escape(w['article'])}{_H}?\d|\d")
    gates = (
        f"(?={article}{prefix_trie(first_ordinal)})",
        f"(?={article}{prefix_trie(first_ordinal)}|{digit_start})",
        f"(?={article}{prefix_trie(first_any)}|{digit_start})",
    )
    return gates, bodies


# Each pattern is its body, the forms tried one by one, behind its gate.
_GATES, _BODIES = _build()
#: A lookahead that holds wherever ORDINAL_WORD_PATTERN can match (and at few other places).
ORDINAL_WORD_START: str = _GATES[0]
#: Ordinal words only (الثاني والعشرين, المائه والخامس): no digits, no cardinal unit alone.
ORDINAL_WORD_PATTERN: str
#: Ordinal words or a digit form: what follows "الاجتماع" or "الدوره".
ORDINAL_PATTERN: str
#: Any number expression: ordinal or cardinal words (ثلاث، خمسه عشر) or a digit form.
NUMBER_PATTERN: str
ORDINAL_WORD_PATTERN, ORDINAL_PATTERN, NUMBER_PATTERN = (
    f"(?:{gate}{body})" for gate, body in zip(_GATES, _BODIES))

_NUMBER = re.compile(NUMBER_PATTERN)
# A number word may carry the conjunction و ("والخامس"); the span leaves it out.
_FIND = re.compile(rf"(?<!\w)(?:{re.escape(_WORDS['and'])}(?=\w))?(?P<number>{NUMBER_PATTERN})")
_DIGITS = re.compile(r"\d+")
_VALUES: dict[str, int] = {
    word: value
    for key in ("ordinal_units", "ordinal_tenth", "cardinal_units", "cardinal_ten",
                "teen_only_units", "tens", "hundreds")
    for word, value in _WORDS[key].items()
}
_FILLERS = {_WORDS["and"], _WORDS["after"]}


def _word_value(token: str) -> int | None:
    """Value of one word, allowing a leading و (conjunction) and the article."""
    article, and_ = _WORDS["article"], _WORDS["and"]
    candidates = [token]
    if token.startswith(and_):
        candidates.append(token[len(and_):])  # "والعشرين"; "واحد" itself is tried first
    for word in candidates:
        if word in _VALUES:
            return _VALUES[word]
        if word.startswith(article) and word[len(article):] in _VALUES:
            return _VALUES[word[len(article):]]
    return None


def parse_number(text: str) -> int | None:
    """The value of a whole number expression (see NUMBER_PATTERN), or None if text is not one.

    The parts of a compound add up: الخامس والعشرون بعد المائه = 5 + 20 + 100,
    الحادي عشر = 1 + 10.
    """
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    digits = _DIGITS.search(text)
    if digits:
        return int(digits.group())
    total = 0
    for token in text.split():
        if token in _FILLERS:
            continue
        value = _word_value(token)
        if value is None:
            return None
        total += value
    return total


def find_numbers(text: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of every number expression that starts a word (after an optional و)."""
    found = []
    for match in _FIND.finditer(text):
        value = parse_number(match.group("number"))
        if value is not None:
            found.append((match.start("number"), match.end("number"), value))
    return found
