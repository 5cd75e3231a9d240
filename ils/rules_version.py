"""The version of the rules that compute the stored lights (issue 19 item 5).

Stored lights (`queries.write.lights`) record it; when it differs from the running code's, they are
recomputed on the next read, so a deploy that changes a rule never serves old lights. It is
`REVISION` (bump it for a change the hash cannot see, e.g. in a module not listed) and a hash
of the source of the modules the lights are computed by, read on first use (never at import).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import inspect

REVISION = 1
MODULES = ("ils.rules", "ils.rules_periods", "ils.signals", "ils.voms", "ils.model")


@functools.cache
def rules_version() -> str:
    """"1-" and 12 hex digits of the rules modules' source."""
    digest = hashlib.sha256()
    for name in MODULES:
        try:
            digest.update(inspect.getsource(importlib.import_module(name)).encode())
        except (OSError, TypeError):  # installed without sources: REVISION alone decides
            digest.update(name.encode())
    return f"{REVISION}-{digest.hexdigest()[:12]}"
