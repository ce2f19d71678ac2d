"""The plane emoji (and the plan's 📊 ⚡ 💰), drawn by a font the site serves itself, so the legend and the
diagrams' subgraph titles read the same on a machine with no colour-emoji font (where they would be
empty boxes). The build cuts them out of Noto Emoji (monochrome, SIL Open Font License 1.1; pinned in
package.json as @fontsource/noto-emoji) with fontTools: a few kilobytes, one small file per source subset,
each declared only for its own code points so a page loads just what it shows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

EMOJI = "🌐⚙💾🎛📊⚡💰"
FAMILY = "Atlas Emoji"
SOURCE = "@fontsource/noto-emoji"
OUT = "assets/vendor/emoji"
_FACE = re.compile(r"src: url\(\./files/([^)]+-400-normal\.woff2)\)[^;]*;\s*unicode-range: ([^;]+);")


def _ranges(text: str) -> list[tuple[int, int]]:
    out = []
    for part in text.split(","):
        a, _, b = part.strip().removeprefix("U+").partition("-")
        out.append((int(a, 16), int(b or a, 16)))
    return out


def write_emoji_font(node_modules: Path, site_dir: Path) -> list[Path]:
    """Subset files and their stylesheet under site_dir/OUT; returns the files written."""
    from fontTools import subset  # imported here: only the build needs it

    package = node_modules / SOURCE
    css = (package / "400.css").read_text(encoding="utf-8")
    target = site_dir / OUT
    target.mkdir(parents=True, exist_ok=True)
    todo = {ord(ch) for ch in EMOJI}
    faces, written = [], []
    for name, ranges in _FACE.findall(css):
        mine = sorted(cp for cp in todo if any(a <= cp <= b for a, b in _ranges(ranges)))
        if not mine:
            continue
        todo -= set(mine)
        font = subset.load_font(str(package / "files" / name), subset.Options())
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = []
        sub = subset.Subsetter(options)
        sub.populate(unicodes=mine + [0xFE0F])
        sub.subset(font)
        out = target / f"atlas-emoji-{len(faces)}.woff2"
        subset.save_font(font, str(out), options)
        written.append(out)
        cps = ",".join(f"U+{cp:X}" for cp in mine)
        faces.append(f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; font-weight: 400; '
                     f'font-display: swap; src: url("{out.name}") format("woff2"); unicode-range: {cps}; }}')
    licence = target / "OFL.txt"
    shutil.copyfile(package / "LICENSE", licence)
    sheet = target / "emoji.css"
    sheet.write_text("/* Noto Emoji subset (SIL OFL 1.1, see OFL.txt), written by atlas.site.emoji */\n"
                     + "\n".join(faces) + "\n", encoding="utf-8")
    return [*written, licence, sheet]
