"""`ascof demo`: generate, build, export and document in one go (what `make demo` runs)."""

from __future__ import annotations

import shutil

import click

from runner.build import check_inputs, run_build
from runner.docs import run_docs
from runner.export import FORMATS, print_written, run_export
from runner.generate import print_generated, run_generate
from runner.report import run_report
from runner.settings import DEFAULT_YEAR, GlobalOptions, Settings, pass_options


def _step(settings: Settings, text: str) -> None:
    if not settings.quiet:
        click.echo(click.style(f"== {text}", bold=True))


def run_demo(settings: Settings, scale: float, seed: int) -> int:
    """Each step's outputs go under <project>/target; stops at the first failing step."""
    target = settings.project_dir / "target"
    data_dir = target / "demo_data"
    exports_dir = target / "exports"

    _step(settings, f"1/5 generate synthetic data (scale {scale:g}, seed {seed})")
    # Regenerate from scratch so files from an earlier, larger demo do not linger.
    shutil.rmtree(data_dir, ignore_errors=True)
    generated = run_generate(data_dir, scale, seed, DEFAULT_YEAR)
    if not settings.quiet:
        print_generated(generated, data_dir, scale, seed)

    _step(settings, "2/5 build")
    exit_code = run_build(settings, check_inputs(data_dir, None), DEFAULT_YEAR)
    if exit_code:
        return exit_code

    _step(settings, "3/5 export")
    written = run_export(settings, exports_dir, list(FORMATS), DEFAULT_YEAR)
    if not settings.quiet:
        print_written(written, exports_dir)

    _step(settings, "4/5 docs")
    index = run_docs(settings, None, DEFAULT_YEAR)

    _step(settings, "5/5 report")
    report = run_report(settings, None, target / "report" / "index.html", DEFAULT_YEAR)

    if not settings.quiet:
        click.echo(click.style("Demo outputs:", bold=True))
        click.echo(f"  input data: {data_dir}")
        click.echo(f"  database:   {settings.database_path}")
        click.echo(f"  exports:    {exports_dir}")
        click.echo(f"  docs:       {index}")
        click.echo(f"  report:     {report.path}")
    return 0


@click.command("demo")
@click.option(
    "--scale",
    type=click.FloatRange(min=0, min_open=True),
    default=0.1,
    show_default=True,
    help="Size of the synthetic data; 1.0 is England-sized.",
)
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed.")
@pass_options
def demo_command(options: GlobalOptions, scale: float, seed: int) -> None:
    """Generate synthetic data, build, export and make the docs site.

    Everything is written under <project>/target: demo_data/, ascof.duckdb,
    exports/, docs/index.html and report/index.html.

    \b
    Example:
      ascof demo --scale 0.1 --seed 42
    """
    settings = options.settings()
    click.get_current_context().exit(run_demo(settings, scale, seed))
