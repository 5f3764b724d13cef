"""Resume keys (contract §1): work done is keyed by (file hash, prior hash, index digest, models digest,
config digest) and redone for nothing else."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

MODELS_DIRS: tuple[Path, ...] = (
    Path(__file__).resolve().parent.parent.parent / "models",  # source checkout / editable install
    Path(__file__).resolve().parent.parent / "models",  # models shipped inside the package
)
CODE_EXTENSIONS = (".py", ".txt", ".json", ".csv", ".tsv", ".yaml", ".yml", ".toml")


def sha256_file(path: str | os.PathLike[str], bufsize: int = 1 << 20) -> str:
    """SHA-256 of a file's bytes (raises OSError when unreadable)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(bufsize):
            h.update(chunk)
    return h.hexdigest()


def digest_tree(root: Path, *, extensions: tuple[str, ...] | None = None) -> str:
    """Digest of every file under ``root`` (relative path + content), in sorted order."""
    h = hashlib.sha256()
    if root.is_file():
        h.update(sha256_file(root).encode())
        return h.hexdigest()[:16]
    if not root.is_dir():
        return "none"
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__pycache__")))
        for f in filenames:
            if f.startswith(".") or (extensions and os.path.splitext(f)[1].lower() not in extensions):
                continue
            files.append(os.path.join(dirpath, f))
    for f in sorted(files):
        h.update(Path(os.path.relpath(f, root)).as_posix().encode() + b"\0")
        try:
            h.update(sha256_file(f).encode())
        except OSError:
            h.update(b"unreadable")
        h.update(b"\n")
    return h.hexdigest()[:16]


def models_digest() -> str:
    """Hash of the files under models/ (every trained artefact a rule may load)."""
    return hashlib.sha256("|".join(digest_tree(d) for d in MODELS_DIRS).encode()).hexdigest()[:16]


def index_digest(against: str | None) -> str:
    """Digest of the ``--against`` folder of reports or index file ("none" without one)."""
    if not against:
        return "none"
    return digest_tree(Path(against))


def code_version() -> str:
    """The package version plus a digest of its files: results computed by other code are redone."""
    try:
        from importlib.metadata import version

        v = version("gxreview")
    except Exception:
        v = "0+unknown"
    pkg = Path(__file__).resolve().parent.parent
    return f"{v}+{digest_tree(pkg, extensions=CODE_EXTENSIONS)}"


def combine(*parts: object) -> str:
    """A short stable key from parts (JSON-serialised, so None/ints/tuples are unambiguous)."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]
