"""Hostile and broken data files, through the command line in a process under memory and CPU limits.

Each case is one kind of bad data file (malicious, oversized, mis-encoded, mistyped). A build of it must be
refused with exit status 2, a Chinese message naming the file and the line, no traceback, and the output
folder as it was (an earlier good PDF and DOCX kept byte for byte); ``validate`` must report the same
problem at the same line. The big files are generated here, at test time.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile import CHINESE, assert_refused, run_cli, snapshot

from lintou_report.errors import UserError
from lintou_report.resources import default_data_file
from lintou_report.source import limits
from lintou_report.source.validation import validate

SEED = default_data_file().read_text(encoding="utf-8")
TITLE = "  title: 林头镇党委以“党建+”赋能镇园融合发展"
AUTHOR = "  author: 管理员"
PARAGRAPH = "          - 构建镇党委统一领导"
ISSUE = "    issue: 11"
FIRST_METRIC = "value: 45,"
CORRECTION = SEED[SEED.index("  - original: 繁体字") : SEED.index("  - original: 推動")]  # three lines
ENGLISH = re.compile(r"\b(expected|but found|could not|while scanning|while parsing|Input should)\b")


@dataclass(frozen=True)
class Bad:
    """A bad data file: its content, the line the message must name (None: the whole file) and words it must say."""

    id: str
    content: Callable[[], str | bytes]
    line: int | None
    mentions: tuple[str, ...]


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def swap(id: str, old: str, new: str, *mentions: str, at: str | None = None) -> Bad:
    """The seed with ``old`` replaced by ``new``; the message names the line of ``at`` (default: ``new``)."""
    assert old in SEED, old
    text = SEED.replace(old, new, 1)
    return Bad(id, lambda: text, line_of(text, at if at is not None else new), mentions)


def whole(id: str, make: Callable[[], str | bytes], line: int | None, *mentions: str) -> Bad:
    return Bad(id, make, line, mentions)


def bomb(levels: int = 9) -> str:
    """The 342-byte "billion laughs": nine levels of nine aliases each."""
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in list(zip("abcdefgh", "bcdefghi", strict=True))[: levels - 1]:
        rows.append(f"{name}: &{name} [{','.join('*' + prev for _ in range(9))}]")
    return "\n".join(rows) + "\n"


def themes(count: int) -> str:
    start, end = SEED.index("  - key: zhendi"), SEED.index("  - key: baozhang")
    theme = SEED[start:end]
    return SEED[:start] + "".join(theme.replace("key: zhendi", f"key: t{i}") for i in range(count)) + SEED[end:]


def paragraphs_of(count: int, length: int) -> str:
    return SEED.replace(PARAGRAPH, f"          - {'党建引领。' * (length // 5)}\n" * count + PARAGRAPH, 1)


def items(count: int) -> str:
    item = "      - heading: 强化政治引领\n        paragraphs:\n          - 段落。\n"
    anchor = "      - heading: 强化政治引领"
    return SEED.replace(anchor, item * count + anchor, 1)


HUGE_FILE = limits.MAX_FILE_BYTES + 1024
MARKS_LINE = SEED.index("\n", SEED.index(TITLE)) + 1


CASES = [
    # --- encoding and characters
    whole("gbk", lambda: SEED.encode("gbk"), 1, "不是 UTF-8", "GBK"),
    swap("latin1-byte", AUTHOR, AUTHOR + "\udcff", "不是 UTF-8"),  # written with surrogateescape: a lone 0xFF
    whole("utf16", lambda: SEED.encode("utf-16"), 1, "不是 UTF-8"),
    whole("empty", lambda: "", None, "数据文件是空的"),
    whole("bom-only", lambda: "\ufeff", None, "数据文件是空的"),
    whole("comments-only", lambda: "# 只有注释\n# 没有内容\n", None, "数据文件是空的"),
    swap("nul-in-title", TITLE, TITLE.replace("党委", "党\x00委"), "U+0000", "meta.title"),
    swap("escape-char", PARAGRAPH, PARAGRAPH.replace("构建", "构\x1b建"), "U+001B", "themes[0].items[0].paragraphs[0]"),
    swap("del-char", AUTHOR, AUTHOR + "\x7f", "U+007F", "meta.author"),
    swap("c1-control", AUTHOR, AUTHOR + "\x9b", "U+009B", "meta.author"),
    swap("noncharacter", AUTHOR, AUTHOR + "\ufffe", "U+FFFE"),
    swap("escaped-nul", TITLE, '  title: "林头镇\\0党委"', "U+0000", "meta.title"),
    swap("escaped-bell", TITLE, '  title: "林头镇\\a党委"', "U+0007", "meta.title"),
    swap("escaped-surrogate", TITLE, '  title: "林头镇\\ud800党委"', "U+D800", "meta.title"),
    swap("escaped-vertical-tab", AUTHOR, '  author: "管\\v理员"', "U+000B", "meta.author"),
    # --- sizes
    whole("file-over-limit", lambda: SEED + "#" * HUGE_FILE, None, "超过 10 MB"),
    swap("paragraph-30000-chars", PARAGRAPH, PARAGRAPH + "党建" * 15_000, "文字太长", "paragraphs[0]"),
    swap("title-600-chars", TITLE, "  title: " + "林头镇党委" * 120, "太长：600 字，最多 100 字", "meta.title"),
    swap("heading-300-chars", "heading: 筑牢红色堡垒", "heading: " + "筑牢" * 150, "最多 100 字", "heading"),
    swap(
        "briefing-name-5000-chars",
        "    name: 党建工作简报",
        "    name: " + "党建工作简报" * 800,
        "最多 50 字",
        "meta.briefing.name",
    ),
    swap("issuer-5000-chars", "  issuer: 中共林头镇委员会", "  issuer: " + "中共" * 2500, "最多 50 字", "meta.issuer"),
    swap(
        "keywords-300-chars",
        "  keywords: [党建+,",
        "  keywords: [" + "党建引领发展, " * 40 + "党建+,",
        "关键词合计超过 200 字",
        "meta.keywords",
        at="  keywords",
    ),
    swap(
        "doc-number-5000-digits",
        "林党〔2023〕12号",
        "林党〔2023〕" + "1" * 5000 + "号",
        "最多 50 字",
        "meta.doc_number",
    ),
    whole("1500-paragraphs", lambda: paragraphs_of(1_500, 5), line_of(SEED, PARAGRAPH), "超过 1000 项"),
    whole("1.2-million-chars", lambda: paragraphs_of(120, 10_000), None, "超过 1,000,000 字"),
    whole("120-themes", lambda: themes(120), line_of(SEED, "themes:"), "最多 99 项", "字段 themes"),
    whole("150-items", lambda: items(150), line_of(SEED, "    items:"), "最多 99 项", "themes[0].items"),
    whole("3000-flow-levels", lambda: "a: " + "[" * 3000 + "]" * 3000 + "\n", 1, "嵌套超过 20 层"),
    whole("3000-block-levels", lambda: "".join("  " * i + f"k{i}:\n" for i in range(3000)), 21, "嵌套超过 20 层"),
    whole(
        "30-nested-lists",
        lambda: "a:\n" + "".join("  " * i + "- \n" for i in range(30)) + "  " * 30 + "- x\n",
        21,
        "嵌套",
    ),
    # --- aliases
    whole("billion-laughs", bomb, 6, "别名炸弹"),
    whole(
        "quadratic-aliases",
        lambda: "a: &a [" + ",".join(["x"] * 900) + "]\nb: [" + ",".join(["*a"] * 300) + "]\n",
        2,
        "别名",
    ),
    whole("1001-aliases", lambda: "a: &a x\nb: [" + ", ".join(["*a"] * 1_001) + "]\n", 2, "超过 1000 次"),
    swap("undefined-alias", AUTHOR, "  author: *nobody", "别名", "锚点"),
    swap("merge-key", "meta:\n", "x: &x {a: [1, 2, 3]}\nmeta:\n  <<: *x\n", "未知字段", "字段 x：", at="x: &x"),
    swap("merge-non-mapping", "meta:\n", "meta:\n  <<: 5\n", "合并键", at="  <<: 5"),
    # --- numbers
    swap("nan-value", FIRST_METRIC, "value: .nan,", ".nan 不是一个数", "metrics[0].value"),
    swap("inf-value", FIRST_METRIC, "value: .inf,", ".inf 不是一个数", "metrics[0].value"),
    swap("minus-inf-value", FIRST_METRIC, "value: -.Inf,", "-.Inf 不是一个数", "metrics[0].value"),
    swap("exponent-value", FIRST_METRIC, "value: 1e999999,", "位数太多", "metrics[0].value"),
    swap("25-digit-value", FIRST_METRIC, "value: 1234567890123456789012345,", "位数太多", "metrics[0].value"),
    swap("string-value", FIRST_METRIC, "value: 四十五,", "应为数值", "metrics[0].value"),
    swap("issue-5000-digits", ISSUE, "    issue: " + "9" * 5_000, "meta.briefing.issue"),
    swap("issue-huge-float", ISSUE, "    issue: 1.0e+400", "meta.briefing.issue"),
    swap("issue-negative", ISSUE, "    issue: -1", "数值太小", "meta.briefing.issue"),
    swap("issue-too-big", ISSUE, "    issue: 100000", "数值太大", "meta.briefing.issue"),
    swap("copies-zero", "    copies: 30", "    copies: 0", "数值太小", "meta.printing.copies"),
    swap("metric-item-zero", "theme: zhendi, item: 1,", "theme: zhendi, item: 0,", "数值太小", "metrics[0].item"),
    # --- dates
    swap("february-30", "  date: 2023-11-09", "  date: 2023-02-30", "2023-02-30 不是有效日期", "只有28日，没有30日"),
    swap("month-13", "  date: 2023-11-09", "  date: 2023-13-01", "不是有效日期：没有 13 月", "meta.date"),
    swap("leap-day-2023", "    date: 2023-11-09", "    date: 2023-02-29", "2023年2月只有28日", "meta.printing.date"),
    swap("published-words", "  published: 2023-11-09 15:13", "  published: 昨天下午", "应为日期时间", "meta.published"),
    swap("date-as-text", "  date: 2023-11-09", "  date: 十一月九日", "应为日期", "meta.date"),
    # --- structure
    whole("top-level-list", lambda: "- schema_version: 1\n- meta: {}\n", 1, "这里却是列表"),
    whole("top-level-scalar", lambda: "林头镇党委工作简报\n", 1, "这里却是单个值"),
    swap("meta-as-list", "meta:\n", "meta:\n  - 林头镇\nmetax:\n", "字段 meta：应为一组", at="meta:"),
    swap("intro-as-text", "intro:\n  - 近年来", "intro: 近年来", "应为列表", "字段 intro"),
    swap(
        "empty-paragraphs",
        "        paragraphs:\n          - 构建",
        "        paragraphs: []\n        x:\n          - 构建",
        "至少要有一项",
        at="paragraphs: []",
    ),
    swap("complex-key", "schema_version: 1", "? [a, b]\n: x\nschema_version: 1", "复杂键", at="[a, b]"),
    swap("flow-complex-key", "schema_version: 1", "{[1, 2]: x}: y\nschema_version: 1", "复杂键", at="{[1, 2]"),
    swap("duplicate-key", AUTHOR + "\n", AUTHOR + "\n  author: 张三\n", "字段 author 重复出现", at="  author: 张三"),
    swap("duplicate-top-level", "intro:\n", "meta: {}\nintro:\n", "字段 meta 重复出现", at="meta: {}"),
    swap("two-documents", "schema_version: 1", "schema_version: 1\n---\nschema_version: 1", "多个 YAML 文档", at="---"),
    swap("python-tag", AUTHOR, '  author: !!python/object/apply:os.system ["id"]', "不支持这个标签"),
    swap("binary-tag", AUTHOR, "  author: !!binary aGVsbG8=", "不支持这个标签 !!binary", "meta.author"),
    swap("local-tag", AUTHOR, "  author: !who 管理员", "不支持这个标签"),
    swap("null-meta-value", "  issuer: 中共林头镇委员会", "  issuer:", "meta.issuer", at="  issuer:"),
    swap("schema-version-2", "schema_version: 1", "schema_version: 2", "取值不在允许范围内", "schema_version"),
    swap("unknown-field", AUTHOR, AUTHOR + "\n  auther: 张三", "未知字段", "meta.auther", at="  auther"),
    swap("period-id-slash", "    id: 2023-11", "    id: 2023/11", "月报写 年-月", "meta.period.id"),
    swap("period-id-month-13", "    id: 2023-11", "    id: 2023-13", "月报写 年-月", "meta.period.id"),
    swap("doc-number-brackets", "林党〔2023〕12号", "林党[2023]12号", "发文字号写法", "meta.doc_number"),
    swap("theme-key-capitals", "  - key: zhendi", "  - key: ZhenDi", "小写英文字母", "themes[0].key"),
    # --- YAML syntax a clerk gets wrong
    swap("full-width-colon", TITLE, TITLE.replace("title: ", "title："), "全角冒号", "title："),
    swap("full-width-colon-in-list", "      - heading: 强化政治引领", "      - heading：强化政治引领", "全角冒号“：”"),
    swap("no-space-in-list", "      - heading: 强化政治引领", "      - heading:强化政治引领", "冒号后面缺少空格"),
    swap("full-width-colon-one-line-item", CORRECTION, "  - original：繁体字\n", "全角“：”", "corrections[0]"),
    swap("tab-indent", AUTHOR, "\tauthor: 管理员", "制表符（Tab）"),
    swap("no-space-after-colon", AUTHOR, "  author:管理员", "冒号后面缺少空格"),
    swap("unclosed-double-quote", AUTHOR, '  author: "管理员', "引号没有结束"),
    swap("unclosed-single-quote", AUTHOR, "  author: '管理员", "引号没有结束"),
    swap("extra-indent", AUTHOR, "   author: 管理员", "缩进"),
    swap("value-with-colon-space", AUTHOR, "  author: 管理员: 张三", "值中有“: ”"),
    swap("unclosed-flow-list", "东关振兴]", "东关振兴", "括号没有正确结束", at="  keywords"),
    swap("bad-escape", AUTHOR, '  author: "管理\\q员"', "反斜杠"),
    swap("at-sign-start", AUTHOR, "  author: @管理员", "不能开头的字符"),
    # --- what must not go out in a final document
    swap("placeholder", TITLE, "  title: 【待填】标题", "还有待填的内容", "meta.title", "--draft"),
    swap("hash-cut-title", TITLE, TITLE + " #镇园融合发展", "被 YAML 当作注释", "加引号", "meta.title"),
]
assert len({case.id for case in CASES}) == len(CASES) >= 60


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with an earlier good PDF and DOCX in out/, which a refused build must leave as they are."""
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "briefing-2023-11.pdf").write_bytes(b"%PDF- a good file from an earlier run")
    (tmp_path / "out" / "briefing-2023-11.docx").write_bytes(b"PK a good file from an earlier run")
    return tmp_path


def write(case: Bad, folder: Path) -> Path:
    path = folder / f"{case.id}.yaml"
    content = case.content()
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogateescape")
    path.write_bytes(content)
    return path


def place(path: Path, line: int | None) -> str:
    return f"{path}:{line}:" if line is not None else f"{path}: "


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_build_refuses(case: Bad, folder: Path) -> None:
    path = write(case, folder)
    before = snapshot(folder)
    ran = run_cli(["--data", path.name, "--format", "all", "-o", "out"], cwd=folder)
    assert_refused(
        ran, mentions=[place(path.relative_to(folder), case.line), *case.mentions], before=before, folder=folder
    )


@pytest.mark.parametrize(
    ("name", "words"),
    [("missing.yaml", "数据文件不存在"), ("a-folder", "这是一个文件夹"), ("/dev/zero", "超过 10 MB")],
    ids=["missing", "folder", "endless-device"],
)
def test_build_refuses_what_is_no_data_file(name: str, words: str, folder: Path) -> None:
    (folder / "a-folder").mkdir()
    before = snapshot(folder)
    ran = run_cli(["--data", name, "--format", "all", "-o", "out"], cwd=folder)
    assert_refused(ran, mentions=[f"{name}: ", words], before=before, folder=folder)


def test_validate_reports_each_at_its_line(tmp_path: Path) -> None:
    """One ``validate`` over every case: each file listed with its problem at its line, nothing written."""
    paths = [write(case, tmp_path) for case in CASES]
    before = snapshot(tmp_path)
    ran = run_cli(["validate", *paths], cwd=tmp_path)
    assert ran.status == 2 and "Traceback" not in ran.message, ran.message
    blocks = dict(re.findall(r"^✗ (\S+)：\d+ 处问题\n((?:  .*\n)+)", ran.out, re.MULTILINE))
    for case, path in zip(CASES, paths, strict=True):
        block = blocks.get(str(path))
        assert block is not None, f"{case.id}: not refused\n{ran.out}"
        assert CHINESE.search(block)
        for fragment in (place(path, case.line), *case.mentions):
            assert fragment in block, f"{case.id}: {fragment!r} not in\n{block}"
    assert f"共检查 {len(CASES)} 个数据文件" in ran.out and snapshot(tmp_path) == before


def test_mutated_seed_only_ever_gives_placed_chinese_problems(tmp_path: Path) -> None:
    """Random small edits of the seed (YAML's special characters typed, characters deleted): each file either
    passes or is refused with problems in Chinese that name a line; nothing else is ever raised."""
    rnd = random.Random(13)
    typed = [*":：-#\"'[]{}&*!|>%@`\t ,?\\“”（", "\n  ", ": ", "- ", "&a ", "*a", "!!binary ", "<<: ", ".nan", "--- "]
    path = tmp_path / "report.yaml"
    refused = 0
    for _ in range(400):
        text = SEED
        for _ in range(rnd.randint(1, 3)):
            at = rnd.randrange(len(text))
            cut = rnd.choice([0, 0, 1, 3])
            text = text[:at] + (rnd.choice(typed) if cut < 3 else "") + text[at + cut :]
        path.write_text(text, encoding="utf-8")
        try:
            validate(path)
        except UserError as exc:
            refused += 1
            for problem in exc.problems:
                assert CHINESE.search(problem.message) and not ENGLISH.search(problem.message), problem
                assert problem.file == str(path) and problem.line is not None, problem
    assert refused > 200  # the edits do break files
