"""The `ascof` command: a thin click CLI over dbt. Each command lives in its own module."""

from __future__ import annotations

import errno
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import duckdb

from runner.build import build_command
from runner.compare import compare_command
from runner.dbt_invoke import DbtError
from runner.demo import demo_command
from runner.docs import docs_command
from runner.errors import EXIT_USER_ERROR, UserError
from runner.export import export_command
from runner.generate import generate_command
from runner.report import report_command
from runner.run_lock import incomplete_build_note, warehouse_lock
from runner.settings import TARGETS, GlobalOptions, Verbosity
from runner.unit_tests import test_command
from runner.validate import validate_command

EXIT_INTERRUPTED = 130  # the shell's convention for a process stopped by Ctrl-C


def fail(message: str, exit_code: int) -> None:
    """The one line a user sees for a problem they can fix, then the exit code."""
    click.echo(f"ascof: error: {message}", err=True)
    sys.exit(exit_code)


def first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def os_error_line(error: OSError) -> str:
    """A full disk, a read-only or unreadable folder: what and where, in one line."""
    reason = error.strerror or first_line(error)
    if error.errno == errno.ENOSPC:
        reason = "no space left on the disk"
    where = error.filename if error.filename is not None else "cannot read or write a file"
    return f"{where}: {reason}"


class AscofGroup(click.Group):
    """A click group that reports every user-caused problem as one line on stderr.

    Click's own usage errors (missing option, bad value) print three lines by default;
    here they read like every other error: `ascof: error: <message>`.
    """

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            exit_code = super().main(*args, standalone_mode=False, **kwargs)
        except (UserError, DbtError) as error:
            fail(str(error), error.exit_code)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.format_message())
            sys.exit(0)
        except click.UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
            fail(error.format_message() + hint, EXIT_USER_ERROR)
        except click.ClickException as error:
            fail(error.format_message(), error.exit_code)
        except (click.Abort, KeyboardInterrupt):
            fail("interrupted", EXIT_INTERRUPTED)
        except OSError as error:
            fail(os_error_line(error), EXIT_USER_ERROR)
        except duckdb.IOException as error:
            fail(f"cannot read or write a file ({first_line(error)})", EXIT_USER_ERROR)
        sys.exit(exit_code if isinstance(exit_code, int) else 0)


@click.group(cls=AscofGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The dbt project (default: the folder holding the runner package).",
)
@click.option(
    "--profiles-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder holding profiles.yml (default: the project dir).",
)
@click.option(
    "--target",
    type=click.Choice(TARGETS),
    default=None,
    help=(
        "Warehouse: duckdb (default), postgres (ASCOF_PG_*), spark (in-process), spark_thrift "
        "(a cluster's Thrift server: ASCOF_SPARK_*), sqlserver (ASCOF_MSSQL_*; checked offline)."
    ),
)
@click.option(
    "--threads", type=click.IntRange(min=1), default=None, help="dbt threads (default: profile)."
)
@click.option(
    "--quiet/--verbose",
    "quiet",
    default=None,
    help="--quiet prints only errors; --verbose shows dbt's own log.",
)
@click.version_option(package_name="ascof")
@click.pass_context
def main(
    ctx: click.Context,
    project_dir: Path | None,
    profiles_dir: Path | None,
    target: str | None,
    threads: int | None,
    quiet: bool | None,
) -> None:
    """England's Adult Social Care Outcomes Framework (ASCOF), computed with dbt.

    \b
    Example:
      ascof generate --out data --scale 0.1
      ascof build --data-dir data
      ascof export --out exports
      ascof docs --serve
    """
    ctx.obj = GlobalOptions(
        project_dir=project_dir,
        profiles_dir=profiles_dir,
        target=target,
        threads=threads,
        verbosity=Verbosity.from_flag(quiet),
    )


def remove_partial_exports(out_dir: Path) -> None:
    """The temporary files of an export killed before it renamed them (export.staged_files)."""
    if out_dir.is_dir():
        for leftover in out_dir.glob(".*.partial*"):
            leftover.unlink(missing_ok=True)


def runs_alone(command: click.Command) -> click.Command:
    """Hold the warehouse's lock while the command runs (runner.run_lock), with --wait to wait
    for another run instead of being refused. A command writing to --out first removes what a
    run killed half-way left there (export.staged_files' temporary files); an export says so
    when the last build did not complete."""
    callback: Callable[..., Any] = command.callback  # type: ignore[assignment]
    command.params.append(
        click.Option(
            ["--wait"],
            is_flag=True,
            default=False,
            help="If another run is using the warehouse, wait for it instead of stopping.",
        )
    )

    @functools.wraps(callback)
    def locked(*args: Any, wait: bool, **kwargs: Any) -> Any:
        options = click.get_current_context().find_object(GlobalOptions) or GlobalOptions()
        target = kwargs.get("target")
        settings = options.settings(target=target, needs_project=False)
        database = settings.database_path
        with warehouse_lock(database, command.name or "run", wait=wait):
            if kwargs.get("out_dir") is not None:
                remove_partial_exports(kwargs["out_dir"])
            if command.name == "export":
                note = incomplete_build_note(database)
                if note:
                    click.echo(click.style(note, fg="yellow"), err=True)
            return callback(*args, **kwargs)

    command.callback = locked
    return command


# every command that loads the returns, builds, or writes the exports (compare may build)
for command in (validate_command, export_command, build_command, compare_command, demo_command):
    runs_alone(command)

for command in (
    generate_command,
    build_command,
    validate_command,
    export_command,
    docs_command,
    report_command,
    compare_command,
    demo_command,
    test_command,
):
    main.add_command(command)
