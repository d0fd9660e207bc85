"""A throwaway PostgreSQL server on a free localhost port, for tests and the benchmark.

Uses the Debian PostgreSQL binaries (apt-get install postgresql). initdb refuses to run as root,
so when we are root the server runs as the `postgres` system user.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def postgres_bin(name: str) -> str | None:
    for directory in BIN_DIRS:
        if (directory / name).exists():
            return str(directory / name)
    return shutil.which(name)


def available() -> bool:
    return postgres_bin("initdb") is not None and postgres_bin("pg_ctl") is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextlib.contextmanager
def throwaway_server(database: str = "ascof") -> Iterator[dict[str, str]]:
    """Start a server, create `database`, yield the ASCOF_PG_* settings; stop and delete it."""
    work = Path(tempfile.mkdtemp(prefix="ascof-pg-"))
    data = work / "data"
    if os.geteuid() == 0:
        shutil.chown(work, user="postgres")
    port = free_port()
    subprocess.run(
        as_server_user([postgres_bin("initdb"), "-D", str(data), "-U", "ascof", "-A", "trust"]),
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {work} -c fsync=off"
    subprocess.run(
        as_server_user(
            [
                postgres_bin("pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(work / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(
            [
                postgres_bin("createdb") or "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "ascof",
                database,
            ],
            check=True,
            capture_output=True,
        )
        yield {
            "ASCOF_PG_HOST": "127.0.0.1",
            "ASCOF_PG_PORT": str(port),
            "ASCOF_PG_USER": "ascof",
            "ASCOF_PG_PASSWORD": "",
            "ASCOF_PG_DATABASE": database,
        }
    finally:
        subprocess.run(
            as_server_user([postgres_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            capture_output=True,
        )
        time.sleep(0.2)
        shutil.rmtree(work, ignore_errors=True)
