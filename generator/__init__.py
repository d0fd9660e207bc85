"""Synthetic input files for every source, calibrated to the published ASCOF outcomes.

from generator import generate
generate(Path("data/synthetic"), scale=0.1)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from generator import ascs, ascwds, cld, cqc, ons, sac, sace, salt
from generator.reference import load_reference
from runner.input_contract import framework_year
from runner.privacy import SYNTHETIC_MARKER

# the years whose published outcomes the generated files are calibrated to (a year the project
# supports, runner.input_contract.supported_years, needs its own calibration to be generated)
CALIBRATED_YEARS = ("2023-24", "2024-25")

__all__ = ["ALL_SOURCES", "CALIBRATED_YEARS", "generate", "year_sources"]


ALL_SOURCES = ("ascs", "sace", "sac", "ascwds", "cqc", "ons", "salt", "cld")


def year_sources(year: str) -> tuple[str, ...]:
    """The sources a framework year has: no SACE in a year it was not run (2024-25: it is
    biennial), no SALT once Client Level Data replaced it (from 2024-25)."""
    config = framework_year(year)
    left_out = set()
    if not config.runs_survey("sace"):
        left_out.add("sace")
    if config.activity_method == "cld":
        left_out.add("salt")
    return tuple(source for source in ALL_SOURCES if source not in left_out)


def generate(
    out_dir: Path,
    scale: float = 1.0,
    seed: int = 42,
    year: str = "2023-24",
    sources: Iterable[str] | None = None,
) -> dict[str, int]:
    """Write every source's files under out_dir; return {relative path: rows written}.

    scale 1.0 is England-sized (about 60,000 ASCS and 50,000 SACE respondents, a million people
    in CLD); every council appears at any scale. `sources` limits the folders written (default:
    all). Each source draws from its own random stream, so the files depend only on the
    arguments and a source's files are the same whichever other sources are written.
    """
    if year not in CALIBRATED_YEARS:
        raise ValueError(
            f"survey year {year!r} cannot be generated; choose one of {', '.join(CALIBRATED_YEARS)}"
        )
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale}")
    chosen = set(year_sources(year) if sources is None else sources)
    unknown = chosen - set(ALL_SOURCES)
    if unknown:
        raise ValueError(
            f"unknown source {', '.join(sorted(unknown))}; choose from {', '.join(ALL_SOURCES)}"
        )
    not_that_year = chosen - set(year_sources(year))
    if not_that_year:
        raise ValueError(
            f"{', '.join(sorted(not_that_year))} not collected for {year}; "
            f"choose from {', '.join(year_sources(year))}"
        )
    out_dir = Path(out_dir)
    reference = load_reference(year)
    written: dict[str, int] = {}
    # the two surveys share one stream, in this order, as they always have
    survey_rng = np.random.default_rng(seed)
    if "ascs" in chosen or "sace" in chosen:
        ascs_files = ascs.generate(out_dir, reference, scale, survey_rng)
        if "ascs" in chosen:
            written.update(ascs_files)
        else:
            for name in ascs_files:
                (out_dir / name).unlink()
    if "sace" in chosen:
        written.update(sace.generate(out_dir, reference, scale, survey_rng))
    if "sac" in chosen:
        written.update(sac.generate(out_dir, reference, scale, np.random.default_rng([seed, 10])))
    if "ascwds" in chosen:
        written.update(
            ascwds.generate(out_dir, reference, scale, np.random.default_rng([seed, 11]))
        )
    if "cqc" in chosen:
        written.update(cqc.generate(out_dir, reference, scale, np.random.default_rng([seed, 12])))
    if chosen & {"ons", "salt", "cld"}:
        population = ons.population(reference, scale, np.random.default_rng([seed, 4]))
        if "ons" in chosen:
            written.update(ons.generate(out_dir, population, reference.year))
        if "salt" in chosen:
            salt_rng = np.random.default_rng([seed, 13])
            written.update(salt.generate(out_dir, reference, scale, salt_rng, population))
        if "cld" in chosen:
            cld_rng = np.random.default_rng([seed, 3])
            written.update(cld.generate(out_dir, reference, population, cld_rng))
    write_synthetic_marker(out_dir, scale, seed, year)
    return written


def write_synthetic_marker(out_dir: Path, scale: float, seed: int, year: str) -> None:
    """Label the folder as synthetic: the loader then accepts the demo pseudonymisation key."""
    (out_dir / SYNTHETIC_MARKER).write_text(
        "Synthetic data written by `ascof generate`: no real person is in these files.\n"
        f"year {year}, scale {scale}, seed {seed}\n"
        "Identifiers in it are pseudonymised with the demo key, never to be used for real data.\n",
        encoding="utf-8",
    )
