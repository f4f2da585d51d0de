"""Text from outside (Shopify, a CSV file) made safe to store, show and print: one repair step.

Every text that enters the app from Shopify (`shopify/records.py`, `order_records.py`,
`company_records.py`) or from a spreadsheet (`store/csv_io.py`) goes through `clean_text`,
so the store only ever holds text that SQLite can encode, that a terminal prints as text,
and that shows in the window as what it says. The rules, in order:

- unpaired UTF-16 surrogates (a JSON "\\ud800" escape with no partner) become U+FFFD; a
  valid pair is joined into its character. SQLite's UTF-8 cannot hold a lone surrogate: it
  stopped the companies sync with a UnicodeEncodeError;
- line breaks (CR, LF, CRLF, VT, FF, NEL, U+2028, U+2029) become one space in a one-line
  field, and "\\n" in a multi-line field (notes); a tab becomes a space;
- NUL becomes U+FFFD, as it always did here (tools reading the database cut text at a NUL;
  the mark shows where a character was lost, e.g. in a gift card's last characters);
- the other C0 and C1 control characters and DEL are dropped: ESC and BEL written to a
  terminal clear the screen or set its title (reliability review 2026-12-07, finding 3);
- the bidi embedding, override and isolate characters (U+202A-U+202E, U+2066-U+2069) and the
  byte order mark U+FEFF are dropped: "\\u202eexe.gpj" shows as another name than it is.
  The plain direction marks U+200E, U+200F and U+061C are kept: they cannot reorder text
  beyond their neighbours, and Hebrew and Arabic text pasted from other apps carries them;
- the text is stripped of leading and trailing white space.

Characters are dropped rather than escaped: they carry no meaning a merchant can use, and
one bad character must not lose the record. `escape_unprintable` is the other half: text
already stored before this step existed is escaped when a front end prints it.

Two smaller helpers serve the checks of values from outside: `quoted` (a value as an error
message quotes it: escaped and short) and `storable` / `UNSTORABLE` (the only characters
a store column cannot hold, for a value that must be refused rather than repaired, such as
an id).

Pure: no I/O and no import of the rest of the app (every layer may import it).
"""

from __future__ import annotations

import re
import unicodedata

#: Anything `clean_text` may change: surrogates, C0/C1 controls, DEL, line/paragraph
#: separators, bidi embeddings/overrides/isolates and the BOM. Text without them (nearly
#: all) is returned after a single search.
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
                      "\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: A line break with the white space around it (one space in a one-line field).
_LINE_BREAK = re.compile("[ \t]*(?:\r\n|[\n\r\x0b\x0c\x85\u2028\u2029])[ \t]*")
#: Dropped outright: the C0/C1 controls other than NUL, line breaks and tab, and the bidi
#: formatting characters and BOM.
_DROPPED = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


def _join_surrogates(text: str) -> str:
    """Valid surrogate pairs joined into their character, lone surrogates as U+FFFD."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def clean_text(value: object, *, multiline: bool = False) -> str:
    """The repaired, stripped text of a value from outside ("" for None).

    Args:
        value: a str (or anything, taken as `str(value)`); None gives "".
        multiline: keep line breaks (as "\\n"), for notes; else each becomes one space.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if _SUSPECT.search(text) is None:
        return text.strip()
    if _SURROGATE.search(text) is not None:
        text = _join_surrogates(text)
    if multiline:
        text = re.sub("[ \t]*(?:\r\n|[\n\r\x0b\x0c\x85\u2028\u2029])", "\n", text)
        text = text.replace("\t", " ")
    else:
        text = _LINE_BREAK.sub(" ", text).replace("\t", " ")
    return _DROPPED.sub("", text.replace("\x00", "\ufffd")).strip()


def is_clean(value: str, *, multiline: bool = False) -> bool:
    """Whether `clean_text` would leave `value` as it is."""
    return clean_text(value, multiline=multiline) == value


#: Printed as they are by `escape_unprintable`: newline (the line structure of the output)
#: and the categories of visible text and ordinary spaces.
_FORMAT_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def escape_unprintable(text: str) -> str:
    """`text` with every control, format (bidi...), surrogate and private-use character
    written as a Python escape (`\\x1b`, `\\u202e`), so a terminal prints it as text.

    Newlines are kept: they are the output's own line structure. For text that may hold data
    stored before `clean_text` was applied on the way in.
    """
    # str.isprintable() (C speed) is False for every character escaped here, and for a few
    # more that are kept (no-break and other spaces): only lines it refuses are walked.
    if text.replace("\n", "").isprintable():
        return text
    return "\n".join(line if line.isprintable() else "".join(
        _escaped(ch) if unicodedata.category(ch) in _FORMAT_CATEGORIES else ch for ch in line
    ) for line in text.split("\n"))


def _escaped(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


#: What a store column cannot hold: lone UTF-16 surrogates and NUL.
UNSTORABLE = re.compile("[\ud800-\udfff\x00]")


def storable(text: str) -> str:
    """`text` with what a store column cannot hold (NUL, lone surrogates) as U+FFFD."""
    return UNSTORABLE.sub("\ufffd", text)


#: The longest quote `quoted` gives, and how much of a long text it reads first.
_QUOTE_WIDTH = 40
_QUOTE_READ = 60


def quoted(value: object) -> str:
    """A value quoted for a message: its repr (control characters escaped), at most 40
    characters ("..." ends a longer one)."""
    text = repr(value if not isinstance(value, str) else value[:_QUOTE_READ])
    return text if len(text) <= _QUOTE_WIDTH else text[:_QUOTE_WIDTH - 3] + "..."
