"""``python -m simulator receivers`` as a real subprocess."""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
import json
import os
from pathlib import Path
import selectors
import signal
import socket
import subprocess
import sys
import time

import pytest

REPO = Path(__file__).parents[2]
MIXED = REPO / "simulator" / "scenarios" / "mixed.toml"
STARTUP_SECONDS = 20.0


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "simulator", *args]


@contextlib.contextmanager
def _running(*args: str) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        _command(*args),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)


def _ready_lines(process: subprocess.Popen[str]) -> list[str]:
    """stdout lines up to and including the ``ready`` line.

    Reads the pipe's file descriptor directly: a text-mode ``readline``
    buffers ahead, which would hide lines from ``select``.
    """
    assert process.stdout is not None
    fd = process.stdout.fileno()
    text = ""
    deadline = time.monotonic() + STARTUP_SECONDS
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while "\nready" not in "\n" + text or not text.endswith("\n"):
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no ready line; got {text!r}"
            if selector.select(remaining):
                chunk = os.read(fd, 4096)
                assert chunk, f"simulator exited early: {text!r}"
                text += chunk.decode()
    return text.splitlines()


def _ask(port: int, message: bytes) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(message)
        data = b""
        while b">" not in data:
            chunk = conn.recv(4096)
            assert chunk
            data += chunk
        return data.decode("latin-1")


def _stop(process: subprocess.Popen[str], signum: int) -> tuple[int, str, str]:
    process.send_signal(signum)
    out, err = process.communicate(timeout=15)
    return process.returncode, out, err


def test_model_count_prints_receivers_and_stops_cleanly_on_sigterm(
    tmp_path: Path,
) -> None:
    ready_file = tmp_path / "ready.json"
    with _running(
        "receivers",
        "--model",
        "ULXD4Q",
        "--count",
        "3",
        "--base-port",
        "0",
        "--json-ready",
        str(ready_file),
    ) as process:
        lines = _ready_lines(process)
        assert len(lines) == 4
        for line in lines[:3]:
            model, address, device_id = line.split()
            assert model == "ULXD4Q"
            assert address.startswith("127.0.0.1:")
            assert device_id.startswith("ULXD4Q0")
        entries = json.loads(ready_file.read_text(encoding="utf-8"))
        assert [entry["model"] for entry in entries] == ["ULXD4Q"] * 3
        assert [f"{e['host']}:{e['port']}" for e in entries] == [
            line.split()[1] for line in lines[:3]
        ]
        reply = _ask(entries[1]["port"], b"< GET DEVICE_ID >")
        assert reply == "< REP DEVICE_ID {ULXD4Q02} >"
        code, out, err = _stop(process, signal.SIGTERM)
    assert code == 0, err
    assert "stopped" in out
    assert "Traceback" not in err


def _samples_over_tcp(port: int, count: int) -> list[str]:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"< SET 1 METER_RATE 00100 >")
        data = b""
        while data.count(b"SAMPLE 1 ") < count + 1:
            chunk = conn.recv(4096)
            assert chunk
            data += chunk
    text = data.decode("latin-1")
    return [part for part in text.split("<") if "SAMPLE 1 " in part][:count]


def test_static_flag_freezes_the_meters(tmp_path: Path) -> None:
    ready_file = tmp_path / "ready.json"
    with _running(
        "receivers",
        "--scenario",
        str(MIXED),
        "--static",
        "--base-port",
        "0",
        "--json-ready",
        str(ready_file),
    ) as process:
        _ready_lines(process)
        entries = json.loads(ready_file.read_text(encoding="utf-8"))
        samples = _samples_over_tcp(entries[0]["port"], 8)
        code, _, err = _stop(process, signal.SIGTERM)
    assert code == 0, err
    assert len(samples) == 8
    assert len(set(samples)) == 1, samples


def test_scenario_runs_every_model_and_stops_on_sigint() -> None:
    with _running(
        "receivers", "--scenario", str(MIXED), "--base-port", "0", "--seed", "9"
    ) as process:
        lines = _ready_lines(process)
        models = [line.split()[0] for line in lines[:-1]]
        assert models == [
            "ULXD4Q",
            "QLXD4",
            "AD4D",
            "AD4Q",
            "SLXD4D",
            "SLXD4Q+",
            "UR4D",
            "P10T",
        ]
        slxd_port = int(lines[5].split()[1].rpartition(":")[2])
        assert _ask(slxd_port, b"< GET 0 ALL >") == "< REP ERR >"
        p10t_port = int(lines[7].split()[1].rpartition(":")[2])
        reply = _ask(p10t_port, b"< GET DEVICE_NAME >\r\n")
        assert reply == "< REPORT DEVICE_NAME MON-IEM >\r\n"
        code, _out, err = _stop(process, signal.SIGINT)
    assert code == 0, err
    assert "Traceback" not in err


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        _command(*args),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_unknown_model_is_a_one_line_usage_error() -> None:
    result = _run("receivers", "--model", "BLX4")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "unknown model 'BLX4'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_scenario_file_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[receivers]]\nmodel = "AD4D"\nchanels = []\n', encoding="utf-8")
    result = _run("receivers", "--scenario", str(bad))
    assert result.returncode == 2
    assert "unknown key(s) chanels" in result.stderr
    assert result.stderr.strip().count("\n") == 0
    missing = _run("receivers", "--scenario", str(tmp_path / "none.toml"))
    assert missing.returncode == 2
    assert "cannot read" in missing.stderr


def test_busy_port_exits_1_with_the_port_in_the_message() -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        result = _run("receivers", "--model", "QLXD4", "--base-port", str(port))
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("receivers",), "one of the arguments --scenario --model is required"),
        (("receivers", "--model", "AD4D", "--count", "0"), "--count"),
        (("receivers", "--model", "AD4D", "--base-port", "70000"), "--base-port"),
    ],
)
def test_bad_arguments_exit_2(args: tuple[str, ...], message: str) -> None:
    result = _run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_the_receivers_subcommand() -> None:
    top = _run("--help")
    assert top.returncode == 0
    assert "receivers" in top.stdout
    sub = _run("receivers", "--help")
    assert sub.returncode == 0
    assert "--scenario" in sub.stdout
    assert "--json-ready" in sub.stdout
