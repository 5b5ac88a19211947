"""The decoder's binary-text test: control characters other than whitespace."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ictgraph.text.decode import MAX_CONTROL_SHARE, UndecodableText, control_share, decode_text


def _by_definition(text: str) -> float:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and not ch.isspace())
    return controls / len(text) if text else 0.0


@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0xFF), st.characters())))
def test_control_share_is_the_share_of_non_space_control_characters(text: str) -> None:
    assert control_share(text) == _by_definition(text)


def test_whitespace_controls_do_not_count() -> None:
    assert control_share("سطر\tأول\r\nسطر\x0b\x0c\x1c\x1f\x85") == 0.0


def test_text_with_control_characters_is_refused_as_binary() -> None:
    arabic = "اجتماع لجنة الحكومة الإلكترونية " * 10
    controls = "\x01\x02\x1b\x7f\x90" * (int(len(arabic) * MAX_CONTROL_SHARE) + 1)
    with pytest.raises(UndecodableText, match="control characters"):
        decode_text((arabic + controls).encode("utf-8"))
    assert decode_text(arabic.encode("utf-8"))[0] == arabic
