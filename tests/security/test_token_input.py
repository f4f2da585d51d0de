"""`token set` takes exactly one Shopify secret or refuses it with a reason (issue 15,
reliability review finding 11). The environment variable of unattended runs is proven in
tests/integration/test_unattended_token.py.

In-process CLI (`cli.main`) with an in-memory keyring; the no-keyring case installs
keyring's `fail` backend, as a machine without Secret Service has.
"""

from __future__ import annotations

import io

import keyring
import keyring.backends.fail
import pytest

from desktop_app.cli import main

GOOD = "shpat_0123456789abcdef0123456789abcdef"


def run(capsys, monkeypatch, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def data(tmp_path, capsys, monkeypatch, memory_keyring):
    folder = str(tmp_path / "data")
    assert run(capsys, monkeypatch, "--data-dir", folder, "shop", "add", "S", "--domain",
               "my-store.myshopify.com")[0] == 0
    return folder


def _stored(memory_keyring) -> list[str]:
    return list(memory_keyring.store.values())


@pytest.mark.parametrize("stdin, reason", [
    (GOOD[:10] + "\rX-Evil: 1\n", "line break"),      # was stored, then blamed the network
    (GOOD[:-1] + "é\n", "plain ASCII"),                # was a UnicodeEncodeError traceback
    ("\n" + GOOD + "\n", "line break"),                # was "No secret on stdin"
    (GOOD + "\nsecond line\n", "line break"),          # the second line was dropped silently
    (GOOD + " \n", "space"),
    ("shpat_" + "a" * 1_000_000 + "\n", "characters long"),  # was stored, then HTTP 431
])
def test_a_bad_secret_is_refused_with_its_reason(data, capsys, monkeypatch, memory_keyring,
                                                 stdin, reason):
    code, _, err = run(capsys, monkeypatch, "--data-dir", data, "token", "set", "S",
                       stdin=stdin)
    assert code == 2, err
    assert reason in err
    assert "Traceback" not in err
    assert _stored(memory_keyring) == []
    assert "shpat_" not in err  # the message never quotes the secret


@pytest.mark.parametrize("ending", ["\n", "\r\n", ""])
def test_one_line_end_is_trimmed(data, capsys, monkeypatch, memory_keyring, ending):
    code, _, err = run(capsys, monkeypatch, "--data-dir", data, "token", "set", "S",
                       stdin=GOOD + ending)
    assert code == 0, err
    assert _stored(memory_keyring) == [GOOD]


def test_without_a_keyring_token_set_fails(tmp_path, capsys, monkeypatch):
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        folder = str(tmp_path / "data")
        run(capsys, monkeypatch, "--data-dir", folder, "shop", "add", "S", "--domain",
            "my-store.myshopify.com")
        code, _, err = run(capsys, monkeypatch, "--json", "--data-dir", folder, "token", "set",
                           "S", stdin=GOOD + "\n")
    finally:
        keyring.set_keyring(previous)
    assert code == 2  # was 0: a script believed the secret was stored
    assert "SHOP_SYNC_TOKEN_S" in err
