"""Reading the project's YAML data files.

Every clinical data file (vocabularies, rules, protocols, studies) is parsed
here. Parsing YAML costs the command line most of its start-up, so the parsed
value is kept in a cache file named by the SHA-256 of the file's text: a changed
file has another name and is parsed afresh, so the cache can never serve stale
content. The cache lives in ``LDNCARE_CACHE_DIR`` (default ``~/.cache/ldncare``);
when it cannot be read or written, the file is simply parsed, with libyaml's C
parser where PyYAML has it. Both parsers accept the same safe subset of YAML.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

import yaml

try:
    _SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: slower, same result
    _SafeLoader = yaml.SafeLoader

#: What a malformed file raises, so callers catch one name.
YAMLError = yaml.YAMLError


def load_yaml(text: str) -> Any:
    """Parse ``text`` as safe YAML (no Python objects), like ``yaml.safe_load``."""
    cached = _cache_file(text)
    try:
        return pickle.loads(cached.read_bytes())  # noqa: S301 - our own file, named by its source's hash
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    value = yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader
    _store(cached, value)
    return value


def _cache_file(text: str) -> Path:
    folder = os.environ.get("LDNCARE_CACHE_DIR") or Path.home() / ".cache" / "ldncare"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Path(folder) / f"yaml-{digest}.pickle"


def _store(path: Path, value: Any) -> None:
    """Write the cache atomically (a reader never sees half a file); a cache
    that cannot be written only costs the next start its parse."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            handle.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(handle.name, path)
    except OSError:
        pass
