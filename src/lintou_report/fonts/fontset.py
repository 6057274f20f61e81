"""The face chosen for each role, and per-character fallback along a chain of faces (never a blank box)."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from lintou_report.errors import Problem, UserError
from lintou_report.fonts.faces import Face, bundled_face, coverage, covers_all, same_named_files
from lintou_report.fonts.roles import FALLBACK_ROLE, ROLES
from lintou_report.style import role_texts
from lintou_report.tree import Document, Role

_ALWAYS_COVERED = "\n\t "


@dataclass
class FontSet:
    """The face chosen for each role, the fallback chain behind it, and notes on faces passed over."""

    faces: dict[Role, Face]
    notes: list[str] = field(default_factory=list)
    _chains: dict[Role, tuple[Face, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _found: dict[Role, dict[str, Face | None]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def bundled(cls) -> FontSet:
        return cls({role: bundled_face(role) for role in ROLES})

    def chain(self, role: Role) -> list[Face]:
        """The role's face, then the fallback face, then every other face."""
        return list(self._chain(role))

    def _chain(self, role: Role) -> tuple[Face, ...]:
        if role not in self._chains:
            order = [self.faces[role], self.faces[FALLBACK_ROLE]] + list(self.faces.values())
            self._chains[role] = tuple(dict.fromkeys(order))
        return self._chains[role]

    def face_for(self, role: Role, char: str) -> Face | None:
        """The first face of the role's chain that has ``char``; None when no face has it.

        A face's coverage is read only when a character reaches it in a chain; each answer is kept.
        """
        found = self._found.setdefault(role, {})
        if char not in found:
            if char in _ALWAYS_COVERED:
                found[char] = self.faces[role]
            else:
                code = ord(char)
                found[char] = next((f for f in self._chain(role) if code in coverage(f.path, f.index)), None)
        return found[char]

    def segments(self, text: str, role: Role) -> list[tuple[Face, str]]:
        """Split text into runs of one face each: per-character fallback inside a line."""
        own = self.faces[role]
        if text and covers_all(own, text):
            return [(own, text)]  # the role's face has every character (one set lookup, not one a character)
        pairs = groupby(((self.face_for(role, ch) or own, ch) for ch in text), key=itemgetter(0))
        return [(face, "".join(ch for _, ch in run)) for face, run in pairs]

    def missing(self, document: Document) -> dict[str, list[tuple[str, str]]]:
        """Characters no face has → the (place, text) pairs they occur in."""
        out: dict[str, list[tuple[str, str]]] = {}
        by_role = role_texts(document)
        for role in ROLES:
            texts = by_role[role]
            everything = "".join(text for _, text in texts)
            if not everything or covers_all(self.faces[role], everything):
                continue  # the role's own face has them all (one set operation): none can be missing
            for place, text in texts:
                for ch in dict.fromkeys(text):
                    if self.face_for(role, ch) is None:
                        out.setdefault(ch, []).append((place, text))
        return out

    def check(self, document: Document, source: str = "") -> None:
        """Stop with a clear message for any character that no face has (never a blank box), and for two
        different face files under one PostScript name (a PDF can embed only one of them)."""
        same_named_files(dict.fromkeys((face.path.resolve(), face.index) for face in self.faces.values()))
        missing = self.missing(document)
        if missing:
            raise UserError(*(_missing_problem(ch, places, source) for ch, places in missing.items()))


def _missing_problem(ch: str, places: list[tuple[str, str]], source: str) -> Problem:
    place, text = places[0]
    more = f"（另有 {len(places) - 1} 处）" if len(places) > 1 else ""
    line, column = _position(source, ch)
    return Problem(
        f"字符“{ch}”（U+{ord(ch):04X}）没有任何字体能显示，出现在{place}：“{excerpt(text, ch)}”{more}",
        file=source or None,
        line=line,
        column=column,
        fix="改用常用字或同义写法，或用 --font-dir 指定含此字的字体文件夹（或在模板 template.yaml 的 fonts 中指定）",
    )


def _position(source: str, ch: str) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the first ``ch`` in the data file, when it is there."""
    try:
        text = Path(source).read_text(encoding="utf-8") if source else ""
    except (OSError, UnicodeDecodeError):
        return None, None
    if ch not in text:
        return None, None
    before = text[: text.index(ch)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def excerpt(text: str, ch: str, width: int = 12) -> str:
    i = text.index(ch)
    return ("…" if i > width else "") + text[max(0, i - width) : i + width] + ("…" if i + width < len(text) else "")
