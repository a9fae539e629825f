"""Regenerate docs/img/seed-post.png, the README's screenshot of the seed post.

    python tools/screenshot.py [--output docs/img/seed-post.png] [--width 1280] [--height 1600]

Builds example_site/ (with this checkout's pelican_fast) into a temporary folder, serves it
from 127.0.0.1 under the same Content-Security-Policy as the browser tests, and saves the
top of the seed post (laureate cards and call banner) as seen by headless Chromium whose
clock is set to the example's build instant, so the banner of the open call shows.
Needs Debian's chromium and chromium-driver, and selenium (the `test` extra).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's pelican_fast and tests.browser come first

from tests.browser import (  # noqa: E402
    EXAMPLE_SETTINGS,
    MISSING_CHROMIUM,
    build_example_site,
    chromium,
    chromium_available,
    instant_ms,
    serve,
)

SEED = "/general/2019/12/03/le-fast-2e-edition-a-ses-laureats/"
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:"
WAIT_FOR_FONTS = "var done = arguments[0]; document.fonts.ready.then(function () { done(); });"


def build_instant_ms() -> int:
    """The example's PELICAN_FAST["now"]: the page's clock, so its open call stays open."""
    from pelican.settings import read_settings

    now = str(read_settings(str(EXAMPLE_SETTINGS))["PELICAN_FAST"]["now"])
    return instant_ms(now)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "img" / "seed-post.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1600)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 keeps CSS pixels")
    args = parser.parse_args(argv)
    if not chromium_available():
        print(MISSING_CHROMIUM, file=sys.stderr)
        return 2
    import pelican_fast

    print(f"pelican_fast from {Path(pelican_fast.__file__).parent}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="pf-screenshot-") as folder:
        output = build_example_site(Path(folder))
        with serve(output, CSP) as base, chromium(args.width, args.height) as browser:
            browser.open(base + SEED, build_instant_ms())
            browser.driver.execute_async_script(WAIT_FOR_FONTS)
            cards, banners = browser.count(".pf-laureate"), browser.count(".pf-call-banner")
            if cards != 4 or banners != 1:
                print(
                    f"expected 4 cards and 1 banner, found {cards} and {banners}", file=sys.stderr
                )
                return 1
            data = browser.screenshot(args.output, args.width, args.height, args.scale)
    print(f"{args.output}: {len(data) // 1024} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
