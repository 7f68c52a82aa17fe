"""Settings: ``marsad/defaults.toml`` overridden key by key by a user TOML file."""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ConfigError

DEFAULTS = Path(__file__).with_name("defaults.toml")


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


@cache
def _defaults() -> dict[str, Any]:
    with DEFAULTS.open("rb") as fh:
        return tomllib.load(fh)


def load(user_file: str | Path | None = None) -> dict[str, Any]:
    user_file = user_file or os.environ.get("MARSAD_CONFIG")
    settings = _defaults()
    if user_file:
        try:
            with Path(user_file).open("rb") as fh:
                settings = _merge(settings, tomllib.load(fh))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config {user_file}: {exc}") from exc
    return settings


def default_db() -> str:
    return os.environ.get("MARSAD_DB") or str(load()["store"]["path"])
