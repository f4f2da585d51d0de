"""Shopify's search syntax for the ``query:`` argument, parsed and compiled to a predicate.

Syntax: ``field:value`` terms; a space means AND; ``AND``, ``OR`` and ``NOT`` (upper case, as
Shopify's keywords); ``-field:value``; parentheses; single or double quotes around a value (or
a bare phrase); comparators ``:<``, ``:>``, ``:<=``, ``:>=``; ``field:*`` (the field has a
value); a trailing ``*`` on a word for a prefix; bare words search the default fields.

An unquoted value ends at a space, a parenthesis or a colon, exactly like Shopify's parser:
``updated_at:>=2026-01-01T00:00:00Z`` becomes ``updated_at >= 2026-01-01T00`` plus a second
term ``00:00Z`` whose unknown field ``00`` is dropped with a warning. Quote timestamps.

Tokenisation (how text fields match): text is case-folded and split into runs of letters and
digits; everything else (``.``, ``@``, ``-``, ``_``, ``+``, spaces...) separates tokens. So
``a.b@x.com`` is the tokens ``a b x com``. An unquoted value matches when all its tokens occur
in the field in any order; a quoted value when they occur consecutively. Either way
``a-b@x.com`` and ``a.b@x.com`` are the same to the search, which is why clients must re-check
exact equality on what comes back (Shopify's e-mail search behaves the same way).

Dates: a value without an offset is read in the shop's time zone; ``field:value`` matches the
whole day that contains the value; ``>``/``<=`` against a bare date compare with the day's
end, ``>=``/``<`` with its start.

An unknown field is not an error: the term is dropped (it matches everything) and a warning
``{"field", "message": "Invalid search field for this query.", "code": "invalid_field"}`` is
reported, which the resolver puts in ``extensions.search``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import phonenumbers

logger = logging.getLogger(__name__)

Predicate = Callable[[Any], bool]
INVALID_FIELD_MESSAGE = "Invalid search field for this query."
COMPARATORS = ("<=", ">=", "<", ">")
_TOKEN = re.compile(r"[^\W_]+")


def tokenize(text: str | None) -> list[str]:
    """Case-folded runs of letters and digits (the search's notion of words)."""
    if not text:
        return []
    return _TOKEN.findall(text.casefold())


# --- parsing ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Term:
    """One ``field:value`` (``field`` None for a bare word)."""

    field: str | None
    op: str  # ":" equality, "<", "<=", ">", ">=", or "*" (has a value)
    value: str
    quoted: bool = False


@dataclass(slots=True)
class Node:
    """``and``/``or`` of children, or ``not`` of one child."""

    kind: str
    children: list[Any] = field(default_factory=list)


class _Lexer:
    """Splits a query into parentheses, keywords, negations and terms."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def _skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def _quoted(self) -> str:
        quote = self.text[self.pos]
        self.pos += 1
        out: list[str] = []
        while self.pos < len(self.text) and self.text[self.pos] != quote:
            char = self.text[self.pos]
            if char == "\\" and self.pos + 1 < len(self.text):
                self.pos += 1
                char = self.text[self.pos]
            out.append(char)
            self.pos += 1
        self.pos += 1  # the closing quote (or past the end)
        return "".join(out)

    def _bare(self, stop: str) -> str:
        start = self.pos
        while (
            self.pos < len(self.text)
            and not self.text[self.pos].isspace()
            and self.text[self.pos] not in stop
        ):
            self.pos += 1
        return self.text[start : self.pos]

    def tokens(self) -> list[Any]:
        out: list[Any] = []
        while True:
            self._skip_space()
            if self.pos >= len(self.text):
                return out
            char = self.text[self.pos]
            if char in "()":
                out.append(char)
                self.pos += 1
                continue
            if char == ":":  # the tail of a split unquoted value, e.g. ":00:00Z"
                self.pos += 1
                continue
            negated = False
            if char == "-" and self.pos + 1 < len(self.text) and not self.text[self.pos + 1].isspace():
                negated = True
                self.pos += 1
                char = self.text[self.pos]
            if char in "\"'":
                term: Any = Term(None, ":", self._quoted(), quoted=True)
            else:
                word = self._bare("():")
                if self.pos < len(self.text) and self.text[self.pos] == ":":
                    self.pos += 1
                    term = self._value(word)
                elif not negated and word in ("AND", "OR", "NOT"):
                    out.append(word)
                    continue
                else:
                    term = Term(None, ":", word)
            out.append(Node("not", [term]) if negated else term)

    def _value(self, field_name: str) -> Term:
        op = ":"
        for candidate in COMPARATORS:
            if self.text.startswith(candidate, self.pos):
                op = candidate
                self.pos += len(candidate)
                break
        if self.pos < len(self.text) and self.text[self.pos] in "\"'":
            return Term(field_name.casefold(), op, self._quoted(), quoted=True)
        value = self._bare("():")
        if value == "*" and op == ":":
            return Term(field_name.casefold(), "*", "")
        return Term(field_name.casefold(), op, value)


class _Parser:
    """Recursive descent: or := and ('OR' and)*; and := unary ('AND'? unary)*."""

    def __init__(self, tokens: list[Any]) -> None:
        self.tokens = tokens
        self.pos = 0

    def _peek(self) -> Any:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> Any:
        node = self._or()
        while self._peek() is not None:  # stray ")": skip it and go on, as Shopify is lenient
            self.pos += 1
            rest = self._or()
            node = Node("and", [n for n in (node, rest) if n is not None]) if rest else node
        return node

    def _or(self) -> Any:
        children = [self._and()]
        while self._peek() == "OR":
            self.pos += 1
            children.append(self._and())
        children = [c for c in children if c is not None]
        if not children:
            return None
        return children[0] if len(children) == 1 else Node("or", children)

    def _and(self) -> Any:
        children = []
        while True:
            token = self._peek()
            if token is None or token in (")", "OR"):
                break
            if token == "AND":
                self.pos += 1
                continue
            child = self._unary()
            if child is not None:
                children.append(child)
        if not children:
            return None
        return children[0] if len(children) == 1 else Node("and", children)

    def _unary(self) -> Any:
        token = self._peek()
        if token == "NOT":
            self.pos += 1
            child = self._unary()
            return Node("not", [child]) if child is not None else None
        if token == "(":
            self.pos += 1
            inner = self._or()
            if self._peek() == ")":
                self.pos += 1
            return inner
        self.pos += 1
        return token


def parse(query: str) -> Any:
    """The syntax tree of a query: a :class:`Term`, a :class:`Node`, or None when empty."""
    return _Parser(_Lexer(query).tokens()).parse()


def describe(tree: Any) -> Any:
    """Shopify's ``parsed`` rendering of a tree, for ``extensions.search``."""
    if tree is None:
        return None
    if isinstance(tree, Term):
        name = tree.field or "default"
        if tree.op == "*":
            return {"field": name, "exists": True}
        if tree.op == ":":
            return {"field": name, "match_all": tree.value}
        key = {"<": "range_lt", "<=": "range_lte", ">": "range_gt", ">=": "range_gte"}[tree.op]
        return {"field": name, key: tree.value}
    if tree.kind == "not":
        return {"not": describe(tree.children[0])}
    return {tree.kind: [describe(c) for c in tree.children]}


# --- field matchers --------------------------------------------------------------------------


class SearchField:
    """How one search field matches a record; subclasses implement :meth:`predicate`."""

    def __init__(self, getter: Callable[[Any], Any]) -> None:
        self.getter = getter

    def exists(self) -> Predicate:
        getter = self.getter
        return lambda record: bool(getter(record))

    def predicate(self, term: Term, zone: tzinfo) -> Predicate:
        raise NotImplementedError


def _never(_record: Any) -> bool:
    return False


class TextField(SearchField):
    """Tokenised text (see the module docstring)."""

    def predicate(self, term: Term, zone: tzinfo) -> Predicate:
        if term.op != ":":
            return _never
        prefix = term.value.endswith("*") and not term.quoted
        wanted = tokenize(term.value.rstrip("*") if prefix else term.value)
        if not wanted:
            return lambda record: True
        getter = self.getter
        if term.quoted and len(wanted) > 1:
            size = len(wanted)

            def phrase(record: Any) -> bool:
                tokens = tokenize(getter(record))
                return any(tokens[i : i + size] == wanted for i in range(len(tokens) - size + 1))

            return phrase
        whole, last = wanted[:-1] if prefix else wanted, wanted[-1] if prefix else None

        def words(record: Any) -> bool:
            tokens = tokenize(getter(record))
            if not tokens:
                return False
            present = set(tokens)
            if not all(w in present for w in whole):
                return False
            return last is None or any(t.startswith(last) for t in tokens)

        return words


class PrefixField(SearchField):
    """Case-insensitive start of the value (a gift card's last characters: Shopify keeps no
    more of its code to search)."""

    def predicate(self, term: Term, zone: tzinfo) -> Predicate:
        wanted = term.value.rstrip("*").casefold()
        if term.op != ":":
            return _never
        getter = self.getter
        return lambda record: str(getter(record) or "").casefold().startswith(wanted)


class ExactField(SearchField):
    """Case-insensitive equality with the value, or with any item when the getter gives a list."""

    def predicate(self, term: Term, zone: tzinfo) -> Predicate:
        if term.op != ":":
            return _never
        wanted = term.value.casefold()
        prefix = wanted.endswith("*") and not term.quoted
        wanted = wanted.rstrip("*") if prefix else wanted
        getter = self.getter

        def test(record: Any) -> bool:
            value = getter(record)
            items = value if isinstance(value, (list, tuple, set, frozenset)) else (value,)
            for item in items:
                if item is None:
                    continue
                text = str(item).casefold()
                if text == wanted or (prefix and text.startswith(wanted)):
                    return True
            return False

        return test


class NotField(SearchField):
    """The negation of another field (``tag_not``)."""

    def __init__(self, inner: SearchField) -> None:
        super().__init__(inner.getter)
        self.inner = inner

    def predicate(self, term: Term, zone: tzinfo) -> Predicate:
        inner = self.inner.predicate(term, zone)
        return lambda record: not inner(record)


def _compare(op: str, left: Any, right: Any) -> bool:
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    return left >= right


class NumberField(SearchField):
    """Integers (ids); GIDs are accepted as values."""

    def predicate(self, term: Term, zone: tzinfo) -> Predicate:
        text = term.value.rsplit("/", 1)[-1]
        if not text.isdigit():
            return _never
        wanted = int(text)
        getter = self.getter
        if term.op == ":":
            return lambda record: getter(record) == wanted
        op = term.op
        return lambda record: _compare(op, getter(record), wanted)


def parse_moment(text: str, zone: tzinfo) -> tuple[datetime, bool] | None:
    """A search date value as (UTC datetime, is a bare date), or None when unreadable."""
    text = text.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time(), zone).astimezone(UTC), True
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC), False


class DateField(SearchField):
    """Timestamps (see the module docstring for day semantics)."""

    def predicate(self, term: Term, zone: tzinfo) -> Predicate:
        parsed = parse_moment(term.value, zone)
        if parsed is None:
            logger.debug("Unreadable date %s in a search query", term.value)
            return _never
        moment, bare_date = parsed
        getter = self.getter
        local = moment.astimezone(zone)
        day_start = datetime.combine(local.date(), time(), zone).astimezone(UTC)
        day_end = day_start + timedelta(days=1)
        if term.op == ":":
            return lambda record: day_start <= getter(record) < day_end
        bound = moment
        if bare_date and term.op in (">", "<="):
            bound = day_end - timedelta(microseconds=1)
        op = term.op
        return lambda record: _compare(op, getter(record), bound)


class PhoneField(SearchField):
    """Phone numbers compared in E.164 (a value without ``+`` is read as it is written)."""

    def __init__(self, getter: Callable[[Any], Any], default_region: str | None = None) -> None:
        super().__init__(getter)
        self.default_region = default_region

    def predicate(self, term: Term, zone: tzinfo) -> Predicate:
        if term.op != ":":
            return _never
        wanted = normalize_phone(term.value, self.default_region) or (
            "+" + "".join(ch for ch in term.value if ch.isdigit())
        )
        getter = self.getter
        return lambda record: getter(record) == wanted


class CountryField(SearchField):
    """A country by English name or ISO code, case-insensitively."""

    def predicate(self, term: Term, zone: tzinfo) -> Predicate:
        if term.op != ":":
            return _never
        wanted = term.value.strip().casefold()
        getter = self.getter

        def test(record: Any) -> bool:
            code, name = getter(record)
            return (code or "").casefold() == wanted or (name or "").casefold() == wanted

        return test


def normalize_phone(text: str | None, region: str | None) -> str | None:
    """``text`` as E.164 when it is a valid number (``region`` for numbers without +)."""
    if not text or not text.strip():
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- compiling -------------------------------------------------------------------------------


@dataclass(slots=True)
class CompiledQuery:
    """A compiled query: ``predicate`` (None = everything matches) and any warnings."""

    predicate: Predicate | None
    warnings: list[dict[str, str]]
    parsed: Any


def compile_query(
    query: str | None,
    fields: Mapping[str, SearchField],
    *,
    default: SearchField | None,
    zone: tzinfo = UTC,
) -> CompiledQuery:
    """Compile ``query`` against the searchable ``fields`` of one resource."""
    if not query or not query.strip():
        return CompiledQuery(None, [], None)
    tree = parse(query)
    warnings: list[dict[str, str]] = []

    def build(node: Any) -> Predicate | None:
        if node is None:
            return None
        if isinstance(node, Term):
            if node.field is None:
                return default.predicate(node, zone) if default else None
            matcher = fields.get(node.field)
            if matcher is None:
                warnings.append(
                    {"field": node.field, "message": INVALID_FIELD_MESSAGE, "code": "invalid_field"}
                )
                return None
            return matcher.exists() if node.op == "*" else matcher.predicate(node, zone)
        parts = [p for p in (build(c) for c in node.children) if p is not None]
        if not parts:
            return None
        if node.kind == "not":
            inner = parts[0]
            return lambda record: not inner(record)
        if len(parts) == 1:
            return parts[0]
        if node.kind == "and":
            return lambda record: all(p(record) for p in parts)
        return lambda record: any(p(record) for p in parts)

    predicate = build(tree)
    return CompiledQuery(predicate, warnings, describe(tree))


def joined(*getters: Callable[[Any], Any]) -> Callable[[Any], str]:
    """A getter joining the text of several getters (lists are joined too), for default fields."""

    def get(record: Any) -> str:
        parts: list[str] = []
        for getter in getters:
            value = getter(record)
            if isinstance(value, (list, tuple)):
                parts.extend(str(v) for v in value)
            elif value:
                parts.append(str(value))
        return " ".join(parts)

    return get


def search_warning(path: Iterable[Any], query: str, compiled: CompiledQuery) -> dict[str, Any]:
    """One ``extensions.search`` entry."""
    return {
        "path": list(path),
        "query": query,
        "parsed": compiled.parsed,
        "warnings": compiled.warnings,
    }
