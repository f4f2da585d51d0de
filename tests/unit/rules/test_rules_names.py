"""Name / Name 2 / Contact from Shopify names (bc_connector §1.2) and the split back (§1.3)."""

from __future__ import annotations

import itertools

import pytest

from desktop_app.sync.rules.names import (
    FieldLengths,
    LocalNames,
    NameSources,
    PersonName,
    format_name,
    local_names,
    shopify_names,
    split_name,
)

SOURCES = ("first_last", "last_first", "company", "none")
ANN = PersonName("Ann", "Lee", "Acme Ltd")

# Written by hand from the rule text, not computed: (name, name 2, contact sources) -> result.
EXPECTED_FOR_ANN = {
    ("company", "first_last", "first_last"): ("Acme Ltd", "Ann Lee", "Ann Lee"),
    ("first_last", "last_first", "company"): ("Ann Lee", "Lee Ann", "Acme Ltd"),
    ("last_first", "company", "none"): ("Lee Ann", "Acme Ltd", ""),
    ("none", "company", "last_first"): ("Acme Ltd", "", "Lee Ann"),
    ("none", "none", "first_last"): ("Ann Lee", "", ""),
    ("none", "none", "none"): ("", "", ""),
    ("first_last", "first_last", "none"): ("Ann Lee", "", ""),
    ("company", "company", "first_last"): ("Acme Ltd", "", "Ann Lee"),
    ("company", "none", "company"): ("Acme Ltd", "", "Acme Ltd"),
    ("none", "first_last", "company"): ("Ann Lee", "", "Acme Ltd"),
    ("last_first", "first_last", "first_last"): ("Lee Ann", "Ann Lee", "Ann Lee"),
}


@pytest.mark.parametrize(("sources", "expected"), sorted(EXPECTED_FOR_ANN.items()))
def test_local_names_table(sources: tuple[str, str, str], expected: tuple[str, str, str]) -> None:
    result = local_names(ANN, NameSources(*sources))
    assert (result.name, result.name_2, result.contact) == expected


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        # Default sources, a person without a company: Name falls to Name 2's source.
        (PersonName("Ann", "Lee", ""), ("Ann Lee", "", "Ann Lee")),
        # Only a company: Name 2 and Contact have nothing to show.
        (PersonName("", "", "Acme Ltd"), ("Acme Ltd", "", "")),
        # Only a last name.
        (PersonName("", "Lee", ""), ("Lee", "", "Lee")),
        (PersonName("  Ann  ", "  van der   Berg ", "  Acme  Ltd "),
         ("Acme Ltd", "Ann van der Berg", "Ann van der Berg")),
        (PersonName("", "", ""), ("", "", "")),
    ],
)
def test_local_names_defaults(person: PersonName, expected: tuple[str, str, str]) -> None:
    result = local_names(person, NameSources())
    assert (result.name, result.name_2, result.contact) == expected


def test_contact_becomes_name_when_nothing_else() -> None:
    result = local_names(PersonName("Ann", "Lee", ""), NameSources("company", "company",
                                                                    "last_first"))
    assert result == LocalNames("Lee Ann", "", "")


PEOPLE = (
    ANN,
    PersonName("Ann", "", ""),
    PersonName("", "Lee", ""),
    PersonName("", "", "Acme"),
    PersonName("", "", ""),
    PersonName("  Jan ", "van  der Berg  ", "  "),
    PersonName("ann", "lee", "Ann Lee"),  # company equal to the person, other case
    PersonName("A" * 80, "B" * 80, "C" * 300),
)


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("sources", list(itertools.product(SOURCES, repeat=3)))
def test_local_names_invariants(person: PersonName, sources: tuple[str, str, str]) -> None:
    result = local_names(person, NameSources(*sources))
    anything = any(format_name(source, person) for source in sources)
    # Name is empty only when no source has anything to give.
    assert bool(result.name) == anything
    # Name 2 never repeats Name; Contact never exists without a Name.
    assert result.name_2 == "" or result.name_2.casefold() != result.name.casefold()
    assert not result.contact or result.name
    for value, limit in ((result.name, 100), (result.name_2, 50), (result.contact, 100)):
        assert len(value) <= limit
        assert value == value.strip()
        assert "  " not in value


def test_truncation_uses_given_lengths_and_trims_the_cut() -> None:
    person = PersonName("Annabel", "Lee", "Acme Trading Company")
    result = local_names(person, NameSources("company", "first_last", "last_first"),
                         FieldLengths(name=5, name_2=8, contact=4))
    # "Acme " cut at 5 leaves a trailing space, which goes; every cut field is named.
    assert result == LocalNames("Acme", "Annabel", "Lee", cut=("name", "name_2", "contact"))


def test_name_2_that_only_differs_after_cutting_is_blanked() -> None:
    person = PersonName("Ann", "Lee", "Ann Lee and Partners")
    result = local_names(person, NameSources("first_last", "company", "none"),
                         FieldLengths(name=100, name_2=7, contact=100))
    assert result == LocalNames("Ann Lee", "", "", cut=("name_2",))


def test_unknown_source_is_refused() -> None:
    with pytest.raises(ValueError):
        NameSources("first", "none", "none")  # type: ignore[arg-type]


# --- Split -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        ("Ann Lee", "first_last", ("Ann", "Lee")),
        ("Lee Ann", "last_first", ("Ann", "Lee")),
        ("Jan van der Berg", "first_last", ("Jan", "van der Berg")),
        ("van der Berg Jan", "last_first", ("Jan", "van der Berg")),
        ("Maria de la Cruz", "first_last", ("Maria", "de la Cruz")),
        ("de la Cruz Maria", "last_first", ("Maria", "de la Cruz")),
        # The token rule, documented: a two-word first name is not recognised.
        ("Mary Ann Smith", "first_last", ("Mary", "Ann Smith")),
        ("Madonna", "first_last", ("Madonna", None)),
        ("Madonna", "last_first", ("Madonna", None)),
        ("  Ann \t  Lee   Jones ", "first_last", ("Ann", "Lee Jones")),
        ("", "first_last", (None, None)),
        ("   ", "last_first", (None, None)),
        ("Acme Ltd", "company", (None, None)),
        ("Acme Ltd", "none", (None, None)),
    ],
)
def test_split_name(text: str, source: str, expected: tuple[str | None, str | None]) -> None:
    assert split_name(text, source) == expected


LOCAL = LocalNames(name="Acme Ltd", name_2="Lee Ann", contact="Bob Stone")


@pytest.mark.parametrize("sources", list(itertools.product(SOURCES, repeat=3)))
def test_split_priority_all_combinations(sources: tuple[str, str, str]) -> None:
    name_source, name_2_source, contact_source = sources
    result = shopify_names(LOCAL, NameSources(*sources))
    person = {"first_last", "last_first"}
    if contact_source in person:
        assert result.source_field == "contact"
        expected = {"first_last": ("Bob", "Stone"), "last_first": ("Stone", "Bob")}
        assert (result.first_name, result.last_name) == expected[contact_source]
    elif name_2_source in person:
        assert result.source_field == "name_2"
        expected = {"first_last": ("Lee", "Ann"), "last_first": ("Ann", "Lee")}
        assert (result.first_name, result.last_name) == expected[name_2_source]
    elif name_source in person:
        assert result.source_field == "name"
        expected = {"first_last": ("Acme", "Ltd"), "last_first": ("Ltd", "Acme")}
        assert (result.first_name, result.last_name) == expected[name_source]
    else:
        assert (result.first_name, result.last_name, result.source_field) == (None, None, None)
    if name_source == "company":
        assert result.company == "Acme Ltd"
    elif name_2_source == "company":
        assert result.company == "Lee Ann"
    else:
        assert result.company is None


def test_split_skips_blank_fields() -> None:
    sources = NameSources("last_first", "first_last", "first_last")
    result = shopify_names(LocalNames(name="Lee Ann", name_2="", contact="  "), sources)
    assert (result.first_name, result.last_name, result.source_field) == ("Ann", "Lee", "name")


def test_company_falls_to_name_2_when_name_is_blank() -> None:
    sources = NameSources("company", "company", "first_last")
    result = shopify_names(LocalNames(name="", name_2="Acme", contact="Ann Lee"), sources)
    assert (result.first_name, result.last_name, result.company) == ("Ann", "Lee", "Acme")


def test_everything_empty_gives_nothing() -> None:
    result = shopify_names(LocalNames(), NameSources())
    assert (result.first_name, result.last_name, result.company, result.source_field) == (
        None, None, None, None
    )


@pytest.mark.parametrize("name_2_source", ["first_last", "last_first"])
def test_round_trip_of_a_two_word_person(name_2_source: str) -> None:
    sources = NameSources("company", name_2_source, "none")  # type: ignore[arg-type]
    person = PersonName("Ann", "Lee", "Acme")
    back = shopify_names(local_names(person, sources), sources)
    assert (back.first_name, back.last_name, back.company) == ("Ann", "Lee", "Acme")
