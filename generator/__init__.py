"""Synthetic survey data (ASCS and SACE) calibrated to the published ASCOF outcomes.

from generator import generate
generate(Path("data/synthetic"), scale=0.1)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from generator import ascs, sace
from generator.reference import load_reference
from runner.privacy import SYNTHETIC_MARKER

SUPPORTED_YEARS = ("2023-24",)

__all__ = ["SUPPORTED_YEARS", "generate"]


def generate(
    out_dir: Path, scale: float = 1.0, seed: int = 42, year: str = "2023-24"
) -> dict[str, int]:
    """Write every survey source file under out_dir; return {relative path: rows written}.

    scale 1.0 gives about 60,000 ASCS and 50,000 SACE respondents; every council gets at
    least 6 respondents in each survey at any scale. The output depends only on the
    arguments: the same arguments give the same bytes.
    """
    if year not in SUPPORTED_YEARS:
        raise ValueError(
            f"survey year {year!r} is not supported; choose one of {', '.join(SUPPORTED_YEARS)}"
        )
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale}")
    out_dir = Path(out_dir)
    reference = load_reference(year)
    rng = np.random.default_rng(seed)
    written = ascs.generate(out_dir, reference, scale, rng)
    written.update(sace.generate(out_dir, reference, scale, rng))
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
