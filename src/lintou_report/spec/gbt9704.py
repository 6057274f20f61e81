"""Every GB/T 9704-2012 number the writers and the checker use, each with its clause.

Lengths are given in millimetres or points as the standard states them; ``.pt`` and ``.twips`` convert.
"standard" clauses are those of GB/T 9704-2012; "practice" marks settled office practice the standard
leaves open, "ours" a choice of this project (see shared/spec/gbt9704.md).
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Measure:
    """A length with the clause that fixes it and the tolerance a checker allows."""

    value: float
    unit: str  # "mm" or "pt"
    clause: str
    name: str
    tolerance: float = 0.0  # in ``unit``

    @property
    def pt(self) -> float:
        return self.value * MM if self.unit == "mm" else self.value

    @property
    def twips(self) -> int:
        return round(self.pt * 20)


# 5.1 / 5.2.1 Page and type area
PAGE_WIDTH = Measure(210, "mm", "5.1", "幅面宽度")
PAGE_HEIGHT = Measure(297, "mm", "5.1", "幅面高度")
TOP_MARGIN = Measure(37, "mm", "5.2.1", "天头", tolerance=1)
LEFT_MARGIN = Measure(28, "mm", "5.2.1", "订口", tolerance=1)
TYPE_WIDTH = Measure(156, "mm", "5.2.1", "版心宽度", tolerance=1)
TYPE_HEIGHT = Measure(225, "mm", "5.2.1", "版心高度", tolerance=1)
RIGHT_MARGIN = Measure(PAGE_WIDTH.value - LEFT_MARGIN.value - TYPE_WIDTH.value, "mm", "5.2.1", "翻口", tolerance=1)
BOTTOM_MARGIN = Measure(PAGE_HEIGHT.value - TOP_MARGIN.value - TYPE_HEIGHT.value, "mm", "5.2.1", "地脚", tolerance=1)

# 5.2.2 / 5.2.3 Type size and grid
SIZES = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
}
BODY_SIZE = Measure(SIZES["三号"], "pt", "5.2.2", "正文字号（3号）")
LINES_PER_PAGE = 22  # 5.2.3
CHARS_PER_LINE = 28  # 5.2.3
GRID_CLAUSE = "5.2.3"
# 579 twips: the pitch Word stores for 22 lines in 225 mm (29 pt would leave only 21 lines).
LINE_PITCH = Measure(28.95, "pt", "5.2.3", "行距（每面22行）", tolerance=0.1)
# 28 characters fill the 版心's width within its own tolerance: ±1 mm over 28 is ±0.10 pt a character.
_PITCH_TOLERANCE = TYPE_WIDTH.tolerance * MM / CHARS_PER_LINE
CHAR_PITCH = Measure(TYPE_WIDTH.pt / CHARS_PER_LINE, "pt", "5.2.3", "字距（每行28字）", tolerance=_PITCH_TOLERANCE)
CHAR_SPACING = CHAR_PITCH.pt - BODY_SIZE.pt  # −0.21 pt: each 16 pt glyph tightened to fill 28 a line
DOCX_CHAR_SPACING_TWIPS = -5  # −0.25 pt run spacing: the lines-only grid form Word and LibreOffice agree on
# A DOCX stores run spacing in twentieths of a point: −4 (15.80 pt a character) would not hold 28 a line, so a
# DOCX's pitch is 15.75 pt (in Word's or LibreOffice's PDF too), within CHAR_PITCH's tolerance.
FIRST_LINE_INDENT_CHARS = 2  # 7.3.3: 每个自然段左空二字

# 5.2.4 Colours
RED = (1.0, 0.0, 0.0)  # ours: #FF0000 for the 版头 name, separator lines, ★
RED_HEX = "FF0000"

# 7.2.4 发文机关标志; 7.2.5 发文字号; 7.2.7 separator line
ORGAN_MARK_TOP = Measure(35, "mm", "7.2.4", "发文机关标志上边缘距版心上边缘", tolerance=1)
ORGAN_MARK_MAX_SIZE = Measure(SIZES["初号"], "pt", "7.2.4", "发文机关标志最大字号（practice）")
MASTHEAD_FIT = 0.96  # 7.2.4 practice: the mark spans at most 96 % of the type width
DOC_NUMBER_GAP_LINES = 2  # 7.2.5: 发文机关标志下空二行
DOC_NUMBER_INDENT_CHARS = 1  # 7.2.5 / 7.2.6 上行文: 发文字号居左空一字, 签发人居右空一字
SEPARATOR_BELOW_DOC_NUMBER = Measure(4, "mm", "7.2.7", "分隔线距发文字号")
OFFICIAL_RULE_WIDTH = Measure(1.0, "pt", "7.2.7", "版头分隔线粗细（practice）")
BRIEFING_RULE_WIDTH = Measure(2.25, "pt", "practice", "简报报头红线粗细")
STAR_SIZE = Measure(SIZES["三号"], "pt", "7.2.7", "分隔线中的五角星（practice）")
BRIEFING_NAME_SIZE = Measure(SIZES["小初"], "pt", "practice", "简报名称字号")


# 7.2.1–7.2.3 份号, 密级和保密期限, 紧急程度: 顶格 at the type area's top left, one a line, in this order.
# The standard puts 份号 on line 1 and 密级 on line 2; practice (and ours): without a 份号 the others move up,
# so the lines used are always the first ones.
COPY_NUMBER_CLAUSE = "7.2.1"  # 一般用6位3号阿拉伯数字，顶格编排在版心左上角第一行
COPY_NUMBER_DIGITS = 6  # 7.2.1 一般: 6 位阿拉伯数字
SECRECY_CLAUSE = "7.2.2"  # 一般用3号黑体字，顶格编排在版心左上角第二行
SECRECY_STAR = "\u2605"  # 7.2.2 / A.2: 密级和保密期限之间用“★”隔开
SECRECY_LEVELS = ("绝密", "机密", "秘密")
URGENCY_CLAUSE = "7.2.3"  # 一般用3号黑体字，顶格编排在版心左上角; 份号、密级、紧急程度自上而下分行排列
URGENCY_LEVELS = ("特急", "加急", "特提", "平急")
HEAD_MARK_ROLE = "hei"  # 7.2.2 / 7.2.3: 3号黑体; 7.2.1 gives no face for the 份号: practice (and the contract) 黑体
# 7.2.4 联合行文: 主办机关 first; “文件” right of the names, centred on them vertically. Practice (and ours):
# every name in one size (the longest name + “文件” fitted to the width), names stacked at
# JOINT_MARK_PITCH ems and 分散对齐 (spread) to the longest name's width.
JOINT_MARK_CLAUSE = "7.2.4"
JOINT_MARK_PITCH = 1.2  # ours: distance between the stacked names' baselines, in ems of their size (about:
JOINT_MARK_MIN_PITCH = 1.05  # the last name's em box ends JOINT_MARK_GRID_END of a grid line down, as a single
JOINT_MARK_GRID_END = 0.85  # 初号 标志's does, so the 发文字号 stands 二行 below it: the pitch bends, ≥ 1.05 em)
JOINT_SUFFIX_GAP = 0.5  # ours: gap between the names and “文件”, in ems
# 7.2.6 签发人: “签发人：” 3号仿宋, names 3号楷体, 居右空一字, on the line two lines below the 标志; the names
# 从左到右、自上而下, 一般每行排两个姓名, a new line starts under the first name; the 发文字号 (7.2.5) shares
# the line of the last name. Names on a line are one character apart (ours: 均匀编排 read as one 全角 space).
SIGNER_CLAUSE = "7.2.6"
SIGNERS_PER_LINE = 2  # 7.2.6 一般
SIGNER_NAME_GAP_CHARS = 1  # ours
# 7.3.6 附注: 居左空二字加圆括号编排在成文日期下一行 (the element adds the （）; the template writes the text).
NOTE_CLAUSE = "7.3.6"
NOTE_INDENT_CHARS = 2
# 10.1 信函格式: the 标志's top edge 30 mm below the paper's top edge, red 小标宋, centred; 4 mm under it a red
# double line (thick above, thin below); 20 mm above the paper's bottom edge a red double line (thin above,
# thick below); both 170 mm long, centred. 份号, 密级, 紧急程度 顶格 at the left under the first double line, the
# first one 7/8 of a 3号 character's height below it; the 发文字号 顶格 at the right, as far below it. The
# title 2 lines below the last of them. 第一页不显示页码. 版记不加印发机关和印发日期、分隔线.
LETTER_CLAUSE = "10.1"
LETTER_MARK_TOP = Measure(30, "mm", "10.1", "信函标志上边缘距纸张上边缘", tolerance=1)
LETTER_RULE_BELOW_MARK = Measure(4, "mm", "10.1", "第一条双线距标志", tolerance=1)
LETTER_BOTTOM_RULE = Measure(20, "mm", "10.1", "第二条双线距纸张下边缘", tolerance=1)
LETTER_RULE_LENGTH = Measure(170, "mm", "10.1", "信函双线长度", tolerance=1)
# The standard fixes neither weight nor gap of the double lines; practice (Word's 粗细双线 borders): thick
# 2.25 pt, thin 0.75 pt, 0.75 pt apart (ours).
LETTER_THICK_RULE = Measure(2.25, "pt", "10.1", "信函双线粗线（practice）", tolerance=0.3)
LETTER_THIN_RULE = Measure(0.75, "pt", "10.1", "信函双线细线（practice）", tolerance=0.3)
LETTER_RULE_GAP = Measure(0.75, "pt", "10.1", "信函双线间距（practice）")
LETTER_ELEMENT_DROP = 7 / 8  # 10.1: first element 3号汉字高度的7/8 below the first double line (em box top)
LETTER_TITLE_GAP_LINES = 2  # 10.1: 标题与其上最后一个要素相距二行 (read as 空二行, like 7.3.1)


def organ_mark_size(mark: str) -> float:
    """7.2.4 practice: the 发文机关标志's size in pt, at most 初号 and spanning at most 96 % of the type width."""
    return min(ORGAN_MARK_MAX_SIZE.pt, MASTHEAD_FIT * TYPE_WIDTH.pt / max(len(mark), 1))


# 7.3.1 Title; 7.3.3 body and headings
TITLE_SIZE = Measure(SIZES["二号"], "pt", "7.3.1", "标题字号（2号）")
TITLE_GAP_LINES = 2  # 7.3.1: 红色分隔线下空二行
TITLE_MAX_LINE_CHARS = 20  # ours: a 22 pt line of the 156 mm type area holds 20 characters
TITLE_BELOW_GAP_LINES = 1  # 7.3.2: 主送机关 (or a briefing's first paragraph) 编排于标题下空一行
HEADING_ROLES = {1: "hei", 2: "kai", 3: "body", 4: "body"}  # 7.3.3: 黑体, 楷体, 仿宋, 仿宋
HEADING_CLAUSE = "7.3.3"

# 7.3.5 署名 and 成文日期
SIGNATURE_RIGHT_INDENT_CHARS = 2
DATE_OFFSET_CHARS = 2  # the date starts 2 characters right of the 署名's start
SIGNATURE_GAP_LINES = 1  # 7.3.5.2: 在正文下空一行编排署名

# 7.3.4 附件说明: 在正文下空一行左空二字编排“附件”二字，后标全角冒号和附件名称；多个附件用阿拉伯数字标注顺序号
# （“附件：1.××××”）；附件名称后不加标点符号；回行时与上一行附件名称的首字对齐.
ATTACHMENTS_NOTE_CLAUSE = "7.3.4"
ATTACHMENTS_NOTE_GAP_LINES = 1  # 正文下空一行
ATTACHMENTS_NOTE_INDENT_CHARS = 2  # 左空二字
ATTACHMENTS_NOTE_LABEL = "附件："


def attachment_number(k: int) -> str:
    """7.3.4: the number before the k-th attachment's name (“1.”, half-width full stop as the standard's example)."""
    return f"{k}."


# 7.3.9 附件: 另面编排，在版记之前；“附件”二字及顺序号用3号黑体字顶格编排在版心左上角第一行；附件标题居中编排在
# 版心第三行；附件格式要求同正文. Practice: one blank line between the title and the attachment's text, as below
# the document's title (7.3.2).
ATTACHMENT_CLAUSE = "7.3.9"
ATTACHMENT_LABEL_LINE = 0  # first line of the type area (grid line 0)
ATTACHMENT_TITLE_LINE = 2  # third line
ATTACHMENT_TITLE_BELOW_GAP_LINES = 1  # practice
# 7.3.9, last sentence: 如附件与正文不能一起装订，应当在附件左上角第一行顶格编排公文的发文字号并在其后标注“附件”二字
# 及附件顺序号. The line: the 发文字号 in 3号仿宋 (the face of 7.2.5 and 5.2.2's default: the clause names no
# other) and “附件N” right after it in 3号黑体 (as on any 附件's first line). Where such an 附件 goes, the standard
# does not say; ours, following practice and the clause's own words:
# - after the 版记: the 公文 (正文 and the 附件 bound with it) ends with its 版记 on its last face (7.4.1); the
#   separate 附件 is a second booklet, so it starts on a new sheet (with 双面印刷, 6.2, on an odd page: a blank
#   unnumbered page comes first when the 公文 ends on an odd one, as 7.5 treats the page before a 版记);
# - its page numbers start again at 1: 7.5 says 公文的附件与正文一起装订时，页码应当连续编排, which leaves those
#   not bound with it to number their own pages (common practice: 单独装订的附件单独编排页码);
# - no 版记 of its own: 7.4 gives a 公文 one 版记, on its last face, and the clause asks of a separate 附件 only
#   the 发文字号 line, which ties it to its 公文; the title on line 3 and the text as for any 附件 (7.3.9).
SEPARATE_ATTACHMENT_CLAUSE = "7.3.9"

# 7.3.5.1 加盖印章: 成文日期一般右空四字；以成文日期为准居中编排发文机关署名；印章端正、居中下压署名和成文日期，
# 使署名和成文日期居印章中心偏下位置；印章顶端应当上距正文（或附件说明）一行之内.
SEAL_CLAUSE = "7.3.5.1"
SEALED_DATE_RIGHT_INDENT_CHARS = 4  # 右空四字
# Practice: an organ seal of a 乡镇 or 县级 organ is a circle 42 mm across (国发〔1999〕25号: 直径4.2厘米).
SEAL_DIAMETER = Measure(42, "mm", "7.3.5.1", "印章直径（practice 42 mm）", tolerance=1)
# Ours: the 署名 two blank lines below the body, the seal's centre on the 署名's em-box centre. The seal's top
# then lies 2.2 mm below the body's last line (within one line, 7.3.5.1) and the 署名 and date sit below its
# centre (居印章中心偏下).
SEALED_SIGNER_GAP_LINES = 2
SEAL_TOP_WITHIN = Measure(LINE_PITCH.value, "pt", "7.3.5.1", "印章顶端距正文（一行之内）")
# 7.3.5.3 签发人签名章: 在正文（或附件说明）下空二行右空四字加盖签名章，签名章左空二字标注签发人职务，以签名章为准
# 上下居中排布；在签名章下空一行右空四字编排成文日期.
SIGNATURE_STAMP_CLAUSE = "7.3.5.3"
SIGNATURE_STAMP_GAP_LINES = 2  # 下空二行
SIGNATURE_STAMP_RIGHT_INDENT_CHARS = 4  # 右空四字
SIGNATURE_STAMP_TITLE_GAP_CHARS = 2  # 签名章左空二字标注职务
SIGNATURE_STAMP_LINES = 2  # ours: the stamp's box is two grid lines tall (57.9 pt, 20.4 mm)
SIGNATURE_STAMP_WIDTH = Measure(40, "mm", "7.3.5.3", "签名章宽度（ours）")
SIGNATURE_STAMP_DATE_GAP_LINES = 1  # 签名章下空一行
# Ours: where no seal picture is given, a dashed red outline of the seal shows where it goes (a real seal is
# never dashed, so no reader mistakes it for one); 0.75 pt, dashes of 4 pt with gaps of 3 pt.
SEAL_PLACEHOLDER_LINE = 0.75
SEAL_PLACEHOLDER_DASH = (4.0, 3.0)

# 联合行文 (several organs sign; 署名 in the order of the 发文机关标志, 主办机关 first):
# 7.3.5.1: 一般将各发文机关署名按照发文机关顺序整齐排列在相应位置，并将印章一一对应、端正、居中下压发文机关署名，最后
# 一个印章端正、居中下压发文机关署名和成文日期，印章之间排列整齐、互不相交或相切，每排印章两端不得超出版心，首排印章顶端
# 应当上距正文（或附件说明）一行之内. The standard's figure 联合行文公文末页版式1 shows two seals a row, each
# 署名 centred under its seal on one line, the date under the last (practice: two a row). Ours: the last seal
# and 署名 placed as one organ's (the date 右空四字, 署名 and seal centred on it); the other columns to its left,
# each 署名 centred on its seal; a short last row keeps the right-hand columns (the last seal stays on the date);
# rows five lines apart (a 42 mm seal spans 4.1 lines: 9 mm between rows); two 署名s on a row at least a
# character apart. Where two a row would leave the 版心, one a row.
JOINT_SEALS_PER_ROW = 2  # practice (the standard's figure)
# Practice (GB/T 9704-1999 8.2.6.2, the 2012 text keeps 互不相交或相切): neighbouring seals 3 mm apart at most.
JOINT_SEAL_GAP = Measure(3, "mm", "7.3.5.1", "同排印章间距（practice，互不相交或相切）")
JOINT_SEAL_ROW_LINES = 5  # ours: grid lines from one row's 署名 to the next
JOINT_SIGNER_GAP_CHARS = 1  # ours: the least room between two 署名s on a row
JOINT_SEAL_ALIGN = Measure(1, "mm", "7.3.5.1", "印章排列整齐（同排顶端、同列中线）")
# 7.3.5.2: 联合行文时，应当先编排主办机关署名，其余发文机关署名依次向下编排. Ours: one a line, their first
# characters aligned (整齐), the longest 右空二字; the date below the last starts two characters right of them,
# as for one organ.
# 7.3.5.3: 联合行文时，应当先编排主办机关签发人职务、签名章，其余机关签发人职务、签名章依次向下编排，与主办机关签发人
# 职务、签名章上下对齐；每行只编排一个机关的签发人职务、签名章；签发人职务应当标注全称. Ours: the stamps (two lines
# tall) one blank line apart, the date one blank line below the last.
JOINT_STAMP_PITCH_LINES = SIGNATURE_STAMP_LINES + 1

# 7.4 版记
COLOPHON_SIZE = Measure(SIZES["四号"], "pt", "7.4", "版记字号（4号）")
COLOPHON_HEAVY_RULE = Measure(0.35, "mm", "7.4.1", "版记首末条分隔线", tolerance=0.05)
COLOPHON_LIGHT_RULE = Measure(0.25, "mm", "7.4.1", "版记中间分隔线", tolerance=0.05)
COLOPHON_INDENT_CHARS = 1  # 7.4.2 / 7.4.3: 左右各空一字
# Where the 版记 goes. 6.2: 双面印刷; 7.4.1: 末条分隔线与公文最后一面的版心下边缘重合. Printed on both sides, the
# last face of the document is the back of a sheet, an even page (practice: the 版记 always on an even page,
# even when the text ends on page 1). 7.5: 公文的版记页前有空白页的，空白页和版记页均不编排页码 — a blank page
# comes before the 版记 page only when the text ends on an even page with no room left for the 版记.
DUPLEX_CLAUSE = "6.2"  # 双面印刷 (the default; an office printing one-sided switches it off)
COLOPHON_EVEN_PAGE_CLAUSE = "7.4.1"  # 末条分隔线与公文最后一面的版心下边缘重合 + 6.2 → an even page
BLANK_PAGE_CLAUSE = "7.5"  # the blank page and the 版记 page after it carry no page number

# 7.5 Page numbers
PAGE_NUMBER_SIZE = Measure(SIZES["四号"], "pt", "7.5", "页码字号（4号）")
PAGE_NUMBER_DROP = Measure(7, "mm", "7.5", "页码一字线上距版心下边缘", tolerance=1)
PAGE_NUMBER_DASH = "\u2014"  # 一字线
PAGE_NUMBER_INDENT_CHARS = 1  # 单页居右空一字，双页居左空一字


def page_number_text(n: int) -> str:
    return f"{PAGE_NUMBER_DASH} {n} {PAGE_NUMBER_DASH}"


# Draft mark (ours): “草稿” in grey 3号黑体 at the top right of every page, above the type area (in the 天头),
# flush with the type area's right edge; its em box's top 15 mm below the paper's top edge.
DRAFT_MARK_TEXT = "草稿"
DRAFT_MARK_SIZE = Measure(SIZES["三号"], "pt", "ours", "草稿标记字号")
DRAFT_MARK_TOP = Measure(15, "mm", "ours", "草稿标记距纸张上边缘")
DRAFT_MARK_GREY = 0.6  # ours: 60 % grey, visible on a print and not mistaken for text

# 10.3 纪要格式 (the contract's “10.2” is the 命令格式; the 纪要 is 10.3): 纪要标志居中排布，上边缘至版心上边缘为
# 35 mm，推荐使用红色小标宋体字; 出席人员名单一般用3号黑体字，在正文或附件说明下空一行左空二字编排“出席”二字，
# 后标全角冒号，冒号后用3号仿宋体字标注出席人单位、姓名，回行时与冒号后的首字对齐; 请假、列席同法，依次另起一行.
# “纪要格式可以根据实际制定”: below the mark, as offices do (practice), the 期号 centred, then the 编印单位 flush
# left and the date flush right over a red rule 4 mm below them, as a briefing's 报头, the rule 1 pt as the 版头's.
# What 10.3 leaves to each organ, as the 纪要 template settles it (practice), with the sources read:
# - no 发文机关署名 and no 印章: 10.3 names neither; 《党政机关公文处理工作条例》第九条（十二） asks for a seal where a
#   署名 is (公文中有发文机关署名的，应当加盖发文机关印章); GB/T 9704-1999 said 会议纪要不加盖印章, and the writing
#   manuals: 一般会议纪要不署名，只写成文时间.
# - the date below the 纪要标志, beside the 编印机关 (the manuals allow it below the title or after the text).
# - the 版记's 抄送 (7.4.2's word; no clause names 分送, which some organs print instead: a template override).
# The 请示's closing 妥否，请批示。 (templates/request) is the common formula; 妥否，请批复。 asks for a formal reply.
MINUTES_CLAUSE = "10.3"
ATTENDANCE_GAP_LINES = 1  # 下空一行 (before the first of the lines)
ATTENDANCE_INDENT_CHARS = 2  # 左空二字
ATTENDANCE_LABELS = ("出席", "请假", "列席")

# 10.2 命令（令）格式: 发文机关标志由发文机关全称加“命令”或“令”字组成，居中排布，上边缘至版心上边缘为20 mm，推荐使用
# 红色小标宋体字; 发文机关标志下空二行居中编排令号，令号下空二行编排正文; 签发人职务、签名章和成文日期的编排见7.3.5.3.
# No red separator line, no title and no 主送机关 (figure A.17, 命令（令）格式首页版式). The 令号 is “第N号” (practice:
# 第1号, numbered from 1 by each issuing organ, in Arabic numerals, no leading zero). The 标志's size as a
# 发文机关标志's (organ_mark_size).
ORDER_CLAUSE = "10.2"
ORDER_MARK_TOP = Measure(20, "mm", "10.2", "命令（令）标志上边缘距版心上边缘", tolerance=1)
ORDER_WORDS = ("令", "命令")
ORDER_NUMBER_GAP_LINES = 2  # 发文机关标志下空二行 (the 令号 on the third line below the 标志, as the 发文字号, 7.2.5)
ORDER_BODY_GAP_LINES = 2  # 令号下空二行编排正文


def order_number(n: int) -> str:
    """10.2 practice: the 令号, “第1号”."""
    return f"第{n}号"


# 8 Tables (practice)
TABLE_SIZE = Measure(SIZES["四号"], "pt", "8", "表格字号（4号，practice）")
TABLE_RULE_WIDTH = Measure(0.5, "pt", "8", "表格线粗细（practice 0.5–0.75 pt）")

# 9 / GB/T 15834 line-breaking rules (禁则)
NO_LINE_START = set("，。、；：？！）》”’…—〕」』】〉·%‰℃,.;:?!)]}")
NO_LINE_END = set("（《“‘〔「『【〈([{")
