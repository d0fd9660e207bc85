"""`ascof generate`: write a synthetic, deterministic set of input files."""

from __future__ import annotations

from pathlib import Path

import click

from runner.settings import DEFAULT_YEAR, GlobalOptions, Verbosity, check_year, pass_options


def run_generate(out_dir: Path, scale: float, seed: int, year: str) -> dict[str, int]:
    """Generate the input files under out_dir; returns {relative path: rows}."""
    from generator import generate

    check_year(year)
    out_dir = out_dir.expanduser().resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    return generate(out_dir, scale=scale, seed=seed, year=year)


def print_generated(written: dict[str, int], out_dir: Path, scale: float, seed: int) -> None:
    click.echo(f"Wrote {len(written)} files to {out_dir} (scale {scale:g}, seed {seed}):")
    width = max((len(name) for name in written), default=0)
    for name, rows in sorted(written.items()):
        click.echo(f"  {name:<{width}}  {rows:>10,} rows")


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
@pass_options
def generate_command(
    options: GlobalOptions, out_dir: Path, scale: float, seed: int, year: str
) -> None:
    """Write synthetic input files (ascs/, sace/, ...) for every council.

    The same seed always gives the same files.

    \b
    Example:
      ascof generate --out data --scale 0.1 --seed 42
    """
    written = run_generate(out_dir, scale, seed, year)
    if options.verbosity is not Verbosity.QUIET:
        print_generated(written, out_dir.expanduser().resolve(), scale, seed)
