"""Reading the project's YAML data files.

Every clinical data file (vocabularies, rules, protocols, studies) is parsed
here, with libyaml's C parser when PyYAML was built with it: the pure-Python
parser takes about six times as long, which the command line pays on every
start. Both accept exactly the same safe subset of YAML.
"""

from __future__ import annotations

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
    return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader
