"""Where the portal's own files are.

The theme (templates, scripts, styles and the interface words in labels.yml) installs as the
package data `generator.theme` (pyproject.toml maps it to the repository's top-level theme/),
so an installed portal finds it through the package, in any folder and from any wheel.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _theme_dir() -> Path:
    try:
        # The theme is a folder of files, not a module: its main template tells where it is (an
        # editable install maps the package to the repository's theme/, a wheel holds a copy).
        with resources.as_file(resources.files("generator.theme") / "main.html") as main:
            if main.is_file():
                return main.parent
    except ModuleNotFoundError:
        pass
    # Run from a source checkout that is not installed (PYTHONPATH=.): the theme beside the package.
    return Path(__file__).resolve().parent.parent / "theme"


THEME_DIR = _theme_dir()
LABELS_FILE = THEME_DIR / "labels.yml"
