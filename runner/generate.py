"""`ascof generate`: write a synthetic, deterministic set of input files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from runner.errors import UserError
from runner.settings import DEFAULT_YEAR, GlobalOptions, Verbosity, check_year, pass_options


def run_generate(
    out_dir: Path, scale: float, seed: int, year: str, sources: list[str] | None = None
) -> dict[str, int]:
    """Generate the input files under out_dir; returns {relative path: rows}."""
    from generator import ALL_SOURCES, generate, year_sources

    check_year(year)
    unknown = sorted(set(sources or ()) - set(ALL_SOURCES))
    if unknown:
        raise UserError(
            f"unknown source {', '.join(unknown)}; choose from {', '.join(ALL_SOURCES)}"
        )
    not_that_year = sorted(set(sources or ()) - set(year_sources(year)))
    if not_that_year:
        raise UserError(
            f"{', '.join(not_that_year)} not collected for {year}; "
            f"choose from {', '.join(year_sources(year))}"
        )
    out_dir = out_dir.expanduser().resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    return generate(out_dir, scale=scale, seed=seed, year=year, sources=sources)


def print_generated(written: dict[str, int], out_dir: Path, scale: float, seed: int) -> None:
    """One line per source folder: how many files and rows (CLD alone is ~1,600 files)."""
    files: Counter[str] = Counter()
    rows: Counter[str] = Counter()
    for name, count in written.items():
        folder = name.split("/", 1)[0]
        files[folder] += 1
        rows[folder] += count
    click.echo(f"Wrote {len(written)} files to {out_dir} (scale {scale:g}, seed {seed}):")
    for folder in sorted(files):
        label = "file" if files[folder] == 1 else "files"
        click.echo(f"  {folder + '/':<8} {files[folder]:>6,} {label:<5} {rows[folder]:>12,} rows")


@click.command("generate")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write into (created if missing).",
)
@click.option(
    "--scale",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="1.0 is England-sized; 0.1 is a tenth of the respondents.",
)
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed.")
@click.option("--year", default=DEFAULT_YEAR, show_default=True, help="Survey year.")
@click.option(
    "--sources",
    default=None,
    help="Comma-separated source folders to write (default: all), e.g. ascs,sace.",
)
@pass_options
def generate_command(
    options: GlobalOptions,
    out_dir: Path,
    scale: float,
    seed: int,
    year: str,
    sources: str | None,
) -> None:
    """Write synthetic input files (ascs/, sace/, ...) for every council.

    The same seed always gives the same files.

    \b
    Example:
      ascof generate --out data --scale 0.1 --seed 42
    """
    chosen = [name.strip() for name in sources.split(",") if name.strip()] if sources else None
    written = run_generate(out_dir, scale, seed, year, chosen)
    if options.verbosity is not Verbosity.QUIET:
        print_generated(written, out_dir.expanduser().resolve(), scale, seed)
