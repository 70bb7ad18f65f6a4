"""Where the shared evaluation kit is: $ANNALS_EVAL, else ../shared/eval beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path


def eval_dir() -> Path:
    env = os.environ.get("ANNALS_EVAL")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "eval"


EVAL_DIR = eval_dir()
