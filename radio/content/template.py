"""Script templates: small Markdown files with ${variables}, a core part and optional blocks.

The format (documented for editors in templates/README.md):

    <!-- comments are never read on air -->
    # Segment title
    Core paragraphs, always read. A blank line separates paragraphs; the lines of one
    paragraph are joined with spaces.
    ## extra: title                    an optional paragraph appended to the segment
    ## extra (needs a, b): title       offered only when variables a and b are defined
    ## qa: title                       an optional question-and-answer segment ("Hỏi:" / "Đáp:")
    ## story: title                    an optional good-example story segment

`${name}` inserts a variable; a lone `$` is just a dollar sign. Shipped templates live next to this
module; a user folder (settings.program.templates_dir) overrides them file by file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from radio.core.errors import RadioError
from radio.core.i18n import N_

SHIPPED_DIR = Path(__file__).parent / "templates"



class BlockKind(StrEnum):
    """Optional material in a template: `## extra: …`, `## qa: …`, `## story: …`."""

    EXTRA = "extra"
    QA = "qa"
    STORY = "story"


_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_BLOCK_RE = re.compile(
    r"^##\s+(?P<kind>[a-z]+)\s*(?:\(\s*needs\s+(?P<needs>[^)]*)\))?\s*:\s*(?P<title>.*?)\s*$")
_VAR_RE = re.compile(r"\$\{([^}]*)\}")
VARIABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")  # also the names of a month's [figures]

Line = tuple[int, str]  # (line number in the file, text)


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    title: str
    needs: tuple[str, ...]    # variables that must be defined for the block to be offered
    line: int                 # line of the "## …" heading
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Template:
    path: Path
    title: Line
    core: tuple[Line, ...]
    blocks: tuple[Block, ...]

    def offered(self, variables: Mapping[str, str]) -> tuple[Block, ...]:
        """The optional blocks whose declared needs are met by these variables."""
        return tuple(b for b in self.blocks if all(name in variables for name in b.needs))

    def render_title(self, variables: Mapping[str, str]) -> str:
        return _substitute(self.title[1], variables, self.path, self.title[0])

    def render(self, lines: tuple[Line, ...], variables: Mapping[str, str]) -> str:
        """Paragraphs of `lines` (the core or a block) with variables filled in."""
        paragraphs: list[list[str]] = [[]]
        for number, text in lines:
            if not text.strip():
                if paragraphs[-1]:
                    paragraphs.append([])
                continue
            paragraphs[-1].append(_substitute(text.strip(), variables, self.path, number))
        joined = (" ".join(p).strip() for p in paragraphs)
        return "\n\n".join(p for p in joined if p)  # a paragraph of an empty variable is none


def template_path(name: str, user_dir: Path | None) -> Path:
    """The user's file when it exists, else the shipped one."""
    if user_dir is not None and (user_dir / name).is_file():
        return user_dir / name
    path = SHIPPED_DIR / name
    if not path.is_file():
        raise RadioError(N_("template {name} not found in {folder} nor in {shipped}"), name=name,
                         folder=str(user_dir), shipped=str(SHIPPED_DIR)) if user_dir else \
            RadioError(N_("template {name} not found in {folder}"), name=name, folder=str(SHIPPED_DIR))
    return path


def load_template(name: str, user_dir: Path | None = None) -> Template:
    path = template_path(name, user_dir)
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _parsed(path: Path, _mtime_ns: int, _size: int) -> Template:
    """A year's compile reads each template up to twelve times: parse it once per version."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RadioError(N_("{file}: not UTF-8 text; save it as UTF-8"), file=str(path)) from None
    return parse_template(text, path)


def parse_template(text: str, path: Path) -> Template:
    # Comments become blank lines so that line numbers in errors stay those of the file.
    text = _COMMENT_RE.sub(lambda m: "\n" * m.group().count("\n"), text.replace("\r\n", "\n"))
    if "<!--" in text:
        where = text[:text.index("<!--")].count("\n") + 1
        raise RadioError(N_("{file}:{line}: comment '<!--' is never closed with '-->'"), file=str(path),
                         line=where)
    numbered = list(enumerate(text.split("\n"), start=1))
    body = [(n, t) for n, t in numbered if t.strip()]
    if not body or not body[0][1].startswith("# "):
        first = body[0][0] if body else 1
        raise RadioError(N_("{file}:{line}: a template starts with its title line '# Title'"), file=str(path),
                         line=first)
    title = (body[0][0], body[0][1][2:].strip())
    start = body[0][0]  # lines after the title line
    core: list[Line] = []
    blocks: list[Block] = []
    heading: tuple[int, re.Match[str]] | None = None
    current: list[Line] = core
    for number, line in numbered[start:]:
        if line.startswith("#"):
            match = _BLOCK_RE.match(line)
            if not line.startswith("## ") or not match or match["kind"] not in tuple(BlockKind):
                raise RadioError(
                    N_("{file}:{line}: {heading!r} is not a block heading; use '## extra: title', "
                       "'## extra (needs name, …): title', '## qa: title' or '## story: title'"),
                    file=str(path), line=number, heading=line.strip())
            if heading is not None:
                blocks.append(_block(heading, current, path))
            heading, current = (number, match), []
            continue
        current.append((number, line))
    if heading is not None:
        blocks.append(_block(heading, current, path))
    return Template(path, title, tuple(core), tuple(blocks))


def _block(heading: tuple[int, re.Match[str]], lines: list[Line], path: Path) -> Block:
    number, match = heading
    needs = tuple(n.strip() for n in (match["needs"] or "").split(",") if n.strip())
    for name in needs:
        if not VARIABLE_NAME.match(name):
            raise RadioError(N_("{file}:{line}: {name!r} is not a variable name (lower-case letters, digits "
                                "and _)"), file=str(path), line=number, name=name)
    if not any(t.strip() for _, t in lines):
        raise RadioError(N_("{file}:{line}: block '{title}' has no text"), file=str(path), line=number,
                         title=match["title"])
    if match["kind"] == BlockKind.QA:
        starts = {t.strip()[:4] for _, t in lines}
        if "Hỏi:" not in starts or "Đáp:" not in starts:
            raise RadioError(N_("{file}:{line}: a qa block needs a line starting 'Hỏi:' and a line starting "
                                "'Đáp:'"), file=str(path), line=number)
    return Block(BlockKind(match["kind"]), match["title"], needs, number, tuple(lines))


def _substitute(text: str, variables: Mapping[str, str], path: Path, line: int) -> str:
    def value(match: re.Match[str]) -> str:
        name = match[1].strip()
        if not VARIABLE_NAME.match(name):
            raise RadioError(N_("{file}:{line}: ${{{name}}} is not a variable name (lower-case letters, digits "
                                "and _)"), file=str(path), line=line, name=match[1])
        if name not in variables:
            raise RadioError(
                N_("{file}:{line}: variable ${{{name}}} is not defined; define it under [figures] in "
                   "the month's episode.toml or fix the template (defined: {defined})"),
                file=str(path), line=line, name=name, defined=", ".join(sorted(variables)))
        return variables[name]

    filled = _VAR_RE.sub(value, text)
    if "${" in _VAR_RE.sub("", text):
        raise RadioError(N_("{file}:{line}: '{opening}' without a closing '{closing}'"), file=str(path),
                         line=line, opening="${", closing="}")
    return filled
