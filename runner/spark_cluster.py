"""A Spark standalone cluster on this machine, started from the pyspark package.

A master, one worker and the Thrift JDBC/ODBC server (HiveThriftServer2, whose driver runs its
jobs on the worker's executors), all bound to 127.0.0.1 on free ports: the `spark_thrift`
target's tests build the project against it the way a council builds against a real cluster.
The pyspark wheel carries Spark's jars (the Thrift server's among them) but not the sbin start
scripts, so the classes are started directly with `java -cp <pyspark>/jars/*`. Each process leads
its own process group (the worker's executors are its children), and every group is stopped on
the way out, however the caller leaves.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from runner.errors import UserError

HOST = "127.0.0.1"
MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"
SUBMIT_CLASS = "org.apache.spark.deploy.SparkSubmit"
THRIFT_SERVER_CLASS = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2"
# the JVM options Spark's own launcher gives every Spark JVM on Java 17 (JavaModuleOptions): the
# classes are started here without the launcher, and Hive's classes need java.net opened
JAVA_MODULE_OPTIONS = (
    "-XX:+IgnoreUnrecognizedVMOptions",
    "--add-modules=jdk.incubator.vector",
    *(
        f"--add-opens=java.base/{package}=ALL-UNNAMED"
        for package in (
            "java.lang",
            "java.lang.invoke",
            "java.lang.reflect",
            "java.io",
            "java.net",
            "java.nio",
            "java.util",
            "java.util.concurrent",
            "java.util.concurrent.atomic",
            "jdk.internal.ref",
            "sun.nio.ch",
            "sun.nio.cs",
            "sun.security.action",
            "sun.util.calendar",
        )
    ),
    "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--enable-native-access=ALL-UNNAMED",
)
STARTUP_SECONDS = 240.0
STOP_SECONDS = 20.0


@dataclass(frozen=True)
class ClusterSettings:
    """How big the cluster is: small enough for a shared 2-core machine by default."""

    worker_cores: int = 2
    worker_memory: str = "2g"
    executor_memory: str = "1g"
    driver_memory: str = "1g"
    shuffle_partitions: int = 4


@dataclass(frozen=True)
class RunningCluster:
    """Where the running cluster listens and keeps its files."""

    master_url: str
    thrift_port: int
    root: Path

    @property
    def environment(self) -> dict[str, str]:
        """The variables the spark_thrift target reads (profiles.yml) and the runner's shared
        folder for Parquet files (the runner and the cluster see the same disk here)."""
        return {
            "ASCOF_SPARK_HOST": HOST,
            "ASCOF_SPARK_PORT": str(self.thrift_port),
            "ASCOF_SPARK_SHARED_DIR": str(self.root / "shared"),
        }


def pyspark_home() -> Path:
    """The installed pyspark package, which is also a SPARK_HOME (jars/, bin/)."""
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        return probe.connect_ex((HOST, port)) == 0


def java_command(
    main_class: str, arguments: list[str], heap: str, options: tuple[str, ...] = ()
) -> list[str]:
    classpath = str(pyspark_home() / "jars" / "*")
    return [
        "java",
        f"-Xmx{heap}",
        *JAVA_MODULE_OPTIONS,
        *options,
        "-cp",
        classpath,
        main_class,
        *arguments,
    ]


def stop_group(process: subprocess.Popen) -> None:
    """SIGTERM to the process's group (its children too), SIGKILL if it outlives STOP_SECONDS."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_SECONDS)
    with suppress(ProcessLookupError):  # the group's other members (executors) may outlive it
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextmanager
def started(
    command: list[str], log: Path, environment: dict[str, str]
) -> Iterator[subprocess.Popen]:
    """One daemon in a new session (so in its own process group), its output in `log`."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=environment,
            start_new_session=True,
        )
    log.with_suffix(".pid").write_text(str(process.pid))
    try:
        yield process
    finally:
        stop_group(process)


def wait_for_port(port: int, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise UserError(f"the Spark {what} exited while starting ({log}):\n{tail}")
        if port_open(port):
            return
        time.sleep(1.0)
    raise UserError(f"the Spark {what} did not listen on {HOST}:{port} in {STARTUP_SECONDS:.0f} s")


def spark_conf(root: Path, settings: ClusterSettings) -> dict[str, str]:
    """The Thrift server's Spark configuration: its own metastore and warehouse under `root`."""
    return {
        "spark.sql.warehouse.dir": str(root / "warehouse"),
        "spark.hadoop.javax.jdo.option.ConnectionURL": (
            f"jdbc:derby:;databaseName={root / 'metastore'};create=true"
        ),
        "spark.local.dir": str(root / "tmp"),
        "spark.executor.memory": settings.executor_memory,
        "spark.cores.max": str(settings.worker_cores),
        "spark.sql.shuffle.partitions": str(settings.shuffle_partitions),
        "spark.network.timeout": "86400s",
        "spark.ui.enabled": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
        "spark.driver.host": HOST,
        "spark.driver.bindAddress": HOST,
    }


@contextmanager
def local_cluster(root: Path, settings: ClusterSettings | None = None) -> Iterator[RunningCluster]:
    """Start a master, a worker and the Thrift server; stop all three (and executors) on exit."""
    settings = settings or ClusterSettings()
    for folder in ("logs", "tmp", "work", "shared"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    environment = {
        **os.environ,
        "SPARK_HOME": str(pyspark_home()),
        "SPARK_LOCAL_IP": HOST,
        # the launcher that builds the executors' command asks for it outside a Spark build tree
        "SPARK_SCALA_VERSION": "2.13",
        "SPARK_LOCAL_DIRS": str(root / "tmp"),
        "SPARK_WORKER_DIR": str(root / "work"),
    }
    environment.pop("PYSPARK_SUBMIT_ARGS", None)
    logs = root / "logs"
    master_port, thrift_port = free_port(), free_port()
    master_url = f"spark://{HOST}:{master_port}"
    with ExitStack() as stack:
        master = stack.enter_context(
            started(
                java_command(
                    MASTER_CLASS,
                    ["--host", HOST, "--port", str(master_port), "--webui-port", str(free_port())],
                    "512m",
                ),
                logs / "master.log",
                environment,
            )
        )
        wait_for_port(master_port, master, logs / "master.log", "master")
        worker_arguments = [
            *("--host", HOST, "--webui-port", str(free_port())),
            *("--cores", str(settings.worker_cores), "--memory", settings.worker_memory),
            *("--work-dir", str(root / "work"), master_url),
        ]
        stack.enter_context(
            started(
                java_command(WORKER_CLASS, worker_arguments, "512m"),
                logs / "worker.log",
                environment,
            )
        )
        submit_arguments = ["--master", master_url, "--class", THRIFT_SERVER_CLASS]
        for key, value in spark_conf(root, settings).items():
            submit_arguments += ["--conf", f"{key}={value}"]
        submit_arguments += [
            "spark-internal",
            *("--hiveconf", f"hive.server2.thrift.port={thrift_port}"),
            *("--hiveconf", f"hive.server2.thrift.bind.host={HOST}"),
        ]
        thrift = stack.enter_context(
            started(
                java_command(
                    SUBMIT_CLASS,
                    submit_arguments,
                    settings.driver_memory,
                    # the driver is this JVM: its metastore's Derby files under the root
                    (f"-Dderby.system.home={root}",),
                ),
                logs / "thrift_server.log",
                environment,
            )
        )
        wait_for_port(thrift_port, thrift, logs / "thrift_server.log", "Thrift server")
        yield RunningCluster(master_url=master_url, thrift_port=thrift_port, root=root)
