"""Hostile templates: every known way out of the sandbox, and every way to run away, refused with no effect.

Each attack is a template set (or a period's override) run through the command line in a process of its
own under memory and CPU limits (hostile.py). Each must end with exit status 2, a Chinese message naming
the template file and line, no traceback, no output file written or changed, and no effect: the attacks
that would run a command would create a marker file, and the file must not be there.
"""

from __future__ import annotations

import os
import pickle
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hostile import ROOT, Ran, assert_refused, run_cli, snapshot

from lintou_report.resources import data_dir

ENTRY = "document.xml.j2"
FONT = ROOT / "fonts" / "FandolKai-Regular.gw.ttf"


class _Touch:
    """Unpickled, runs ``touch <path>``: what an attacker would hand to pydantic's ``parse_raw``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple:
        return os.system, (f"touch {self.path}",)


def _jinja_string(data: bytes) -> str:
    """``data`` (ASCII) as a Jinja string literal."""
    return '"' + data.decode("ascii").encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Attack:
    template: str  # the entry template; {marker} and {pickle} are filled in
    mentions: tuple[str, ...]  # what the message must say besides the template file
    line: int | None = 1  # the template line the message names (None: the file only)
    files: dict[str, str] = field(default_factory=dict)  # more files in the template folder
    links: dict[str, str] = field(default_factory=dict)  # links in the template folder → a path in {outside}
    manifest: str = ""  # template.yaml
    where: str = ENTRY  # the file the message names ("": any file in the folder)


SHELL = "os.system('touch {marker}')"

ATTACKS = {
    # a data model's loaders (pydantic's): unpickling runs a command, parse_file reads any file
    "parse_raw_pickle": Attack('{{ report.parse_raw({pickle}, proto="pickle", allow_pickle=True) }}', ("parse_raw",)),
    "parse_raw_on_meta": Attack(
        '{{ meta.briefing.parse_raw({pickle}, proto="pickle", allow_pickle=True) }}', ("parse_raw",)
    ),
    "parse_file": Attack("{{ report.parse_file('/etc/passwd') }}", ("parse_file",)),
    "model_validate_json": Attack("{{ meta.model_validate_json('x') }}", ("model_validate_json",)),
    "model_copy": Attack("{{ report.model_copy(update={'meta': 1}) }}", ("model_copy",)),
    # our records' own: reading data into a record, a changed copy
    "from_data": Attack("{{ report.from_data({}) }}", ("from_data",)),
    "replaced": Attack("{{ meta.replaced(title='x') }}", ("replaced",)),
    "previous_loader": Attack("{{ previous.parse_raw({pickle}, proto='pickle', allow_pickle=True) }}", ("parse_raw",)),
    # Python's introspection
    "class_mro_subclasses": Attack("{{ report.__class__.__mro__[1].__subclasses__() }}", ("__class__",)),
    "init_globals": Attack(f"{{{{ meta.__init__.__globals__['os'].{SHELL} }}}}", ("__init__",)),
    "method_func_globals": Attack("{{ report.metrics_of.__func__.__globals__ }}", ("__func__",)),
    "date_class": Attack("{{ meta.date.__class__.__subclasses__() }}", ("__class__",)),
    "string_class": Attack("{{ ''.__class__.__mro__[1].__subclasses__() }}", ("__class__",)),
    "loop_internals": Attack("{% for t in report.themes %}{{ loop.__init__.__globals__ }}{% endfor %}", ("__init__",)),
    # Jinja's default globals, gone
    "cycler": Attack(f"{{{{ cycler.__init__.__globals__.os.{SHELL} }}}}", ("cycler",)),
    "joiner": Attack(f"{{{{ joiner.__init__.__globals__.os.{SHELL} }}}}", ("joiner",)),
    "namespace": Attack(f"{{{{ namespace.__init__.__globals__.os.{SHELL} }}}}", ("namespace",)),
    "lipsum": Attack(f"{{{{ lipsum.__globals__['os'].{SHELL} }}}}", ("lipsum",)),
    "dict_global": Attack("{{ dict(a=1) }}", ("dict",)),
    # format strings and filters that reach attributes
    "format": Attack("{{ '{0.__class__.__mro__}'.format(report) }}", ("__class__",)),
    "format_map": Attack("{{ '{x.__class__}'.format_map({'x': meta}) }}", ("__class__",)),
    "format_width": Attack("{{ '{:>999999999}'.format(1) }}", ("999999999",)),
    "printf_width": Attack("{{ '%0999999999d' % 1 }}", ("999999999",)),
    "printf_star": Attack("{{ '%*d' % (999999999, 1) }}", ("*",)),
    "format_filter_width": Attack("{{ '%999999999s'|format('x') }}", ("999999999",)),
    "attr_filter": Attack("{{ report|attr('__class__') }}", ("__class__",)),
    "map_attribute": Attack("{{ report.themes|map(attribute='__class__')|join }}", ("__class__",)),
    "sort_attribute": Attack("{{ report.themes|sort(attribute='__class__.__name__')|join }}", ("__class__",)),
    "mutate_data": Attack("{{ report.themes.append(1) }}", ("append",)),
    "clock": Attack("{{ meta.date.today() }}", ("today",)),
    "strftime": Attack("{{ meta.date.strftime('%Y') }}", ("strftime",)),
    "translate": Attack("{{ 'aaaa'.translate({97: 'x' * 100000}) }}", ("translate",)),
    # paths out of the template folder
    "include_absolute": Attack('<document>\n{% include "/etc/passwd" %}', ("/etc/passwd",), line=2),
    "include_parent": Attack("<document>\n{% include '../outside/secret.xml.j2' %}", ("..",), line=2),
    "include_dotdot_inside": Attack("{% include 'x/../../outside/secret.xml.j2' %}", ("..",)),
    "include_symlink_out": Attack(
        "<document>\n\n{% include 'link.xml.j2' %}",
        ("link.xml.j2", "链接"),
        line=3,
        links={"link.xml.j2": "secret.xml.j2"},
    ),
    "include_symlinked_folder": Attack(
        "{% include 'sub/secret.xml.j2' %}", ("sub/secret.xml.j2", "链接"), links={"sub": "."}
    ),
    "include_symlink_to_shadow": Attack(
        "{% include 'shadow.j2' %}", ("shadow.j2",), links={"shadow.j2": "/etc/shadow"}
    ),
    "include_ignore_missing": Attack("{% include ['/etc/passwd', 'x.j2'] ignore missing %}", ("/etc/passwd",)),
    "extends_absolute": Attack("{% extends '/etc/passwd' %}", ("/etc/passwd",)),
    "import_parent": Attack("{% import '../outside/secret.xml.j2' as m %}", ("..",)),
    "include_from_data": Attack("{% include report.meta.title %}", ("找不到模板文件",)),
    "include_windows_path": Attack("{% include 'C:\\\\Windows\\\\win.ini' %}", ("不允许",)),
    "font_absolute": Attack(
        "",
        ("fonts.body", "模板文件夹之内"),
        line=None,
        manifest="fonts:\n  body: {outside}/evil.ttf\n",
        where="template.yaml",
    ),
    "font_parent": Attack(
        "",
        ("fonts.kai", "模板文件夹之内"),
        line=None,
        manifest="fonts:\n  kai: ../outside/evil.ttf\n",
        where="template.yaml",
    ),
    "font_symlink_out": Attack(
        "",
        ("fonts.hei",),
        line=None,
        manifest="fonts:\n  hei: fonts/evil.ttf\n",
        links={"fonts": "."},
        where="template.yaml",
    ),
    # running away: time, memory, output, recursion
    "range_huge": Attack("{% for i in range(10**9) %}{% endfor %}", ("range", "100000")),
    "nested_loops": Attack(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", ("10 秒",)
    ),
    "loop_over_string": Attack(
        "{% set s = 'x' * 1000000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}", ("10 秒",)
    ),
    "string_times_huge": Attack("{{ 'x' * 10**10 }}", ("10000000000",)),
    "list_times_huge": Attack("{{ [0] * 10**10 }}", ("10000000000",)),
    "power_tower": Attack("{{ 10 ** (10 ** 10) }}", ("整数",)),
    "float_overflow": Attack("{{ (10 ** 400) / 1 }}", ("超出范围",)),
    "ljust_huge": Attack("{{ 'x'.ljust(10**9) }}", ("ljust",)),
    "center_filter_huge": Attack("{{ 'x'|center(10**9) }}", ("center",)),
    "indent_filter_huge": Attack("{{ ('x\\n' * 1000)|indent(10**6) }}", ("indent",)),
    "replace_huge": Attack("{{ ('x' * 100000).replace('', 'y' * 100000) }}", ("replace",)),
    "join_huge": Attack("{{ ('x' * 100000).join(['y' * 100000] * 100000) }}", ("join",)),
    "doubling_macro": Attack(
        "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}{% endmacro %}"
        "{{ d('x', 40) }}",
        ("过大",),
    ),
    "concat_chain_memory": Attack(
        "{% set s = 'x' * 1000000 %}{{ " + " ~ ".join(["s"] * 1500) + " }}", ("连接 ~ 的结果过大",)
    ),
    "macro_collects_huge_output": Attack(
        "{% macro m() %}{% for i in range(100000) %}" + "x" * 1000 + "{% endfor %}{% endmacro %}{{ m() }}",
        ("宏、块或 set 收集的输出过大",),
    ),
    "set_block_collects_huge_values": Attack(
        "{% set s = 'x' * 1000000 %}{% set t %}{% for i in range(10000) %}{{ s }}{% endfor %}{% endset %}",
        ("写出的内容超过 20000000 个字符",),
    ),
    "macro_collects_records": Attack(
        "{% macro m() %}{% for i in range(100000) %}{{ report }}{% endfor %}{% endmacro %}{{ m() }}",
        ("写出的内容超过 20000000 个字符",),
    ),
    "huge_output": Attack("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", ("20000000",)),
    "macro_recursion": Attack("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", ("递归",)),
    "include_each_other": Attack(
        "{% include 'a.j2' %}",
        ("递归", ".j2:1:"),
        files={"a.j2": "{% include 'b.j2' %}", "b.j2": "{% include 'a.j2' %}"},
        where="",
        line=None,
    ),
    "self_include": Attack("<document>\n{% include 'document.xml.j2' %}", ("document.xml.j2",), line=2),
    # the markup's own tricks: entities defined in the output
    "entity_bomb": Attack(
        '<!DOCTYPE document [\n<!ENTITY a "'
        + "a" * 100
        + '">\n'
        + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 20}">\n' for p, n in zip("abcde", "bcdef", strict=True))
        + "]>\n<document><p>&f;</p></document>",
        ("实体展开过大",),
        line=9,
    ),
    "external_entity": Attack(
        '<!DOCTYPE document [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n<document><p>&x;</p></document>',
        ("未定义的实体",),
        line=4,
    ),
    # plain mistakes
    "broken_xml": Attack("<document>\n<p>\n<b>x</p>\n</document>", ("结束标签与开始标签不匹配",), line=3),
    "bare_ampersand": Attack("<document>\n<p>a & b</p>\n</document>", ("不合法",), line=2),
    "undefined_name": Attack("<document>\n{{ nosuch }}\n</document>", ("nosuch",), line=2),
    "syntax_error": Attack("<document>\n{% for %}\n</document>", ("模板语法错误",), line=2),
    "bad_cn_numeral": Attack("{{ 100000000|cn_numeral }}", ("cn_numeral",)),
}


def _scene(folder: Path) -> Path:
    """A folder with a template set to fill in, files outside it, and an earlier output file."""
    (folder / "tpl").mkdir()
    outside = folder / "outside"
    outside.mkdir()
    (outside / "secret.xml.j2").write_text("<document><p>SECRET</p></document>", encoding="utf-8")
    shutil.copy(FONT, outside / "evil.ttf")
    (folder / "out").mkdir()
    (folder / "out" / "doc.pdf").write_bytes(b"an earlier, good output")
    return folder


def _fill(text: str, scene: Path) -> str:
    payload = _jinja_string(pickle.dumps(_Touch(scene / "marker"), protocol=0))
    return text.replace("{marker}", str(scene / "marker")).replace("{pickle}", payload)


def _write_set(attack: Attack, folder: Path, scene: Path) -> None:
    outside = scene / "outside"
    (folder / ENTRY).write_text(_fill(attack.template, scene) or "<document/>", encoding="utf-8")
    for name, text in attack.files.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, target in attack.links.items():
        (folder / name).symlink_to(target if target.startswith("/") else outside / target)
    if attack.manifest:
        (folder / "template.yaml").write_text(attack.manifest.replace("{outside}", str(outside)), encoding="utf-8")


def _assert_no_effect(ran: Ran, attack: Attack, folder: Path, scene: Path, before: dict[str, str]) -> None:
    place = f"{folder / attack.where}" + (f":{attack.line}:" if attack.line else "")
    assert_refused(ran, mentions=(place, *attack.mentions), before=before, folder=scene)
    assert not (scene / "marker").exists(), "the attack ran a command"
    assert "root:" not in ran.message and "SECRET" not in ran.message, "the attack read a file outside"


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, str], Ran]]:
    """Every attack run once, a few at a time (each in its own scene): scene, its files before, the run."""
    scenes = {}
    for name, attack in ATTACKS.items():
        scene = _scene(tmp_path_factory.mktemp(name))
        _write_set(attack, scene / "tpl", scene)
        scenes[name] = scene, snapshot(scene)

    def attack(name: str) -> Ran:
        scene = scenes[name][0]
        return run_cli(["--template", scene / "tpl", "-o", scene / "out" / "doc.pdf"], cwd=scene)

    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = dict(zip(scenes, pool.map(attack, scenes), strict=True))
    return {name: (*scenes[name], runs[name]) for name in scenes}


@pytest.mark.parametrize("name", ATTACKS)
def test_template_attack_is_refused(attacked: dict[str, tuple[Path, dict[str, str], Ran]], name: str) -> None:
    scene, before, ran = attacked[name]
    _assert_no_effect(ran, ATTACKS[name], scene / "tpl", scene, before)


@pytest.mark.parametrize("name", ["parse_raw_pickle", "include_symlink_out", "cycler", "previous_loader"])
def test_period_override_attack_is_refused(tmp_path: Path, name: str) -> None:
    """The same attacks from a period's override folder (a shared workspace), with the previous period at hand."""
    attack = ATTACKS[name]
    workspace = tmp_path / "ws"
    shutil.copytree(ROOT / "examples" / "workspace", workspace)
    _scene(tmp_path)
    folder = workspace / "periods" / "2023-12" / "templates" / "briefing"
    _write_set(attack, folder, tmp_path)
    before = snapshot(tmp_path)
    ran = run_cli(["--period", "2023-12", "--format", "all"], cwd=workspace)
    _assert_no_effect(ran, attack, folder, tmp_path, before)


def test_unknown_template_names_only_real_sets(tmp_path: Path) -> None:
    ran = run_cli(["--template", "nosuch", "-o", tmp_path / "x.pdf"], cwd=tmp_path)
    assert_refused(ran, mentions=("找不到模板 nosuch", "briefing", "report"))
    assert "common" not in ran.message
    for name in ("common", "../templates/briefing", "/etc"):
        assert run_cli(["--template", name, "-o", tmp_path / "x.pdf"], cwd=tmp_path).status == 2
    assert not (tmp_path / "x.pdf").exists()


def test_links_inside_the_template_folder_still_work(tmp_path: Path) -> None:
    """Confinement refuses links out, not links within: a set may share a file with itself."""
    scene = _scene(tmp_path)
    folder = scene / "tpl"
    shutil.copytree(data_dir("templates") / "briefing", folder, dirs_exist_ok=True)
    (folder / "real.xml.j2").write_text("<p>共用</p>", encoding="utf-8")
    (folder / "alias.xml.j2").symlink_to(folder / "real.xml.j2")
    text = (folder / ENTRY).read_text(encoding="utf-8")
    (folder / ENTRY).write_text(text.replace("{% endblock %}", "{% include 'alias.xml.j2' %}{% endblock %}", 1))
    ran = run_cli(["--template", folder, "-o", scene / "new.pdf"], cwd=scene)
    assert ran.status == 0, ran.message
    assert (scene / "new.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("name", ["parse_raw_pickle", "include_symlink_to_shadow", "nested_loops"])
def test_validate_refuses_the_attack_too(tmp_path: Path, name: str) -> None:
    """validate renders the template as a build does, so it meets the same sandbox (its report is on stdout)."""
    attack = ATTACKS[name]
    scene = _scene(tmp_path)
    _write_set(attack, scene / "tpl", scene)
    before = snapshot(scene)
    ran = run_cli(["validate", "--template", scene / "tpl"], cwd=scene)
    assert ran.status == 2 and "Traceback" not in ran.message, ran.message
    assert f"{scene / 'tpl' / ENTRY}:1:" in ran.out and "1 处问题" in ran.out, ran.message
    assert not (scene / "marker").exists() and snapshot(scene) == before


def test_deadline_holds_outside_the_main_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_report) -> None:
    """Where no timer signal can be used (a worker thread), the checks at each range step stop the loop."""
    from lintou_report.errors import UserError
    from lintou_report.source import sandbox
    from lintou_report.source.templating import render_markup

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)
    (tmp_path / ENTRY).write_text(ATTACKS["nested_loops"].template, encoding="utf-8")
    with ThreadPoolExecutor(max_workers=1) as pool:
        error = pool.submit(lambda: pytest.raises(UserError, render_markup, seed_report, str(tmp_path))).result()
    assert "模板运行超过 0.2 秒" in str(error.value) and f"{tmp_path / ENTRY}:1:" in str(error.value)


def test_memory_running_out_is_a_template_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_report) -> None:
    """What no limit foresaw and the machine refused (here a filter standing in for it) is still named."""
    from lintou_report.errors import UserError
    from lintou_report.source import templating

    def exhausted(value: object) -> str:
        raise MemoryError

    monkeypatch.setattr(templating, "cn_date", exhausted)
    (tmp_path / ENTRY).write_text("<document>\n{{ meta.date|cn_date }}</document>", encoding="utf-8")
    with pytest.raises(UserError) as error:
        templating.render_markup(seed_report, str(tmp_path))
    assert f"{tmp_path / ENTRY}:2: 模板运行耗尽了内存" in str(error.value)
