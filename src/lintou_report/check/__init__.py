"""`lintou-report check`: measure any PDF, OFD or DOCX against GB/T 9704-2012, rule by rule, with clause numbers.

A PDF or OFD is measured as laid out; a DOCX by its XML and by the PDF LibreOffice lays it out as.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lintou_report.check import kinds
from lintou_report.check.rules import ProfileName, RuleResult
from lintou_report.errors import UserError

PROFILES = kinds.PROFILES


@dataclass
class CheckReport:
    file: Path
    kind: str  # "pdf", "ofd" or "docx"
    profile: ProfileName
    profile_guessed: bool
    groups: list[tuple[str, list[RuleResult]]]  # heading → rules

    @property
    def results(self) -> list[RuleResult]:
        return [r for _, rules in self.groups for r in rules]

    @property
    def passed(self) -> bool:
        return not any(r.status == "fail" for r in self.results)


def check(path: Path, profile: ProfileName | None = None) -> CheckReport:
    """Measure ``path`` (.pdf, .ofd or .docx); ``profile`` None guesses it from page 1."""
    from lintou_report.check.docx_rules import changed_settings_rule, docx_rules
    from lintou_report.check.elements import element_rules
    from lintou_report.check.measure_docx import read_docx, render_docx, temporary_dir
    from lintou_report.check.measure_ofd import read_ofd
    from lintou_report.check.measure_pdf import read_pdf
    from lintou_report.check.pdf_rules import font_embedding_rule, guess_profile, pdf_rules
    from lintou_report.check.screen import screen_pdf

    path = Path(path)
    if path.is_dir():
        raise UserError.simple("要检查的是一个文件夹，不是文件", file=str(path), fix="给出 .pdf 或 .docx 文件的路径")
    if not path.is_file():
        raise UserError.simple("找不到要检查的文件", file=str(path), fix="检查文件路径是否正确")
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("pdf", "ofd", "docx"):
        raise UserError.simple(
            f"只能检查 PDF、OFD 或 DOCX 文件，不能检查“{path.suffix or '无扩展名'}”文件",
            file=str(path),
            fix="给出 .pdf、.ofd 或 .docx 文件（.doc 请先另存为 .docx）",
        )
    groups: list[tuple[str, list[RuleResult]]] = []
    if kind == "pdf":
        screen_pdf(path)
        layout = _read(read_pdf, path)
        groups.append(("PDF 字体", [font_embedding_rule(layout, "PDF")]))
        label = "版面（PDF）"
    elif kind == "ofd":
        layout = read_ofd(path)  # refuses a damaged package itself, with an OFD message
        groups.append(("OFD 字体", [font_embedding_rule(layout, "OFD")]))
        label = "版面（OFD）"
    else:
        facts = read_docx(path)
        groups.append(("DOCX 文档设置（XML）", docx_rules(facts)))
        with temporary_dir() as tmp:
            rendered = render_docx(path, Path(tmp))
            screen_pdf(rendered)
            layout = _read(read_pdf, rendered)
        label = "版面（LibreOffice 排版后测量）"
    chosen = profile or guess_profile(layout)
    groups.insert(0, (label, pdf_rules(layout, chosen, compressing=kind != "docx")))
    elements = element_rules(layout)
    if elements:  # 份号, 密级, 紧急程度, 签发人, 附注, 信函格式: only for a file that has them
        groups.append(("版头要素、附注与信函格式", elements))
    if kind == "docx":
        failed = any(r.status == "fail" for _, rules in groups for r in rules)
        groups.append(("DOCX 另存或编辑后的改变", [changed_settings_rule(facts.changed, failed)]))
    return CheckReport(path, kind, chosen, profile is None, groups)


def _read(reader, path: Path):
    try:
        return reader(path)
    except UserError:
        raise
    except Exception as exc:  # pdfminer and pypdf raise many kinds on damaged files
        raise UserError.simple(
            f"无法读取 PDF：{type(exc).__name__}: {exc}", file=str(path), fix="确认文件是完整的 PDF"
        ) from exc
