"""The small XML vocabulary templates write, parsed into the document tree.

    <document title="…" author="…" subject="…" keywords="a,b" date="2023-11-09" draft="no">
      <briefing-masthead name="…" issue="第11期" office="…" date="2023年11月9日"/>
      <official-masthead organ-mark="…" doc-number="…" star="yes" signer="…"
          copy-number="000001" secrecy="秘密" secrecy-period="1年" urgency="特急">
        <organ>…</organ><organ>…</organ>  (联合行文: the names stacked, suffix="文件" right of them)
        <signer>…</signer><signer>…</signer>  (several 签发人)
      </official-masthead>
      <letterhead organ="…" doc-number="…" copy-number="…" secrecy="…" secrecy-period="…" urgency="…"/>  信函格式
      <order-masthead mark="…令" number="第1号"/>  命令（令）格式
      <note>联系人：…</note>  附注, written without its （）
      <title>…<br/>…</title>
      <h1>…</h1> … <h4>…</h4>
      <p indent="no" align="center">text <kai>…</kai> <hei>…</hei> <b>…</b></p>
      <p><lead level="2">（一）筑牢红色堡垒。</lead>text</p>      a run-in heading
      <table caption="…" kind="metrics"><col header="指标" align="left" width="6"/><row><c>…</c></row></table>
      <signature signer="…" date="…" seal="organ|none|signature" seal-image="seal.png"/>
      <signature date="…" seal="organ"><signer seal-image="a.png">…</signer><signer>…</signer></signature>  联合行文
      <attachments-note><item>…</item><item>…</item></attachments-note>
      <attachment number="1" title="…"> <p>…</p> <h1>…</h1> <table>…</table> … </attachment>
      <attachment number="2" title="…" doc-number="…"> … </attachment>  not bound with the 正文: after the 版记
      <minutes-masthead name="…纪要" number="第5期" organ="…" date="2023年11月9日"/>
      <attendance label="出席">张三、李四</attendance>
      <colophon duplex="yes"><group><line label="抄送：" right="…">…</line></group></colophon>
      <pagebreak/>
    </document>

Line breaks and the indentation around them are not text: a template may wrap its lines freely.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.parsers.expat import errors as expat_errors

from lintou_report import tree
from lintou_report.errors import Problem, UserError
from lintou_report.source import limits, seal
from lintou_report.spec import gbt9704

_INLINE_ROLES = {"kai": "kai", "hei": "hei", "song": "song", "b": "body"}
_WRAP = re.compile(r"[ \t]*\n\s*")


def _clean(text: str | None) -> str:
    return _WRAP.sub("", text or "")


class MarkupError(Exception):
    pass


# The XML parser's messages a template's markup can cause, in Chinese (by expat's message, as its codes are).
_XML_ERRORS = {
    "syntax error": "语法错误",
    "no element found": "内容不完整（标签未闭合，或模板没有输出）",
    "not well-formed (invalid token)": "有不合法的字符或写法（如手写的 < 或 &）",
    "unclosed token": "有未写完的标签",
    "partial character": "有不完整的字符",
    "mismatched tag": "结束标签与开始标签不匹配",
    "duplicate attribute": "同一个属性写了两次",
    "junk after document element": "</document> 之后还有内容",
    "undefined entity": "有未定义的实体（& 后的名字）",
    "reference to invalid character number": "有不合法的字符引用（&#…;）",
    "unclosed CDATA section": "CDATA 段未闭合",
    "XML or text declaration not at start of entity": "XML 声明不在开头",
    "limit on input amplification factor (from DTD and entities) breached": "实体展开过大（实体层层引用实体）",
}


def _xml_error(exc: ET.ParseError) -> str:
    english = expat_errors.messages.get(exc.code, "")
    return _XML_ERRORS.get(english, f"格式错误（{english or exc}）")


def _runs(el: ET.Element, role: str = "body", bold: bool = False, skip_lead: bool = False) -> list[tree.Run]:
    runs = [tree.Run(_clean(el.text), role, bold)] if _clean(el.text) else []
    for child in el:
        if skip_lead and child.tag == "lead":
            pass
        elif child.tag in _INLINE_ROLES:
            runs += _runs(child, _INLINE_ROLES[child.tag], bold or child.tag == "b")
        else:
            raise MarkupError(f"<{el.tag}> 中不能有 <{child.tag}>")
        if _clean(child.tail):
            runs.append(tree.Run(_clean(child.tail), role, bold))
    return _merge(runs)


def _merge(runs: list[tree.Run]) -> list[tree.Run]:
    out: list[tree.Run] = []
    for r in runs:
        if out and (out[-1].role, out[-1].bold) == (r.role, r.bold):
            out[-1] = tree.Run(out[-1].text + r.text, r.role, r.bold)
        else:
            out.append(r)
    return out


def _attr(el: ET.Element, name: str, default: str | None = None) -> str:
    value = el.get(name, default)
    if value is None:
        raise MarkupError(f"<{el.tag}> 缺少属性 {name}")
    return value


def _flag(el: ET.Element, name: str, default: bool) -> bool:
    value = el.get(name)
    return default if value is None else value in ("yes", "true", "1")


def _paragraph(el: ET.Element) -> tree.Paragraph | tree.Heading:
    lead = el.find("lead")
    if lead is not None:
        if len(el) and el[0] is not lead or _clean(el.text):
            raise MarkupError("<lead> 必须在 <p> 的开头")
        level = int(_attr(lead, "level", "2"))
        body = _runs(el, skip_lead=True)
        if not body:
            raise MarkupError("带 <lead> 的段落缺少正文")
        return tree.Heading(level, "".join(r.text for r in _runs(lead)), tuple(body))
    align = el.get("align", "justify")
    if align not in ("left", "center", "right", "justify"):
        raise MarkupError(f"align 只能是 left、center、right、justify，而不是 {align}")
    return tree.Paragraph(tuple(_runs(el)), indent=_flag(el, "indent", True), align=align)


# Where the data itself breaks a title: ｜ (full-width vertical bar) in meta.title, as a <br/> in a template.
TITLE_BREAK = "｜"


def _title(el: ET.Element) -> tree.Title:
    lines, current = [], _clean(el.text)
    for child in el:
        if child.tag != "br":
            raise MarkupError(f"<title> 中只能有 <br/>，而不是 <{child.tag}>")
        lines.append(current)
        current = _clean(child.tail)
    lines.append(current)
    lines = [part.strip() for line in lines for part in line.split(TITLE_BREAK)]
    text = "".join(lines)
    return tree.Title(text, tuple(lines) if len(lines) > 1 else ())


def _table(el: ET.Element) -> tree.Table:
    columns = tuple(
        tree.Column(_attr(c, "header"), c.get("align", "left"), float(c.get("width", "1"))) for c in el.findall("col")
    )
    rows = tuple(tuple(_clean("".join(c.itertext())) for c in row.findall("c")) for row in el.findall("row"))
    for i, row in enumerate(rows, 1):
        if len(row) != len(columns):
            raise MarkupError(f"表格第 {i} 行有 {len(row)} 格，而表头有 {len(columns)} 列")
    kind = el.get("kind", "")
    if kind not in ("", "metrics"):
        raise MarkupError(f"<table> 的 kind 只能是 metrics 或不写，而不是 {kind}")
    return tree.Table(_attr(el, "caption"), columns, rows, metrics=kind == "metrics")


def _colophon(el: ET.Element) -> tree.Colophon:
    groups = tuple(
        tuple(tree.ColophonLine(line.get("label", ""), _clean(line.text), line.get("right", "")) for line in g)
        for g in el.findall("group")
    )
    duplex = None if el.get("duplex") is None else _flag(el, "duplex", True)
    return tree.Colophon(tuple(g for g in groups if g), duplex=duplex)


def _text_only(el: ET.Element) -> str:
    if len(el):
        raise MarkupError(f"<{el.tag}> 中只能有文字，而不是 <{el[0].tag}>")
    text = _clean(el.text).strip()
    if not text:
        raise MarkupError(f"<{el.tag}> 不能为空")
    return text


def _head_marks(el: ET.Element) -> tree.HeadMarks:
    """份号, 密级 (+ 保密期限), 紧急程度 of a 版头 (7.2.1–7.2.3)."""
    copy_number = el.get("copy-number", "").strip()
    if copy_number and not copy_number.isdecimal():
        raise MarkupError(f"份号（copy-number）只能是阿拉伯数字，而不是 {copy_number}")
    secrecy, period = el.get("secrecy", "").strip(), el.get("secrecy-period", "").strip()
    if period and not secrecy:
        raise MarkupError("写了保密期限（secrecy-period）却没有密级（secrecy）")
    return tree.HeadMarks(copy_number, secrecy, period, el.get("urgency", "").strip())


def _official_masthead(el: ET.Element) -> tree.OfficialMasthead:
    organs: list[str] = []
    signers: list[str] = []
    for child in el:
        match child.tag:
            case "organ":
                organs.append(_text_only(child))
            case "signer":
                signers.append(_text_only(child))
            case _:
                raise MarkupError(f"<official-masthead> 中只能有 <organ> 和 <signer>，而不是 <{child.tag}>")
    suffix = el.get("suffix", "").strip()
    if suffix and not organs:
        raise MarkupError("suffix 只用于联合行文：请同时写出各发文机关 <organ>")
    mark = "".join(organs) + suffix if organs else _attr(el, "organ-mark")
    signer = el.get("signer") or None
    if signers and signer and signers[0] != signer:
        signers.insert(0, signer)
    return tree.OfficialMasthead(
        mark,
        _attr(el, "doc-number"),
        _flag(el, "star", True),
        signers[0] if signers else signer,
        _head_marks(el),
        tuple(organs),
        suffix,
        tuple(signers) if len(signers) > 1 else (),
    )


_SEALS = ("organ", "none", "signature")


def _signature(el: ET.Element, base: Path | None, source: str) -> tree.Signature:
    """One organ's <signature signer="…" seal-image="…"/>, or several organs' (联合行文) as <signer> children,
    the 主办机关's first, each with its own seal-image."""
    mode = el.get("seal")
    if mode is not None and mode not in _SEALS:
        raise MarkupError(
            f"<signature> 的 seal 只能是 organ（加盖印章）、none（不加盖印章）或 signature（签名章），而不是 {mode}"
        )
    signers = [_signer(child, mode, base, source) for child in el] if len(el) else [_signer(el, mode, base, source)]
    if len(el) and (el.get("signer") is not None or el.get("seal-image") is not None):
        raise MarkupError("<signature> 有 <signer> 时，署名和印章图片写在各 <signer> 中，不写 signer、seal-image")
    if len(signers) > limits.MAX_CO_ISSUERS + 1:
        raise MarkupError(f"<signature> 中的 <signer> 超过 {limits.MAX_CO_ISSUERS + 1} 个")
    first, *others = signers
    return tree.Signature(first.name, _attr(el, "date"), mode, first.seal_image, tuple(others))  # type: ignore[arg-type]


def _signer(el: ET.Element, mode: str | None, base: Path | None, source: str) -> tree.Signer:
    """A 署名 with its seal picture: the <signature> element's own attributes, or a <signer> child's."""
    if el.tag == "signature":
        name = _attr(el, "signer")
    elif el.tag == "signer":
        name = _text_only(el)
    else:
        raise MarkupError(f"<signature> 中只能有 <signer>，而不是 <{el.tag}>")
    image = el.get("seal-image")
    if image is not None and mode in (None, "none"):
        owner = "" if el.tag == "signature" else "<signature> 的 "
        raise MarkupError(f"<{el.tag}> 有 seal-image 时 {owner}seal 应为 organ 或 signature")
    return tree.Signer(name, seal.load(image, base, source) if image is not None else None)


def _attachments_note(el: ET.Element) -> tree.AttachmentsNote:
    items = tuple(_clean("".join(item.itertext())) for item in el)
    if any(item.tag != "item" for item in el) or not items or not all(items):
        raise MarkupError("<attachments-note> 中只能有非空的 <item>，至少一个")
    return tree.AttachmentsNote(items)


def _order_masthead(el: ET.Element) -> tree.OrderMasthead:
    mark = _attr(el, "mark").strip()
    if not mark.endswith(gbt9704.ORDER_WORDS) or mark in gbt9704.ORDER_WORDS:
        raise MarkupError(f"<order-masthead> 的 mark 应是发文机关全称加“令”或“命令”，而不是 {mark or '（空）'}")
    return tree.OrderMasthead(mark, _attr(el, "number").strip())


def _attachment(el: ET.Element) -> tree.Attachment:
    doc_number = el.get("doc-number", "").strip()
    if el.get("doc-number") is not None and not doc_number:
        raise MarkupError("<attachment> 的 doc-number（不与正文一起装订的附件印的发文字号）不能为空")
    return tree.Attachment(el.get("number", ""), _attr(el, "title"), doc_number)


def _attendance(el: ET.Element) -> tree.Attendance:
    label = _attr(el, "label")
    if label not in gbt9704.ATTENDANCE_LABELS:
        raise MarkupError(f"<attendance> 的 label 只能是 出席、请假 或 列席，而不是 {label}")
    return tree.Attendance(label, _clean("".join(el.itertext())))


def _blocks(el: ET.Element, base: Path | None, source: str) -> list[tree.Block]:
    """The element's blocks: an <attachment> is its head followed by its own blocks."""
    if el.tag != "attachment":
        return [_block(el, base, source)]
    out: list[tree.Block] = [_attachment(el)]
    for child in el:
        if child.tag in (
            "attachment", "colophon", "attachments-note", "minutes-masthead", "official-masthead", "order-masthead"
        ):  # fmt: skip
            raise MarkupError(f"<attachment> 中不能有 <{child.tag}>")
        out.append(_block(child, base, source))
    return out


def _block(el: ET.Element, base: Path | None = None, source: str = "模板") -> tree.Block:
    match el.tag:
        case "briefing-masthead":
            return tree.BriefingMasthead(_attr(el, "name"), _attr(el, "issue"), _attr(el, "office"), _attr(el, "date"))
        case "official-masthead":
            return _official_masthead(el)
        case "letterhead":
            return tree.Letterhead(_attr(el, "organ"), el.get("doc-number", ""), _head_marks(el))
        case "order-masthead":
            return _order_masthead(el)
        case "note":
            return tree.Note(_text_only(el))
        case "title":
            return _title(el)
        case "h1" | "h2" | "h3" | "h4":
            return tree.Heading(int(el.tag[1]), "".join(r.text for r in _runs(el)))
        case "p":
            return _paragraph(el)
        case "table":
            return _table(el)
        case "signature":
            return _signature(el, base, source)
        case "attachments-note":
            return _attachments_note(el)
        case "minutes-masthead":
            return tree.MinutesMasthead(_attr(el, "name"), _attr(el, "number"), _attr(el, "organ"), _attr(el, "date"))
        case "attendance":
            return _attendance(el)
        case "colophon":
            return _colophon(el)
        case "pagebreak":
            return tree.PageBreak()
    raise MarkupError(f"未知的元素 <{el.tag}>")


def parse(text: str, source: str = "模板", base: Path | None = None) -> tree.Document:
    """Parse rendered markup into a Document; mistakes name the rendered line. ``base`` is the data file's
    folder, where a seal picture (<signature seal-image>) must lie."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line, column = exc.position
        raise UserError(
            Problem(
                f"模板生成的文档标记不是合法 XML：{_xml_error(exc)}",
                file=source,
                line=line,
                column=column + 1,
                fix="检查模板中的标签是否成对；数据中的 < & 由模板自动转义，模板里手写的要写成 &lt; &amp;",
            )
        ) from None
    if root.tag != "document":
        raise UserError(Problem("文档标记的根元素应为 <document>", file=source))
    blocks = []
    separate = False  # a separate 附件 came: what follows belongs to the separate ones (after the 版记)
    for el in root:
        try:
            more = _blocks(el, base, source)
            alone = isinstance(more[0], tree.Attachment) and more[0].separate
            if separate and not alone:
                raise MarkupError(
                    f"不与正文一起装订的附件（带 doc-number 的 <attachment>）之后不能再有 <{el.tag}>："
                    "把它们排在版记和其他附件之后"
                )
            separate = separate or alone
            blocks += more
        except (MarkupError, ValueError) as exc:
            raise UserError(Problem(f"文档标记有误：{exc}", file=source)) from None
    info = tree.DocumentInfo(
        title=root.get("title", "").replace(TITLE_BREAK, ""),
        author=root.get("author", ""),
        subject=root.get("subject", ""),
        keywords=tuple(k for k in root.get("keywords", "").split(",") if k),
        date=root.get("date", ""),
        draft=_flag(root, "draft", False),
    )
    return tree.Document(info, tuple(blocks))
