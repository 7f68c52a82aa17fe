"""A small sample corpus written for marsad's demo (no article text copied from any
outlet): aggregator-style pages, each with a related article, about invented but
plausible developments. ``marsad demo`` ingests it when given no inputs."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def sample_paths() -> list[Path]:
    return sorted(HERE.glob("*.txt"))
