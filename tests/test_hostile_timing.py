"""No input makes extraction slow: time stays proportional to the text's length.

The per-character time of extraction is measured on the bundled articles; every hostile
text (long runs of one letter, a title repeated thousands of times, a 100,000-character
line without punctuation, thousands of numbers, meetings, people or cues in one sentence)
must finish within a generous constant times that rate times its length, plus a fixed
overhead. A quadratic step (a rule rescanning its sentence for every match in it) fails
this by orders of magnitude at 100,000 characters. Evidence quotes stay bounded too, so
the graph grows linearly with the text.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ictgraph.extract.gazetteer import Gazetteer
from ictgraph.extract.pipeline import Extraction, extract_document
from ictgraph.model import Document
from ictgraph.paths import DOCUMENTS_DIR
from ictgraph.reference import load_reference
from ictgraph.text.normalize import normalize
from ictgraph.text.sentences import MAX_SENTENCE_CHARS

MAX_CHARS = 100_000  # the one-line text; the other examples are half as long, to keep the test fast
SIZE = MAX_CHARS // 2
SLOWDOWN = 10  # how many times slower per character than normal text a hostile text may be
OVERHEAD = 1.0  # seconds, for anything that does not grow with the text

ARTICLES = [p.read_text(encoding="utf-8") for p in sorted(DOCUMENTS_DIR.glob("*.txt"))]
SENTENCES = [s.strip() + " " for a in ARTICLES for s in a.replace("\n", ".").split(".") if len(s.strip()) > 20]
# Units whose repetition stresses one rule family each.
UNITS = [
    "ا", "معالي ", "الاجتماع ", "الاجتماع الاجتماع ", "معالي الدكتور المهندس السيد ", "٢٠٢١ ", "12.5 ",
    "السيد أحمد بن محمد وزير الاتصالات، و", "الاجتماع الثاني والعشرين للجنة التنفيذية للحكومة الإلكترونية ",
    "عقدت اللجنة ", "ترأس وفد دولة قطر ", "مبادرة التحول الرقمي و", "فريق عمل الأمن السيبراني و",
    "وزارة الاتصالات وتكنولوجيا المعلومات ", "في 5 مارس 2021 ", "(قنا) ", "/ ", "-", "ـ", "\u200f",
]


def _repeat(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


@pytest.fixture(scope="module")
def extractor():
    reference = load_reference()
    gazetteer = Gazetteer.from_reference(reference)

    def extract(text: str) -> tuple[float, Extraction]:
        began = time.perf_counter()
        extraction = extract_document(Document("hostile.txt", text, "0" * 64), reference, gazetteer)
        return time.perf_counter() - began, extraction

    normal = "\n".join(ARTICLES) * 2
    extract(normal)  # warm up: pattern compilation and caches
    per_char = min(extract(normal)[0] for _ in range(2)) / len(normal)
    return extract, per_char


@st.composite
def hostile_texts(draw) -> str:
    """A few long runs of hostile units (and article sentences), joined by one separator."""
    runs = draw(st.lists(st.tuples(st.sampled_from(UNITS + SENTENCES[:20]), st.integers(1, SIZE)),
                         min_size=1, max_size=4))
    separator = draw(st.sampled_from(["", " ", "\n", ". ", "، ", " و"]))
    noise = draw(st.text(alphabet="ابتةجدرسعلمنهوي ٠١٢٣0123.،()\n\u0640\u200c\ufefb", max_size=300))
    return (noise + separator.join(_repeat(unit, length) for unit, length in runs))[:SIZE]


@settings(max_examples=4, deadline=timedelta(seconds=60), derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=hostile_texts())
@example(text=" ".join(SENTENCES * 100).replace("،", " ")[:MAX_CHARS])  # one line, no punctuation
@example(text=_repeat("ا", SIZE))  # one letter, no space
@example(text=_repeat("معالي ", SIZE) + _repeat("الاجتماع ", SIZE))  # a title, a noun repeated
@example(text=_repeat("الاجتماع الثاني والعشرين للجنة ", SIZE))  # many meetings, one sentence
@example(text=_repeat("الدكتور سالم بن سلطان بن ", SIZE))  # many names, one sentence
@example(text=" ".join(str(i) for i in range(SIZE // 5))[:SIZE])  # many numbers
@example(text=_repeat("مبادرة التحول الرقمي ومشروع الربط البيني وبرنامج ", SIZE))  # many cues
def test_extraction_time_is_proportional_to_length(extractor, text: str) -> None:
    extract, per_char = extractor
    elapsed, extraction = extract(text)
    bound = SLOWDOWN * per_char * len(text) + OVERHEAD
    assert elapsed < bound, (f"{len(text)} characters took {elapsed:.2f}s, over {bound:.2f}s "
                             f"({elapsed / len(text) * 1e6:.0f} µs per character, normal text "
                             f"{per_char * 1e6:.0f}); text starts {text[:60]!r}")
    # Nor does the output grow with the square of the text: every quote is a bounded sentence.
    spans = {(f.evidence.start, f.evidence.end) for f in extraction.facts}
    assert all(len(normalize(text[a:b]).text) <= MAX_SENTENCE_CHARS for a, b in spans)


def test_normal_text_rate_is_sane(extractor) -> None:
    _, per_char = extractor
    assert 0 < per_char < 1e-3  # under a millisecond per character: else the bound means little
