"""A throwaway PostgreSQL server for the recorder tests.

Debian's server binaries (`apt-get install postgresql`, done by
script/setup as root, on the host and in the latest leg's Debian sid root)
run a cluster made by initdb in a temporary directory, listening on a free
port on 127.0.0.1 with its socket in that directory; it is stopped and
removed at the end of the test session. No system service is used. The
latest leg's tests run inside the sid root, so they start that root's
server there; both share the host's network.

PostgreSQL refuses to run as root: as root the cluster belongs to the
`postgres` user the Debian package creates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
import itertools
import os
from pathlib import Path
import pwd
import re
import shutil
import subprocess
import tempfile

import psycopg2

from .helpers import unused_port

SERVER_ROOT = Path("/usr/lib/postgresql")
START_TIMEOUT = 60  # seconds, pg_ctl --timeout
SUPERUSER = "postgres"


class PostgresMissingError(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def server_bin_dir() -> Path:
    """The bin directory of the newest installed PostgreSQL server."""
    candidates = [
        path.parent
        for path in SERVER_ROOT.glob("*/bin/initdb")
        if re.fullmatch(r"\d+", path.parent.parent.name)
    ]
    if not candidates:
        raise PostgresMissingError(
            f"no PostgreSQL server in {SERVER_ROOT}/*/bin "
            "(apt-get install postgresql; script/setup does it as root)"
        )
    return max(candidates, key=lambda path: int(path.parent.name))


def _run_as() -> dict[str, int]:
    """subprocess arguments that drop root to the postgres user."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam("postgres")
    return {"user": user.pw_uid, "group": user.pw_gid}


@dataclass
class PostgresServer:
    """A running throwaway cluster."""

    bin_dir: Path
    directory: Path
    port: int
    _names: Iterator[int] = field(default_factory=itertools.count)

    @property
    def data_dir(self) -> Path:
        """The cluster's data directory."""
        return self.directory / "data"

    @property
    def version(self) -> int:
        """The server's major version."""
        return int(self.bin_dir.parent.name)

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of a database (psycopg2, the default driver)."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _admin(self, statement: str) -> None:
        connection = psycopg2.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres"
        )
        try:
            connection.autocommit = True  # CREATE/DROP DATABASE
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    @contextmanager
    def database(self) -> Iterator[str]:
        """A new empty database for one test; yields its URL, drops it after."""
        name = f"recorder_{next(self._names)}"
        self._admin(f"CREATE DATABASE {name} ENCODING 'UTF8'")
        try:
            yield self.url(name)
        finally:
            self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _pg_ctl(server: PostgresServer, *args: str) -> None:
    subprocess.run(  # noqa: S603 - the server's own tool, fixed arguments
        [str(server.bin_dir / "pg_ctl"), "--pgdata", str(server.data_dir), *args],
        check=True,
        capture_output=True,
        **_run_as(),
    )


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start a throwaway cluster; stop it and remove its files at the end."""
    bin_dir = server_bin_dir()
    directory = Path(tempfile.mkdtemp(prefix="micboard-postgres-"))
    run_as = _run_as()
    if run_as:
        os.chown(directory, run_as["user"], run_as["group"])
    server = PostgresServer(bin_dir, directory, unused_port())
    try:
        subprocess.run(  # noqa: S603 - the server's own tool, fixed arguments
            [
                str(bin_dir / "initdb"),
                "--pgdata",
                str(server.data_dir),
                "--username",
                SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            **run_as,
        )
        # fsync off: the cluster is thrown away, durability buys nothing here.
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={server.port} "
            f"-c unix_socket_directories={directory} -c fsync=off"
        )
        _pg_ctl(
            server,
            "--options",
            options,
            "--log",
            str(directory / "server.log"),
            "--timeout",
            str(START_TIMEOUT),
            "--wait",
            "start",
        )
        try:
            yield server
        finally:
            _pg_ctl(server, "--mode", "fast", "--wait", "stop")
    except subprocess.CalledProcessError as err:
        log = directory / "server.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(
            f"PostgreSQL failed: {err.cmd}\n{err.stderr.decode(errors='replace')}"
            f"\n{tail}"
        ) from err
    finally:
        shutil.rmtree(directory, ignore_errors=True)
