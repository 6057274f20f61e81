"""Choose the face for each role: template setting, then --font-dir, then installed official faces, then bundled."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lintou_report import memo
from lintou_report.errors import Problem, UserError
from lintou_report.fonts import sfnt
from lintou_report.fonts.discovery import FaceIndex, index_of, system_font_dirs
from lintou_report.fonts.faces import Face, Source, bundled_face, face_from_info, unusable_reason
from lintou_report.fonts.fontset import FontSet
from lintou_report.fonts.roles import ROLES
from lintou_report.tree import Role

if TYPE_CHECKING:
    from lintou_report.source.templating import TemplateSet


def resolve(
    named: Mapping[Role, str] | None = None,
    font_dirs: Sequence[Path] = (),
    system_dirs: Sequence[Path] | None = None,
    named_base: Path | None = None,
) -> FontSet:
    """The FontSet for this machine: for each role the first usable face in the documented order.

    ``named`` maps roles to a face name or a font file (relative to ``named_base``) from a template's settings;
    ``font_dirs`` are the user's folders; ``system_dirs`` defaults to the usual system font folders.
    """
    for folder in font_dirs:
        _require_folder(folder)
    user = index_of(font_dirs)
    system = index_of(system_font_dirs() if system_dirs is None else system_dirs)
    faces: dict[Role, Face] = {}
    notes: list[str] = []
    for role, info in ROLES.items():
        face = None
        if named and role in named:
            face = _named_face(named[role], named_base, user, system, notes, info.label)
        face = face or _by_names(info.aliases, user, "font-dir", notes, info.label)
        face = face or _by_names(info.aliases, system, "installed", notes, info.label)
        faces[role] = face or bundled_face(role)
    if font_dirs and not any(f.source == "font-dir" for f in faces.values()):
        names = "、".join(info.aliases[0] for info in ROLES.values())
        notes.append(f"--font-dir 中没有按名称对应任何角色的可用字体（按字体名称匹配：{names} 等）")
    return FontSet(faces, notes)


def _require_folder(folder: Path) -> None:
    if not folder.exists():
        raise UserError.simple(
            "找不到字体文件夹", file=str(folder), fix="检查 --font-dir 后的路径；它应是存放 .ttf/.ttc 字体文件的文件夹"
        )


def _usable(info: sfnt.FaceInfo, notes: list[str], label: str) -> bool:
    reason = unusable_reason(info)
    if reason:
        note = f"{label}：跳过 {info.family}（{info.path}）：{reason}"
        if note not in notes:
            notes.append(note)
    return reason is None


def _by_names(names: Sequence[str], index: FaceIndex, source: Source, notes: list[str], label: str) -> Face | None:
    for name in names:
        for info in index.find(name):
            if _usable(info, notes, label):
                return face_from_info(info, source, official=name)
    return None


def _named_face(
    value: str, base: Path | None, user: FaceIndex, system: FaceIndex, notes: list[str], label: str
) -> Face | None:
    """A face named in a template's settings: a font file, or a face name looked up in the user and system folders."""
    path = (base / value) if base else Path(value)
    if path.suffix.lower() in sfnt.FONT_SUFFIXES:
        infos = sfnt.read_faces(path) if path.is_file() else []
        if not infos:
            notes.append(f"{label}：模板指定的字体文件 {path} 不存在或不是字体文件，改用下一来源")
        usable = [i for i in infos if _usable(i, notes, label)]
        return face_from_info(usable[0], "template") if usable else None
    for index in (user, system):
        for info in index.find(value):
            if _usable(info, notes, label):
                return face_from_info(info, "template", official=value)
    notes.append(f"{label}：模板指定的字体“{value}”在本机和 --font-dir 中都没有找到，改用下一来源")
    return None


def template_fonts(tset: TemplateSet) -> dict[Role, str]:
    """The faces a template set names under ``fonts:`` in its template.yaml: role → face name or font file."""
    path, fonts = tset.manifest, tset.fonts
    if fonts is None:
        return {}
    example = "fonts:\n      body: 仿宋_GB2312\n      kai: fonts/simkai.ttf"
    if not isinstance(fonts, dict):
        raise UserError(Problem("fonts 应是“角色: 字体”的对应表", file=str(path), field="fonts", fix=example))
    problems = [
        Problem(
            f"未知的字体角色 {key}" if key not in ROLES else "值应是字体名称或字体文件路径（文字）",
            file=str(path),
            field=f"fonts.{key}",
            fix=f"角色只能是 {', '.join(ROLES)}；例如\n    {example}",
        )
        for key, value in fonts.items()
        if key not in ROLES or not isinstance(value, str) or not value.strip()
    ]
    if problems:
        raise UserError(*problems)
    named = {key: value.strip() for key, value in fonts.items()}
    outside = [
        Problem(
            "模板指定的字体文件必须在模板文件夹之内（不能是绝对路径、含 .. 或指向文件夹之外的链接）",
            file=str(path),
            field=f"fonts.{key}",
            fix="把字体文件放进模板文件夹（如 fonts/simkai.ttf）并写相对路径，或改写字体名称",
        )
        for key, value in named.items()
        if not _inside(tset.folder, value)
    ]
    if outside:
        raise UserError(*outside)
    return named


def _inside(folder: Path, value: str) -> bool:
    """A face name, or a font file that stays inside ``folder`` once links are resolved."""
    path = Path(value)
    if path.suffix.lower() not in sfnt.FONT_SUFFIXES:
        return True
    return not path.is_absolute() and (folder / path).resolve().is_relative_to(folder.resolve())


def fonts_for(tset: TemplateSet, font_dirs: Sequence[Path] = ()) -> FontSet:
    """The FontSet for documents of this template set: its fonts settings, the user's folders, this machine.

    Kept for what it depends on (a few sets' worth): the settings, the folders, and the size and time of the
    font files the settings name (the folders' faces are indexed once a process, discovery.index_of).
    Reports of one process then share the faces found for each character (FontSet.face_for).
    """
    named = template_fonts(tset)
    for folder in font_dirs:
        _require_folder(folder)
    files = tuple(_file_state(tset.folder / value) for value in named.values())
    return _fonts_for(tuple(named.items()), tuple(font_dirs), tset.folder, tuple(system_font_dirs()), files)


@memo.pure(8)
def _fonts_for(
    named: tuple[tuple[Role, str], ...],
    font_dirs: tuple[Path, ...],
    base: Path,
    system_dirs: tuple[Path, ...],
    files: tuple[tuple[int, int] | None, ...],  # the named files' state: only part of the key
) -> FontSet:
    return resolve(dict(named), font_dirs, system_dirs, named_base=base)


def _file_state(path: Path) -> tuple[int, int] | None:
    """Size and modification time of a font file named in settings; None for a face name or a missing file."""
    if path.suffix.lower() not in sfnt.FONT_SUFFIXES:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns
