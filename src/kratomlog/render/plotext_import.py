"""plotext, imported without the parts kratomlog never uses (the one place that imports plotext).

`import plotext` (6.x) also builds its interactive documentation browser (`plotext.doc`, about
half of the import's time), loads Pillow when it happens to be installed (image plotting) and
unittest (its self-test). kratomlog draws only text charts, so `load()` imports plotext with those
pieces left out: for the length of the import, the documentation module and the self-test module
are stand-ins (`plotext.doc` is None; `plotext.test()` imports the real self-test when called),
and the optional image/video packages are hidden, so plotext takes its own "not installed"
branch for them. Nothing stays replaced: afterwards `import PIL` or
`import plotext._doc.doc` work as usual. Another plotext layout (5.x, a later 7) never asks for
these names and simply imports in full; the charts do not depend on any of it.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any


def _self_test(*args: Any, **kwargs: Any) -> Any:
    """plotext's own `plotext.test()`, imported only when called."""
    from plotext._tests.run import test

    return test(*args, **kwargs)


# plotext module name → what plotext's package __init__ takes from it, in the stand-in.
LEFT_OUT: dict[str, dict[str, Any]] = {
    "plotext._doc.doc": {"docs": None},  # the documentation browser: `plotext.doc` is None
    "plotext._tests.run": {"test": _self_test},  # the self-test, which imports unittest
}
# Optional packages plotext imports when they are installed (image, video and YouTube support).
HIDDEN = ("PIL", "ffpyplayer", "yt_dlp")


def _stand_in(name: str) -> ModuleType:
    module = ModuleType(name, "Left out by kratomlog.render.plotext_import; import it again for the real one.")
    for attribute, value in LEFT_OUT[name].items():
        setattr(module, attribute, value)
    return module


def load() -> Any:
    """The plotext module (imported on the first call, then the one already imported)."""
    loaded = sys.modules.get("plotext")
    if loaded is not None:
        return loaded
    placed = [name for name in (*LEFT_OUT, *HIDDEN) if name not in sys.modules]
    for name in placed:
        sys.modules[name] = _stand_in(name) if name in LEFT_OUT else None  # None: ImportError
    try:
        import plotext
    finally:
        for name in placed:
            sys.modules.pop(name, None)
    return plotext
