"""Bytes to text, with the encoding detected on principle rather than guessed.

The order: a byte-order mark says what it is (UTF-8, UTF-16 or UTF-32, either
byte order); else the bytes are taken as UTF-8 if they are strictly valid UTF-8
(text in a legacy 8-bit encoding almost never is); else, unless the bytes are
mostly well-formed UTF-8 with a few bad bytes (damaged UTF-8), as Windows-1256,
the legacy Arabic encoding of Windows, but only if the result reads as Arabic:
most of its letters Arabic and no control characters. Any other bytes are
refused with the reason, never decoded into mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Callable

# (byte-order mark, codec, the name recorded as the document's encoding); the UTF-32 marks
# come first because the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
LEGACY_ARABIC = "windows-1256"  # the IANA name of Python's cp1256
# Decoded Windows-1256 counts as Arabic when at least this share of its letters are Arabic
# (an Arabic article has over 90%; Latin-1 or other 8-bit text read as 1256 has few).
MIN_ARABIC_SHARE = 0.6
# Text with more than this share of control characters (other than line and tab) is binary.
MAX_CONTROL_SHARE = 0.01
# Control characters (category Cc, all below U+00A0) that are not whitespace, as one class:
# counting them with a regex instead of a category lookup per character.
_CONTROLS = re.compile("[" + "".join(
    re.escape(chr(c)) for c in range(0xA0)
    if unicodedata.category(chr(c)) == "Cc" and not chr(c).isspace()) + "]")


class UndecodableText(ValueError):
    """The bytes are not text in a supported encoding; the message says why, in one line."""


def decode_text(data: bytes, view: Callable[[str], str] | None = None) -> tuple[str, str]:
    """(text, encoding name) of a document's bytes; raise UndecodableText otherwise.

    view, if given, turns the decoded characters into the text the document is read as
    (the article text of an HTML page); that text is what must look like text, and what
    is returned. The byte-order mark, if any, is not part of the text.
    """
    view = view or (lambda decoded: decoded)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = view(data[len(bom):].decode(codec))
            except UnicodeDecodeError as exc:
                raise UndecodableText(f"starts with a {name} byte-order mark but is not valid {name} "
                                      f"(byte {exc.start + len(bom)}: {exc.reason})") from exc
            return _checked(text, name), name
    if b"\x00" in data:
        raise UndecodableText("binary file (contains NUL bytes; UTF-16 text needs a byte-order mark)")
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"byte {exc.start}: {exc.reason}"
    else:
        return _checked(view(decoded), "utf-8"), "utf-8"
    valid, broken = _utf8_sequences(data)
    if valid > broken:
        # Mostly well-formed UTF-8 with a few bad bytes (a stray byte, a cut-off end): read as
        # Windows-1256 it would be mojibake that still looks Arabic (ط and ظ lead bytes).
        raise UndecodableText(f"damaged UTF-8 ({utf8_error}; {broken} bad of {valid + broken} "
                              f"non-ASCII sequences)")
    text = view(data.decode("cp1256"))  # every byte has a character in Windows-1256
    share = arabic_letter_share(text)
    if share < MIN_ARABIC_SHARE or control_share(text) > MAX_CONTROL_SHARE:
        raise UndecodableText(f"not valid UTF-8 ({utf8_error}), and not Arabic text in {LEGACY_ARABIC} "
                              f"either ({share:.0%} of its letters would be Arabic)")
    return text, LEGACY_ARABIC


def arabic_letter_share(text: str) -> float:
    """The share of the letters of text that are Arabic letters (0 if it has no letters)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f") / len(letters)


def control_share(text: str) -> float:
    """The share of characters that are control characters other than whitespace."""
    if not text:
        return 0.0
    return len(_CONTROLS.findall(text)) / len(text)


def _utf8_sequences(data: bytes) -> tuple[int, int]:
    """(well-formed, malformed) non-ASCII UTF-8 sequences in data. Real Windows-1256 Arabic has
    almost no well-formed ones: its letters are lead bytes followed by more lead bytes."""
    lenient = data.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    return sum(1 for ch in lenient if ch > "\x7f") - broken, broken


def _checked(text: str, name: str) -> str:
    if "\x00" in text or control_share(text) > MAX_CONTROL_SHARE:
        raise UndecodableText(f"binary file (decodes as {name}, but contains NUL or control characters)")
    return text
