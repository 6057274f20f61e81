"""Hand-written markup documents with the elements of GB/T 9704-2012 7.3.4, 7.3.5, 7.3.9, 7.4.2 and 10.3, and
their renderings: the PDF, the OFD, and LibreOffice's PDF of the DOCX (shared by test_attachments.py,
test_seal.py and test_minutes.py)."""

from __future__ import annotations

from pathlib import Path

from lintou_report import libreoffice as lo
from lintou_report.fonts import FontSet
from lintou_report.source import markup
from lintou_report.tree import Document
from lintou_report.writers import render
from lintou_report.writers.options import WriterOptions

PARAGRAPH = (
    "现将《林头镇2023年党建工作要点》印发给你们，请结合实际认真贯彻落实。各村（社区）党组织要把抓好党建作为最大的"
    "政绩，对照要点逐项细化措施，明确责任人和完成时限，确保各项任务落到实处。执行中遇到的问题，请及时向镇党委报告。"
)
COPY_TO = (
    "县委组织部，县委宣传部，县委政法委，县纪委监委派驻纪检监察组，林头镇人大主席团，林头镇人民政府办公室，"
    "林头镇各村（社区）党组织。"
)
SHORT_NAME = "林头镇2023年党建工作要点"
LONG_NAME = "林头镇2023年基层党组织建设重点任务分解表及各村（社区）党组织责任清单汇总表"


# A 通知's 版头, title, 主送, one paragraph and the 附件说明 of SHORT_NAME and LONG_NAME: what follows is the test's.
NOTICE_HEAD = f"""<document title="关于印发林头镇2023年党建工作要点的通知" author="中共林头镇委员会" date="2023-11-09">
  <official-masthead organ-mark="中共林头镇委员会文件" doc-number="林党〔2023〕12号" star="yes"/>
  <title>关于印发林头镇2023年党建工作要点的通知</title>
  <p indent="no">各村（社区）党组织，镇直各单位：</p>
  <p>{PARAGRAPH}</p>
  <attachments-note><item>{SHORT_NAME}</item><item>{LONG_NAME}</item></attachments-note>"""


def notice(signature: str = '<signature signer="中共林头镇委员会" date="2023年11月9日" seal="organ"/>') -> str:
    """A 通知 with two attachments (the second's name wraps), a sealed signature and a three-line 抄送."""
    return f"""{NOTICE_HEAD}
  {signature}
  <attachment number="1" title="{SHORT_NAME}">
    <h1>一、总体要求</h1>
    <p>{PARAGRAPH}</p>
  </attachment>
  <attachment number="2" title="{LONG_NAME}">
    <p>{PARAGRAPH}</p>
  </attachment>
  <colophon><group><line label="抄送：">{COPY_TO}</line></group>
    <group><line right="2023年11月9日印发">中共林头镇委员会办公室</line></group></colophon>
</document>"""


ATTENDED = "张三、李四、王五、赵六、钱七、孙八、周九、吴十、郑十一、王十二、冯十三、陈十四、褚十五、卫十六"


def minutes(signature: str = "") -> str:
    """A 纪要 with its mark, a body, 出席 (wrapping), 请假 and 列席 lines."""
    return f"""<document title="林头镇党委会议纪要" author="中共林头镇委员会办公室" date="2023-11-09">
  <minutes-masthead name="林头镇党委会议纪要" number="第5期" organ="中共林头镇委员会办公室" date="2023年11月9日"/>
  <title>林头镇党委2023年第5次会议纪要</title>
  <p>{PARAGRAPH}</p>
  <h1>一、关于基层党组织建设</h1>
  <attendance label="出席">{ATTENDED}</attendance>
  <attendance label="请假">蒋十七（公务外出）</attendance>
  <attendance label="列席">沈十八、韩十九</attendance>
  {signature}
  <colophon><group><line label="分送：">镇党委委员，镇人大主席团，镇政府各办公室。</line></group></colophon>
</document>"""


def parse(text: str, base: Path | None = None) -> Document:
    return markup.parse(text, source="测试标记", base=base)


def outputs(document: Document, fonts: FontSet, folder: Path, name: str) -> dict[str, Path]:
    """The PDF, the OFD, the DOCX and LibreOffice's PDF of it, written to ``folder``."""
    out = {}
    for kind in ("pdf", "ofd", "docx"):
        path = folder / f"{name}.{kind}"
        path.write_bytes(render(kind, document, fonts, WriterOptions()).data)
        out[kind] = path
    work = folder / f"{name}-lo"
    work.mkdir()
    out["lo"] = lo.convert(out["docx"], work, workdir=work)
    return out
