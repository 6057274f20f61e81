"""署名, 成文日期 and 印章 (GB/T 9704-2012 7.3.5.1, 7.3.5.3) as Word paragraphs with the seal floating over
them: the clerk's picture (word/media/sealN.png) or, without one, a dashed red outline (a DrawingML shape)
— where layout/seal.py puts them in the PDF. 不加盖印章 is blocks.signature."""

from __future__ import annotations

from lintou_report.layout.seal import joint_places, organ_places
from lintou_report.spec import gbt9704
from lintou_report.tree import Signature, Signer
from lintou_report.writers.docx import package
from lintou_report.writers.docx.added_parts import RELATIONSHIPS
from lintou_report.writers.docx.blocks import Context, by_part, paragraph
from lintou_report.writers.docx.oxml import Xml, w
from lintou_report.writers.docx.styles import BODY_CHAR, LINE, twips

EMU_PER_TWIP = 635
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
WPS_URI = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
MEDIA_RID = "rIdSeal{}"
EM_TOP = 153  # twips


def _anchor(ctx: Context, left: int, top: int, width: int, height: int, round_: bool, image: bytes | None) -> Xml:
    """A floating drawing ``width`` × ``height`` twips, its top-left ``left`` twips right of the left margin
    and ``top`` twips below the top of the paragraph holding it (one with no space before, where Word and
    LibreOffice agree on that top); in front of the text, which it does not push."""
    ctx.drawings.append(image)
    number = len(ctx.drawings)
    cx, cy = width * EMU_PER_TWIP, height * EMU_PER_TWIP
    extent = f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    if image is not None:
        rid = MEDIA_RID.format(_pictures(ctx).index(image) + 1)
        graphic = (
            f'<a:graphicData uri="{PIC}"><pic:pic xmlns:pic="{PIC}"><pic:nvPicPr>'
            f'<pic:cNvPr id="{number}" name="seal{number}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr>{extent}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
        )
    else:
        line = gbt9704.SEAL_PLACEHOLDER_LINE
        on, off = (round(d / line * 100_000) for d in gbt9704.SEAL_PLACEHOLDER_DASH)  # thousandths of a per cent
        geometry = "ellipse" if round_ else "rect"
        graphic = (
            f'<a:graphicData uri="{WPS_URI}"><wps:wsp><wps:cNvSpPr/><wps:spPr>{extent}'
            f'<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom><a:noFill/>'
            f'<a:ln w="{round(line * 12700)}"><a:solidFill><a:srgbClr val="{gbt9704.RED_HEX}"/></a:solidFill>'
            f'<a:custDash><a:ds d="{on}" sp="{off}"/></a:custDash></a:ln></wps:spPr><wps:bodyPr/></wps:wsp>'
            "</a:graphicData>"
        )
    name = "印章" if round_ else "签名章"
    return (
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0"'
        f' relativeHeight="{251658240 + number}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{left * EMU_PER_TWIP}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{top * EMU_PER_TWIP}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{number}" name="{name}{number}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{A}">{graphic}</a:graphic></wp:anchor></w:drawing></w:r>'
    )


def _em_centre() -> int:
    """Twips from a grid line's top to the centre of its 3号 text's em box, as LibreOffice sets a body line
    (its em box starts 7.65 pt below the line's top, measured with the bundled faces)."""
    return EM_TOP + twips(gbt9704.BODY_SIZE.pt) // 2


def _line(runs: list[Xml], right: int, before: int, *extra: Xml | None) -> Xml:
    return paragraph(
        "Normal",
        runs,
        *extra,
        w("spacing", before=before, after=0, line=LINE, lineRule="exact"),
        w("ind", right=right, firstLineChars=0, firstLine=0),
        w("jc", val="right"),
    )


def joint_organ(block: Signature, ctx: Context) -> list[Xml]:
    """7.3.5.1 联合行文: where layout/seal.py's joint_places puts them, each row's 署名 on one paragraph (the
    first at its left indent, the second at a tab stop), the date under the last; every seal anchored in the
    date's paragraph, centred on its 署名's em box."""
    parts = by_part(block)
    signers, [date] = parts["signer"], parts["date"]
    spacing = gbt9704.DOCX_CHAR_SPACING_TWIPS
    widths = [ctx.width(t.text, t.style, spacing) for t in signers]
    date_width = ctx.width(date.text, date.style, spacing)
    places = joint_places([w_ / 20 for w_ in widths], date_width / 20, BODY_CHAR / 20)
    size, pitch = gbt9704.SEAL_DIAMETER.twips, gbt9704.JOINT_SEAL_ROW_LINES * LINE
    out, seals = [], []
    for row in range(places.row_count):
        members = [k for k, r in enumerate(places.rows) if r == row]
        lefts = [twips(places.signer_x(k, widths[k] / 20)) for k in members]
        content: list[Xml] = []
        for i, k in enumerate(members):
            content += ([w("r", w("tab"))] if i else []) + ctx.runs(signers[k].text, signers[k].style, "Normal")
        before = gbt9704.SEALED_SIGNER_GAP_LINES * LINE if row == 0 else pitch - LINE
        stops = w("tabs", *(w("tab", val="left", pos=x) for x in lefts[1:])) if len(lefts) > 1 else None
        out.append(
            paragraph(
                "Normal",
                content,
                w("keepNext"),
                stops,
                w("spacing", before=before, after=0, line=LINE, lineRule="exact"),
                w("ind", left=lefts[0], right=0, firstLineChars=0, firstLine=0),
                w("jc", val="left"),
            )
        )
        for k in members:
            above = (places.row_count - 1 - row) * pitch + LINE  # from the 署名's line to the date's
            left = round(twips(places.centres[k]) - size / 2)
            seals.append(
                _anchor(ctx, left, _em_centre() - above - size // 2, size, size, True, _image(block.signers[k]))
            )
    date_x = twips(places.date_x)
    out.append(
        _line(
            [*ctx.runs(date.text, date.style, "Normal"), *seals],
            round(gbt9704.TYPE_WIDTH.twips - date_x - date_width),
            0,
        )
    )
    return out


def organ(block: Signature, ctx: Context) -> list[Xml]:
    """7.3.5.1: the date 右空四字, the 署名 centred over it two blank lines below the body, the seal centred
    on the date with its centre on the 署名's em box."""
    parts = by_part(block)
    [signer], [date] = parts["signer"], parts["date"]
    spacing = gbt9704.DOCX_CHAR_SPACING_TWIPS
    signer_width, date_width = (ctx.width(t.text, t.style, spacing) for t in (signer, date))
    type_width = gbt9704.TYPE_WIDTH.twips
    signer_x, date_x = (twips(x) for x in organ_places(signer_width / 20, date_width / 20))
    size = gbt9704.SEAL_DIAMETER.twips
    left = round(date_x + date_width / 2 - size / 2)
    # anchored in the date's paragraph, one line below the 署名's
    seal = _anchor(ctx, left, _em_centre() - LINE - size // 2, size, size, True, _image(block.signers[0]))
    gap = gbt9704.SEALED_SIGNER_GAP_LINES * LINE
    return [
        _line(ctx.runs(signer.text, signer.style, "Normal"), round(type_width - signer_x - signer_width), gap,
              w("keepNext")),
        _line([*ctx.runs(date.text, date.style, "Normal"), seal], round(type_width - date_x - date_width), 0),
    ]  # fmt: skip


def stamp(block: Signature, ctx: Context) -> list[Xml]:
    """7.3.5.3: the stamp two blank lines below the body, 右空四字, two lines tall; the 职务 two characters
    left of it on its middle; the date one blank line below it, 右空四字. 联合行文: the other organs' 职务 and
    stamps below the 主办机关's, a blank line apart, aligned."""
    parts = by_part(block)
    titles, [date] = parts["signer"], parts["date"]
    right = gbt9704.SIGNATURE_STAMP_RIGHT_INDENT_CHARS * BODY_CHAR
    width, lines = gbt9704.SIGNATURE_STAMP_WIDTH.twips, gbt9704.SIGNATURE_STAMP_LINES
    pitch = gbt9704.JOINT_STAMP_PITCH_LINES * LINE
    left = gbt9704.TYPE_WIDTH.twips - right - width
    half = lines * LINE // 2
    # The 职务's line sits half the stamp's height down, its em box centred on the stamp's middle; the stamps
    # are anchored in the date's paragraph, the last one's lines and a blank line above it. A stamp's top is
    # its line's em top (EM_TOP below the grid line, as the body's text sits), so the blank lines above and
    # below it measure from text to stamp as in the PDF (layout/seal.py).
    drop = half - _em_centre() + EM_TOP
    date_gap = gbt9704.SIGNATURE_STAMP_DATE_GAP_LINES * LINE
    last = len(titles) - 1
    shapes = [
        _anchor(ctx, left, EM_TOP - (lines * LINE + date_gap) - (last - k) * pitch, width, lines * LINE, False,
                _image(signer))
        for k, signer in enumerate(block.signers)
    ]  # fmt: skip
    title_right = right + width + gbt9704.SIGNATURE_STAMP_TITLE_GAP_CHARS * BODY_CHAR
    first = gbt9704.SIGNATURE_STAMP_GAP_LINES * LINE + drop
    after = lines * LINE - drop - LINE + date_gap
    return [
        *(
            paragraph(
                "Normal",
                ctx.runs(title.text, title.style, "Normal"),
                w("keepNext"),
                w("spacing", before=pitch - LINE if k else first, after=after if k == last else 0, line=LINE,
                  lineRule="exact"),
                w("ind", right=title_right, firstLineChars=0, firstLine=0),
                w("jc", val="right"),
            )
            for k, title in enumerate(titles)
        ),
        _line([*ctx.runs(date.text, date.style, "Normal"), *shapes], right, 0),
    ]  # fmt: skip


def _image(signer: Signer) -> bytes | None:
    return signer.seal_image.data if signer.seal_image else None


def signature(block: Signature, ctx: Context) -> list[Xml] | None:
    """The sealed cases' paragraphs; None for 不加盖印章 (blocks.signature)."""
    if block.seal == "organ" and block.co_signers:
        return joint_organ(block, ctx)
    if block.seal == "organ":
        return organ(block, ctx)
    if block.seal == "signature":
        return stamp(block, ctx)
    return None


def _pictures(ctx: Context) -> list[bytes]:
    """The distinct seal pictures drawn so far, in order: sealN.png is the N-th."""
    return list(dict.fromkeys(d for d in ctx.drawings if d is not None))


def add_media(members: dict[str, bytes], ctx: Context) -> None:
    """The seal pictures drawn, as word/media/sealN.png with their relationships and the PNG content type."""
    pictures = _pictures(ctx)
    if not pictures:
        return
    types = members[package.CONTENT_TYPES].decode("utf-8")
    png = '<Default Extension="png" ContentType="image/png"/>'
    members[package.CONTENT_TYPES] = types.replace("<Override", png + "<Override", 1).encode("utf-8")
    rels = members[RELATIONSHIPS].decode("utf-8")
    image_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
    for k, data in enumerate(pictures, 1):
        members[f"word/media/seal{k}.png"] = data
        rel = f'<Relationship Id="{MEDIA_RID.format(k)}" Type="{image_type}" Target="media/seal{k}.png"/>'
        rels = rels.replace("</Relationships>", rel + "</Relationships>")
    members[RELATIONSHIPS] = rels.encode("utf-8")
