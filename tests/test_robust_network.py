"""No network, ever: with every way of opening a socket made to fail, the whole command set still
works — so nothing in kratomlog reaches for the network (no update check, no telemetry, no fonts or
scripts fetched for the HTML report)."""

from __future__ import annotations

import re
import socket

import pytest

from helpers import NOW, run


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise NetworkUsed(f"kratomlog tried to use the network: {args!r}")

    class NoSocket(socket.socket):  # a class, so modules that subclass socket.socket still import
        def __init__(self, *args, **kwargs):
            refuse(*args)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "socketpair", refuse)


def test_the_fixture_really_blocks_sockets(no_network):
    with pytest.raises(NetworkUsed):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.org", 443))
    import urllib.request

    with pytest.raises(Exception) as caught:
        urllib.request.urlopen("http://example.org", timeout=1)
    assert "network" in str(caught.value)


SWS = ",".join(["1"] * 16)
DEMO_READS = [
    ["week"], ["week", "--json"], ["trends"], ["trends", "--json"], ["signals"], ["signals", "--json"],
    ["insights"], ["insights", "--json"], ["list"], ["list", "--json"], ["status"], ["status", "--json"],
    ["check", "history"], ["strain", "list"], ["taper", "status"], ["taper", "history"], ["config", "show"],
    ["where"], ["report"], ["export"], ["export", "--format", "csv"],
]
WRITES = [
    ["dose", "3g", "Red Bali", "--reason", "stress"], ["strain", "add", "Gold Caps", "--form", "capsule", "--capsule-grams", "0.5"], ["dose", "2caps", "Gold Caps"],
    ["stress", "5", "--craving", "2"], ["no-use", "--on", "2026-11-20"], ["other", "alcohol", "--amount", "1 drink"],
    ["withdrawal", "--scores", SWS], ["check", "dsm", "--scores", "n,n,n,y,n,n,n,n,n,y,y"],
    ["check", "pss", "--scores", "3,2,3,1,1,3,2,1,3,2"], ["check", "sows", "--item", "yawning=2"],
    ["strain", "add", "Green Malay", "--form", "powder", "--mitragynine", "1.4"],
    ["strain", "edit", "Green Malay", "--batch", "GM-1"], ["strain", "archive", "Green Malay"],
    ["strain", "unarchive", "Green Malay"], ["edit", "d1", "--amount", "2.5g"], ["delete", "s1", "--yes"], ["undo"],
    ["list", "--kind", "dose"], ["week"], ["trends"], ["signals"], ["insights"], ["info"], ["status"],
    ["taper", "start", "--from", "6g", "--step", "10%", "--every", "7d"], ["taper", "hold", "--for", "3d"],
    ["taper", "adjust", "--step", "5%"], ["taper", "status"], ["taper", "stop"], ["taper", "history"],
    ["config", "set", "week_starts", "sunday"], ["--version"], ["--help"],
]


@pytest.mark.slow  # every command
def test_every_command_works_without_the_network(no_network, tmp_path):
    result = run("demo", "--weeks", "12", now=NOW)  # builds the demo database and shows the dashboard
    assert result.exit_code == 0, result.output
    for args in DEMO_READS:
        result = run("--demo", *args, now=NOW)
        assert result.exit_code == 0, (args, result.output)
    for args in WRITES:
        result = run(*args, now=NOW)
        assert result.exit_code == 0, (args, result.output)
    assert run("withdrawal", input="1\n" * 16, now=NOW).exit_code == 0
    files = [
        ["report", "--format", "html", "-o", str(tmp_path / "week.html")],
        ["report", "--format", "md", "-o", str(tmp_path / "week.md")],
        ["export", "-o", str(tmp_path / "all.json")],
        ["backup", "-o", str(tmp_path / "copy.db")],
    ]
    for args in files:
        result = run(*args, now=NOW)
        assert result.exit_code == 0, (args, result.output)
    html = (tmp_path / "week.html").read_text()
    # Nothing a browser would fetch when the report is opened: no external scripts, styles, fonts or images.
    # (The inline SVG charts refer to their own clip paths as url(#id): a fragment of this page, never fetched.)
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", html) and "@import" not in html
    assert not re.search(r"url\(\s*[\"']?(?!#)", html) and "<svg " in html
    for args in (["--demo", "import", str(tmp_path / "all.json")], ["import", str(tmp_path / "all.json"), "--dry-run"],
                 ["--db", str(tmp_path / "copy.db"), "status"], ["wipe", "--yes"], ["--demo", "wipe", "--yes"]):
        result = run(*args, now=NOW)
        assert result.exit_code == 0, (args, result.output)
