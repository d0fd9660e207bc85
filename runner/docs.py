"""`ascof docs`: the static dbt docs site as one self-contained HTML file."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

import click

from runner.dbt_invoke import DbtError, dbt_log_path, run_dbt
from runner.errors import UserError
from runner.export import staged_files
from runner.settings import (
    DEFAULT_YEAR,
    GlobalOptions,
    Settings,
    check_year,
    dbt_args,
    dbt_vars,
    pass_options,
    use_database,
)

STATIC_PAGE = "static_index.html"


def default_docs_dir(settings: Settings) -> Path:
    return settings.project_dir / "target" / "docs"


def run_docs(settings: Settings, out_dir: Path | None, year: str) -> Path:
    """Run `dbt docs generate --static` and copy the page to <out_dir>/index.html."""
    year = check_year(year)
    out_dir = (out_dir or default_docs_dir(settings)).expanduser().resolve()
    database = use_database(settings)
    if not database.is_file() and not settings.quiet:
        click.echo(
            click.style(
                f"note: no database at {database} yet, so the docs show no column types;"
                " run `ascof build` first",
                fg="yellow",
            )
        )
    if not settings.quiet:
        click.echo("Generating the docs site...")
    command = dbt_args(settings, ["docs", "generate", "--static"], dbt_vars(year))
    outcome = run_dbt(settings, command, show_progress=False)
    if not outcome.success:
        log = dbt_log_path(settings) / "dbt.log"
        raise DbtError(f"dbt docs generate failed: {outcome.reason()} (details in {log})")
    out_dir.mkdir(parents=True, exist_ok=True)
    page = (settings.target_path / STATIC_PAGE).read_text(encoding="utf-8")
    with staged_files(out_dir) as stage:
        stage("index.html").write_text(without_offline_errors(page), encoding="utf-8")
    return out_dir / "index.html"


def without_offline_errors(page: str) -> str:
    """dbt's page asks for an icon and a favicon by URL templates that fail from file://;
    point them where they resolve, so the page opens from disk with a clean console."""
    page = page.replace('xlink:href="{{ getIcon(', 'ng-attr-xlink:href="{{ getIcon(')
    return page.replace("href=\"${require('./assets/favicons/favicon.ico')}\"", 'href="data:,"')


def serve(folder: Path, port: int) -> None:
    """Serve folder on localhost until Ctrl-C."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        raise UserError(f"cannot serve on port {port} ({error.strerror}); try --port") from error
    with server:
        click.echo(f"Serving http://127.0.0.1:{server.server_port}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("Stopped.")


@click.command("docs")
@click.option(
    "--out",
    "out_dir",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for index.html (default: <project>/target/docs).",
)
@click.option("--serve", "serve_site", is_flag=True, help="Serve the site on localhost.")
@click.option("--port", default=8080, show_default=True, help="Port for --serve.")
@click.option("--year", default=DEFAULT_YEAR, show_default=True, help="Survey year.")
@pass_options
def docs_command(
    options: GlobalOptions,
    out_dir: Path | None,
    serve_site: bool,
    port: int,
    year: str,
) -> None:
    """Generate the dbt docs site as one self-contained index.html.

    Run after `ascof build` so the site shows every table's columns and types.

    \b
    Example:
      ascof docs --out site --serve
    """
    settings = options.settings()
    index = run_docs(settings, out_dir, year)
    if not settings.quiet:
        click.echo(f"Docs: {index}")
    if serve_site:
        serve(index.parent, port)
