"""``python -m simulator systemapi``: arguments, banner, clean shutdown."""

from __future__ import annotations

import argparse
import http.client
import json
from pathlib import Path
import signal
import socket
import ssl
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from simulator.systemapi import cli

ROOT = Path(__file__).resolve().parents[2]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="simulator")
    cli.register(parser.add_subparsers(dest="command", required=True))
    return parser


def test_register_sets_sync_handler() -> None:
    """The subcommand's handler is the synchronous ``run``; defaults apply."""
    args = _parser().parse_args(["systemapi"])
    assert args.handler is cli.run
    assert (args.host, args.port, args.api_key, args.devices) == (
        "127.0.0.1",
        10000,
        "dev",
        6,
    )
    args = _parser().parse_args(
        [
            "systemapi",
            "--port",
            "0",
            "--shape",
            "items",
            "--page-size",
            "2",
            "--drift",
            "0",
            "--seed",
            "4",
        ]
    )
    assert (args.port, args.shape, args.page_size, args.drift, args.seed) == (
        0,
        "items",
        2,
        0.0,
        4,
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "70000"], "port must be 0-65535"),
        (["--port", "http"], "not a port number"),
        (["--devices", "0"], "must be at least 1"),
        (["--devices", "many"], "not a whole number"),
        (["--drift", "-1"], "must be 0 or more seconds"),
        (["--drift", "soon"], "not a number"),
        (["--shape", "xml"], "invalid choice"),
    ],
)
def test_bad_arguments(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad values exit 2 with a clear message."""
    with pytest.raises(SystemExit) as exc:
        cli.main(["systemapi", *argv])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "simulator", "systemapi", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _banner(proc: subprocess.Popen[str]) -> dict[str, str]:
    assert proc.stdout is not None
    fields: dict[str, str] = {}
    for line in proc.stdout:
        if ":" in line and line.startswith("  "):
            key, _, value = line.strip().partition(":")
            fields[key] = value.strip()
        if line.startswith("Press Ctrl+C"):
            return fields
    _, err = proc.communicate(timeout=10)
    pytest.fail(f"no banner; stderr: {err}")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_runs_serves_and_stops_cleanly(sig: signal.Signals) -> None:
    """Prints URL, key and fingerprint, answers requests, exits 0 on a signal
    without a traceback."""
    proc = _start("--port", "0", "--api-key", "k3y", "--devices", "3", "--seed", "1")
    try:
        banner = _banner(proc)
        assert banner["API key"] == "k3y"
        assert len(banner["Fingerprint"].split(":")) == 32
        url = banner["URL"]
        assert url.startswith("https://127.0.0.1:")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        parts = urlsplit(url)
        conn = http.client.HTTPSConnection(
            str(parts.hostname), parts.port, context=context, timeout=10
        )
        try:
            conn.request("GET", f"{parts.path}/devices", headers={"x-api-key": "k3y"})
            body = json.loads(conn.getresponse().read())
        finally:
            conn.close()
        assert len(body["edges"]) == 3
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "Stopping." in out


@pytest.mark.timeout(60)
def test_port_in_use_is_a_clear_error() -> None:
    """A taken port exits 1 with a one-line reason, no traceback."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _start("--port", str(port))
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in err
    assert "Traceback" not in err
    assert "Fingerprint" not in out


@pytest.mark.timeout(60)
def test_bad_arguments_via_module() -> None:
    """Through ``python -m simulator`` too: non-zero exit and a clear message."""
    proc = _start("--devices", "0")
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert "must be at least 1" in err


def test_cert_dir_keeps_the_certificate_across_restarts(tmp_path: Path) -> None:
    """A restarted dev simulator shows the fingerprint a client already trusts."""
    from simulator.systemapi.certs import load_or_create_certificate

    first = load_or_create_certificate(tmp_path / "certs", ["127.0.0.1"])
    again = load_or_create_certificate(tmp_path / "certs", ["127.0.0.1"])
    assert again.fingerprint == first.fingerprint
    assert again.cert_pem == first.cert_pem
    assert (tmp_path / "certs" / "key.pem").stat().st_mode & 0o077 == 0
    other = load_or_create_certificate(tmp_path / "other", ["127.0.0.1"])
    assert other.fingerprint != first.fingerprint
