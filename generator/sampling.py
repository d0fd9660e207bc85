"""Vectorised building blocks shared by the survey generators.

Answer codes are assigned by quota: within a chain of respondents (a council, say) the number
of people given each code is the chain size times the code's probability, rounded so the
total is exact and each count is unbiased (systematic rounding of the fractional parts).
Sampling noise is then about one person per code and chain, so realised outcomes sit on
their expected values.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

Rng = np.random.Generator


def tilt(base: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Exponentially tilt `base` (probabilities of codes 1..K) by `t` per row.

    Positive t moves mass towards higher (worse) codes, negative towards code 1; the result
    has one row per element of t and each row sums to one.
    """
    steps = np.arange(base.size, dtype=float)
    weights = base[None, :] * np.exp(np.outer(np.asarray(t, dtype=float), steps))
    return weights / weights.sum(axis=1, keepdims=True)


def solve_increasing(
    func: Callable[[np.ndarray], np.ndarray],
    target: np.ndarray,
    low: float = -30.0,
    high: float = 30.0,
    iterations: int = 64,
) -> np.ndarray:
    """Bisect, element-wise, for t in [low, high] with func(t) = target (func increasing).

    A target outside func's range ends at the nearer bound, which clips it to what is
    achievable.
    """
    target = np.asarray(target, dtype=float)
    lo = np.full(target.shape, low)
    hi = np.full(target.shape, high)
    for _ in range(iterations):
        mid = (lo + hi) / 2
        below = func(mid) < target
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    return (lo + hi) / 2


def quota_counts(sizes: np.ndarray, probs: np.ndarray, rng: Rng) -> np.ndarray:
    """Split each group size into code counts proportional to its row of probabilities.

    Counts differ from size x probability by less than one and are unbiased: a single
    uniform offset per group places the extra units by systematic sampling of remainders.
    """
    sizes = np.asarray(sizes, dtype=float)
    cumulative = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1) * sizes[:, None]
    cumulative[:, -1] = sizes
    offset = rng.random(sizes.size)[:, None]
    points = np.maximum(np.ceil(cumulative - offset), 0.0)
    counts = np.diff(points, axis=1, prepend=0.0)
    return counts.astype(np.int64)


def quota_assign(
    chain: np.ndarray,
    block: np.ndarray,
    probs: np.ndarray,
    rng: Rng,
    rank_key: np.ndarray | None = None,
) -> np.ndarray:
    """Give each person a code 1..K so every chain and every block in it meets its quota.

    chain holds row indices into probs (shape chains x K); block orders the people within a
    chain. The chain's codes are quota counts, laid out evenly along the chain (each code's
    units at evenly spaced positions) and cut into consecutive blocks, so any run of blocks
    (for instance the people who answered every item of a score) also holds its quota to
    within a person or two. Within a block the best codes go to the lowest rank_key (random
    when None), so a shared latent key correlates the items.
    """
    n_chains, n_codes = probs.shape
    counts = quota_counts(np.bincount(chain, minlength=n_chains), probs, rng).ravel()
    unit_chain = np.repeat(np.repeat(np.arange(n_chains), n_codes), counts)
    unit_code = np.repeat(np.tile(np.arange(1, n_codes + 1), n_chains), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    offset = np.repeat(rng.random(counts.size), counts)
    position = (np.arange(unit_code.size) - first + offset) / np.repeat(counts, counts)
    laid_out = unit_code[np.lexsort((position, unit_chain))]
    key = rng.random(chain.size) if rank_key is None else rank_key
    order = np.lexsort((key, block, chain))
    sorted_in_block = laid_out[np.lexsort((laid_out, block[order], chain[order]))]
    out = np.empty(chain.size, dtype=np.int64)
    out[order] = sorted_in_block
    return out


def correlated_key(latent: np.ndarray, rng: Rng, rho: float = 0.5) -> np.ndarray:
    """A ranking key correlated `rho` with a person's latent wellbeing (lower is better)."""
    noise = rng.standard_normal(latent.size)
    return rho * latent + np.sqrt(1 - rho**2) * noise


def allocate(total: int, shares: np.ndarray) -> np.ndarray:
    """Largest-remainder split of an integer total in proportion to shares."""
    raw = total * shares / shares.sum()
    counts = np.floor(raw).astype(np.int64)
    remainder_order = np.argsort(-(raw - counts), kind="stable")
    counts[remainder_order[: total - counts.sum()]] += 1
    return counts


def blank_masks(columns: list[str], size: int, rng: Rng) -> dict[str, np.ndarray]:
    """Item non-response: each column left blank at random for 1-3% of respondents."""
    rates = rng.uniform(0.01, 0.03, len(columns))
    return {col: rng.random(size) < rate for col, rate in zip(columns, rates, strict=True)}


def as_share(percentages: pd.Series) -> np.ndarray:
    """Percentages as proportions clipped into [0, 1]."""
    return np.clip(percentages.to_numpy(dtype=float) / 100, 0.0, 1.0)


def choice(probs: np.ndarray, size: int, rng: Rng, codes: np.ndarray | None = None) -> np.ndarray:
    """Independent draws of codes (1..K unless given) with fixed probabilities."""
    values = np.arange(1, probs.size + 1) if codes is None else codes
    return rng.choice(values, size=size, p=probs / probs.sum())
