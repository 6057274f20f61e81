"""The workbench's web application: periods, the period editor with live preview, downloads, check,
extract and the metrics spreadsheet. Pages are rendered on the server (Jinja2, autoescaped); htmx makes
the editor live. Every POST carries the session's CSRF token; every path from a request stays in the workspace.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import shutil
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, UndefinedError, select_autoescape
from ruamel.yaml.error import YAMLError
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from lintou_report.errors import Problem, UserError
from lintou_report.resources import data_dir
from lintou_report.source.limits import MAX_CO_ISSUERS
from lintou_report.web import extracted, forms, library
from lintou_report.web.preview import Previews
from lintou_report.web.security import Session, Sessions, inside, password_matches, token_ok, workspace_secret
from lintou_report.workspace import roundtrip, spreadsheet
from lintou_report.workspace.periods import DEFAULT_TEMPLATE, SETTINGS
from lintou_report.writers.archive import UNIX, zip_bytes

HERE = Path(__file__).parent
MAX_UPLOAD = 5 * 1024 * 1024  # an article or a spreadsheet: far above any real one
MAX_FILES, MAX_FIELDS = 2, 5000  # a period's form has a few hundred inputs
COOKIE = "lintou_session"
UI_FONT = "NotoSansCJKsc-Medium.gw.ttf"
KEEP_PENDING = 32
KEEP_VERSIONS = 64  # texts a form may have been opened on, for showing what changed since
_STATUS = {404: "没有这个页面", 405: "不支持这种请求方式", 422: "请求的内容不完整"}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
REPORT_TO = "请把出错前的操作和终端中显示的信息报告给维护者（项目的问题跟踪）。"
RECYCLE = "recycle"
_PERIOD = re.compile(r"\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?")
ARTICLE_KINDS = (".txt", ".html", ".htm", ".docx")  # what extract reads
_MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ofd": "application/ofd",
}
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ui() -> Environment:
    """The UI's own environment: ordinary autoescaping HTML pages (not the document templates' sandbox)."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.globals.update(
        forms=forms,
        templates=library.TEMPLATES,
        metric_tables=library.METRIC_TABLES,
        shown=forms.shown,
        slot_id=forms.slot_id,
    )
    env.globals["extracted_suggestions"] = extracted.suggestions
    return env


async def posted(request: Request) -> FormData:
    """The request's form, after its CSRF token (header or field) is checked."""
    try:
        form = await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=MAX_UPLOAD + 1)
    except StarletteHTTPException as exc:  # the multipart parser's refusals, in English
        message = f"提交的内容超出限制（一次最多 {MAX_FILES} 个文件、{MAX_FIELDS} 个输入项，每个不超过 5 MB）"
        raise HTTPException(exc.status_code, message + "：请分开提交，或删去多余的内容") from None
    sent = request.headers.get("x-csrf-token") or form.get("_csrf")
    if not token_ok(request.state.session, sent if isinstance(sent, str) else None):
        raise HTTPException(403, "表单已过期或来源不明（CSRF 校验未通过）：请刷新页面后重试")
    return form


Posted = Annotated[FormData, Depends(posted)]


def create_app(root: Path, password_hash: str | None = None, hosts: tuple[str, ...] | None = LOOPBACK) -> FastAPI:
    """The workbench for the workspace at ``root``; with ``password_hash`` every page asks for the password.

    ``hosts`` are the names the browser may call the server by (None: any): on loopback only its own names, so
    that a web page whose name is made to point at 127.0.0.1 (DNS rebinding) cannot use the workbench."""
    workspace = library.open_workspace(root.resolve())
    app = FastAPI(title="lintou-report 文秘工作台", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    env = _ui()
    sessions = Sessions(workspace_secret(workspace.root))
    previews = Previews()
    drafts: dict[str, Any] = {}  # extract results and uploaded sheets awaiting the clerk's decision, by token
    opened: dict[str, str] = {}  # data files' texts by version: what a stale form started from

    def remember(pending: Any) -> str:
        token = secrets.token_urlsafe(16)
        drafts[token] = pending
        while len(drafts) > KEEP_PENDING:  # the oldest are dropped: a clerk finishes one before the next
            drafts.pop(next(iter(drafts)))
        return token

    @app.middleware("http")
    async def session_and_limits(request: Request, call_next):
        session_id, session, new = sessions.get(request.cookies.get(COOKIE))
        request.state.session = session
        length = request.headers.get("content-length")
        if hosts is not None and _host_name(request.headers.get("host", "")) not in hosts:
            response = page(
                request, "message.html", 400, title="地址不对", message="请用 lintou-report serve 显示的地址打开工作台"
            )
        elif request.method == "POST" and length and length.isdigit() and int(length) > MAX_UPLOAD + 64 * 1024:
            response = page(request, "message.html", 413, title="文件太大", message=_too_big())
        elif password_hash and not session.signed_in and not _open_path(request.url.path):
            response = RedirectResponse("/login", 303)
        else:
            response = await call_next(request)
        if new:
            response.set_cookie(COOKIE, session_id, httponly=True, samesite="strict")
        return response

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        session: Session = request.state.session
        html = env.get_template(name).render(csrf=session.csrf, request=request, **context)
        return HTMLResponse(html, status)

    @app.exception_handler(StarletteHTTPException)  # FastAPI's own and the router's (no such page)
    async def http_error(request: Request, exc: StarletteHTTPException):
        english = not re.search(r"[\u4e00-\u9fff]", str(exc.detail))  # the router's or a library's own words
        message = _STATUS.get(exc.status_code, "请求无法完成") if english else str(exc.detail)
        return page(request, "message.html", exc.status_code, title="无法完成", message=message)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):
        message = (
            f"工作台内部出错（{type(exc).__name__}）：这是 lintou-report 的缺陷，不是你的数据的问题；未写入任何文件。"
        )
        return page(request, "message.html", 500, title="内部错误", message=message + REPORT_TO)

    @app.exception_handler(UserError)
    async def user_error(request: Request, exc: UserError):
        return page(request, "message.html", 400, title="无法完成", problems=exc.problems)

    # --- the workspace's periods -------------------------------------------------------------------

    def period_folder(period_id: str) -> Path:
        """The period's folder, refused unless the id is a period's and the folder lies in the workspace."""
        folder = inside(workspace.root, "periods", period_id) if _known(period_id) else None
        if folder is None or not (folder / "report.yaml").is_file():
            raise HTTPException(404, f"没有这个报告期：{period_id}")
        return folder

    def template_of(period_id: str) -> str:
        """The period's chosen template, as the CLI reads it; a broken settings file: the default, which a
        save rewrites."""
        period_folder(period_id)
        try:
            chosen = workspace.period(period_id).template()
        except UserError:
            return DEFAULT_TEMPLATE
        return chosen if chosen in library.TEMPLATES else DEFAULT_TEMPLATE

    def state(period_id: str) -> dict[str, Any]:
        template = template_of(period_id)
        text = library.data_path(workspace, period_id).read_text(encoding="utf-8")
        outcome = library.validate_text(workspace, period_id, text, template)
        built = library.built_at(workspace, period_id, template)
        if outcome.problems:
            word = f"有问题（{len(outcome.problems)} 处）"
        elif built:
            word = f"已生成（{built:%Y-%m-%d %H:%M}）"
        else:
            word = "可生成"
        return {
            "id": period_id,
            "label": library.label_of(period_id),
            "template": template,
            "state": word,
            "owed": owed(period_id, text),
        }

    def owed(period_id: str, text: str) -> str:
        """What the period still carries from the last, in words: 上期原文 11 处、待核对指标 19 项 (or "")."""
        data, previous = _edited(text), previous_data(period_id)
        if data is None:
            return ""
        carried = len(forms.carried(data, previous[1])) if previous else 0
        metrics = data.get("metrics") if isinstance(data.get("metrics"), list) else []
        reviews = sum(1 for m in metrics if isinstance(m, dict) and m.get("review"))
        parts = [f"上期原文 {carried} 处" if carried else "", f"待核对指标 {reviews} 项" if reviews else ""]
        return "、".join(filter(None, parts))

    def recycled() -> list[str]:
        folder = workspace.root / RECYCLE
        return sorted((p.name for p in folder.iterdir() if p.is_dir()), reverse=True) if folder.is_dir() else []

    @app.get("/", response_class=HTMLResponse)
    def periods(request: Request):
        return periods_page(request)

    def periods_page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
        rows = [state(i) for i in library.period_ids(workspace)]
        ids = [r["id"] for r in rows if r["template"] in PERIODICAL]  # a 通知 is not continued period by period
        latest = {library.period_kind(i): i for i in ids}  # the latest month, quarter and year
        upcoming = [(library.next_period_id(i), i) for i in latest.values()]
        context.setdefault("new_date", dt.date.today().isoformat())
        return page(
            request,
            "periods.html",
            status,
            rows=rows,
            upcoming=upcoming,
            recycled=recycled(),
            root=workspace.root,
            kinds={k: v for k, v in library.TEMPLATES.items() if k not in PERIODICAL},
            **context,
        )

    @app.post("/documents/new")
    def create_document(request: Request, form: Posted):
        """新建公文: a document of the chosen kind, from the kind's example or an empty skeleton, in a folder named
        by its date and a short name (2024-03-05-防汛通知; the kind's word when the clerk gives none), -2, -3 …
        after it when that day already has one of the name. A 简报 or 报告 is a period's (新建下一期)."""
        kind = str(form.get("kind") or "")
        day, name = str(form.get("date") or "").strip(), re.sub(r"\s", "", str(form.get("name") or ""))
        start = str(form.get("start") or "example")
        problem = None
        try:
            date = dt.date.fromisoformat(day) if _DAY.fullmatch(day) else None
        except ValueError:
            date = None
        if kind not in library.TEMPLATES or kind in PERIODICAL:
            problem = Problem("请选择公文种类", field="kind")
        elif date is None:
            problem = Problem(f"日期 {day or '（空）'} 不对", field="date", fix="写成 年-月-日，如 2024-03-05")
        elif name and not library.DOCUMENT_NAME.fullmatch(name):
            fix = f"只用汉字、字母和数字，不超过 {library.DOCUMENT_NAME_CHARS} 个字，不要空格和标点，如 防汛通知"
            problem = Problem(f"名称“{name}”不能用作文件夹名", field="name", fix=fix)
        if problem or date is None:
            again = {"new_date": day, "new_name": name, "new_kind": kind, "new_start": start}
            return periods_page(request, 400, problems=[problem], **again)
        example = library.kind_example(kind) if start == "example" else None
        text = _from_example(example, kind, date) if example else _skeleton(kind, date)
        document_id = library.create_document(workspace, date, name or KIND_WORDS[kind], kind, text)
        return RedirectResponse(f"/p/{document_id}", 303)

    @app.post("/periods/next")
    def create_next(request: Request, form: Posted):
        ids = library.period_ids(workspace)
        source = str(form.get("from") or (ids[-1] if ids else ""))
        if source not in ids:
            raise HTTPException(400, "工作区中还没有这一期，无法顺延：先用“从原稿新建”建立第一期")
        later = [i for i in ids if library.period_kind(i) == library.period_kind(source)][-1]
        new_id = library.next_period_id(later)
        library.create_period(workspace, new_id, later)
        return RedirectResponse(f"/p/{new_id}", 303)

    @app.post("/periods/{period_id}/delete")
    def delete(period_id: str, form: Posted):
        folder = period_folder(period_id)
        (workspace.root / RECYCLE).mkdir(exist_ok=True)
        target = inside(workspace.root, RECYCLE, f"{period_id}@{dt.datetime.now():%Y%m%d-%H%M%S}")
        if target is None:  # the recycle folder is a link out of the workspace
            raise HTTPException(409, f"回收站文件夹 {RECYCLE} 指向工作区之外，未删除：请检查这个文件夹")
        shutil.move(folder, target)
        return RedirectResponse("/", 303)

    @app.post("/recycle/{name}/restore")
    def restore(name: str, form: Posted):
        source = inside(workspace.root, RECYCLE, name)
        period_id = name.partition("@")[0]
        if source is None or not source.is_dir() or not _known(period_id):
            raise HTTPException(404, f"回收站中没有：{name}")
        target = workspace.root / "periods" / period_id
        if target.exists():
            raise HTTPException(409, f"报告期 {period_id} 已存在，不能恢复：先删除现有的 {period_id}")
        shutil.move(source, target)
        return RedirectResponse("/", 303)

    @app.get("/font/ui.ttf")
    def ui_font():
        """The bundled sans-serif face, for machines without a Chinese UI font (no network needed)."""
        cache = {"Cache-Control": "max-age=86400"}
        return FileResponse(data_dir("fonts") / UI_FONT, media_type="font/ttf", headers=cache)

    # --- the period editor -------------------------------------------------------------------------

    def current(period_id: str) -> tuple[str, str]:
        text = (period_folder(period_id) / "report.yaml").read_text(encoding="utf-8")
        version = roundtrip.version(text)
        opened[version] = text
        while len(opened) > KEEP_VERSIONS:
            opened.pop(next(iter(opened)))
        return text, version

    def previous_data(period_id: str) -> tuple[str, dict[str, Any]] | None:
        """The previous period's id and data (None: no previous period, or one the form cannot read)."""
        found = library.previous_text(workspace, period_id)
        data = _edited(found[1]) if found else None
        return (found[0], data) if found and data is not None else None

    def examined(period_id: str, data: dict[str, Any], choice: library.Choice, saving: bool = False) -> dict[str, Any]:
        """The editor's context for ``data``: problems at their fields, and a preview when there are none.

        ``saving`` makes the text that is saved (the clerk's layout kept), else a quicker one to check."""
        text, _ = current(period_id)
        data = forms.kept(data, _edited(text))
        filled = forms.with_ids(data, library.metric_id)  # a new metric's id, made from its label
        candidate = (roundtrip.updated_text if saving else roundtrip.checked_text)(text, filled)
        outcome, pdf = library.examine(workspace, period_id, candidate, choice)
        known = set(forms.slots(data))
        at: dict[str, list[Problem]] = {}
        for p in outcome.problems:
            at.setdefault(forms.place(p.field, known), []).append(p)
        notes: dict[str, list[Problem]] = {}
        for p in outcome.notes:
            notes.setdefault(forms.place(p.field, known), []).append(p)
        preview = previews.add(pdf) if pdf is not None else None
        previous = previous_data(period_id)
        carried = forms.carried(data, previous[1]) if previous else []
        for name in carried:
            notes.setdefault(forms.place(name, known), []).append(
                Problem(f"仍是上期（{previous[0]}）的原文：请按本期情况改写")
            )
        return {
            "data": filled if saving else data,  # ids made at a save are kept from then on
            "carried": carried,
            "previous_id": previous[0] if previous else None,
            "declared": library.fields_of(choice.template),
            "required": library.required_of(choice.template),
            "at": at,
            "notes": notes,
            "slots": known,
            "preview": preview,
            "candidate": candidate,
            "problems": outcome.problems,
            "reminders": len(outcome.notes),
            "template": choice.template,
            "choice": choice,
            "clauses": _clauses(data),
        }

    def editor(request: Request, period_id: str, ctx: dict[str, Any], version: str, partial: bool, **extra: Any):
        name = "editor_partial.html" if partial else "editor.html"
        return page(
            request, name, period_id=period_id, label=library.label_of(period_id), version=version, **ctx, **extra
        )

    @app.get("/p/{period_id}", response_class=HTMLResponse)
    def edit(request: Request, period_id: str):
        text, version = current(period_id)
        template = template_of(period_id)
        try:
            data = {k: roundtrip.plain(v) for k, v in roundtrip.load(text).items() if k in roundtrip.EDITED}
            choice = library.choice_of(workspace, period_id, template)
            return editor(request, period_id, examined(period_id, data, choice), version, False)
        except (YAMLError, AttributeError, TypeError, UndefinedError):  # a file the form cannot hold
            problems = library.validate_text(workspace, period_id, text, template).problems
            fix = f"用文本编辑器按提示改好 periods/{period_id}/report.yaml，再刷新本页"
            return page(
                request,
                "message.html",
                400,
                title="这一期的数据文件有误，无法用表单编辑",
                problems=problems or [Problem("数据文件的结构不是报告的结构", fix=fix)],
                message=fix,
            )

    def from_form(form: FormData) -> tuple[dict[str, Any], library.Choice]:
        """The form's data and its settings (an unknown choice: the default)."""
        template = str(form.get("_template") or DEFAULT_TEMPLATE)
        tables = str(form.get("_metric_tables") or "per_theme")
        choice = library.Choice(
            template if template in library.TEMPLATES else DEFAULT_TEMPLATE,
            tables if tables in library.METRIC_TABLES else "per_theme",
            form.get("_duplex") != "false",
        )
        return forms.parse_form(form), choice

    @app.post("/p/{period_id}/live", response_class=HTMLResponse)
    def live(request: Request, period_id: str, form: Posted):
        data, choice = from_form(form)
        return page(request, "live.html", period_id=period_id, **examined(period_id, data, choice))

    @app.post("/p/{period_id}/op", response_class=HTMLResponse)
    def operate(request: Request, period_id: str, form: Posted):
        data, choice = from_form(form)
        forms.apply_op(data, str(form.get("op", "")))
        ctx = examined(period_id, data, choice)
        return editor(request, period_id, ctx, str(form.get("_version")), True, advanced=_advanced(form))

    @app.post("/p/{period_id}/save", response_class=HTMLResponse)
    def save(request: Request, period_id: str, form: Posted):
        data, choice = from_form(form)
        ctx = examined(period_id, data, choice, saving=True)
        sent = str(form.get("_version", ""))
        _, version = current(period_id)
        if sent != version and form.get("_overwrite") != "1":
            theirs = _edited(current(period_id)[0]) or {}
            before = _edited(opened[sent]) if sent in opened else None
            changes = forms.differences(before, theirs, data)
            return editor(
                request,
                period_id,
                ctx,
                sent,
                True,
                advanced=_advanced(form),
                conflict=True,
                changes=changes,
                known=before is not None,
            )
        if ctx["problems"]:
            saved = "有问题未保存：请先按提示改正标红的各项"
            return editor(request, period_id, ctx, sent, True, advanced=_advanced(form), saved=saved)
        folder = period_folder(period_id)
        roundtrip.save(folder / "report.yaml", ctx["candidate"])
        if choice != library.choice_of(workspace, period_id, template_of(period_id)) or (folder / SETTINGS).is_file():
            roundtrip.save(folder / SETTINGS, choice.text())
        _, version = current(period_id)
        saved = f"已保存（{dt.datetime.now():%H:%M:%S}）"
        return editor(request, period_id, ctx, version, True, advanced=_advanced(form), saved=saved)

    @app.post("/p/{period_id}/seal", response_class=HTMLResponse)
    async def seal_upload(request: Request, period_id: str, form: Posted):
        """A seal picture uploaded from the editor: checked as a build checks it, kept in the period's folder
        and named in the form's 印章图片 (saved with the form, as every other edit). With ``_seal_for`` k, the
        k-th organ's of a joint document (its input seal-k, its name in meta.seal.images[k])."""
        period_folder(period_id)
        data, choice = from_form(form)
        slot = str(form.get("_seal_for") or "")
        organ = int(slot) if slot.isdigit() and int(slot) <= MAX_CO_ISSUERS else None
        field = "seal" if organ is None else "meta.seal.images"
        upload = form.get("seal" if organ is None else f"seal-{organ}")
        problem = None
        if not isinstance(upload, UploadFile) or not upload.filename:
            problem = Problem("请选择印章图片（PNG 或 JPEG）", field=field)
        else:
            raw = await upload.read(MAX_UPLOAD + 1)
            try:
                name = library.store_seal(workspace, period_id, raw, organ)
            except UserError as exc:
                problem = exc.problems[0]
                problem.field = field
            else:
                meta = data.setdefault("meta", {})
                seal = meta.get("seal") if isinstance(meta.get("seal"), dict) else {}
                if organ is None:
                    meta["seal"] = {**seal, "image": name}
                else:  # every organ up to this one named: those not uploaded yet by the names theirs will have
                    images = [str(i) for i in seal.get("images") or []]
                    images += [library.seal_file(k) for k in range(len(images), organ + 1)]
                    images[organ] = name
                    seal.pop("image", None)
                    meta["seal"] = {**seal, "images": images}
        ctx = examined(period_id, data, choice)
        if problem:
            ctx["at"].setdefault(field, []).append(problem)
        return editor(request, period_id, ctx, str(form.get("_version")), True, advanced=_advanced(form))

    @app.get("/p/{period_id}/page/{key}/{number}.png")
    def page_image(period_id: str, key: str, number: int):
        image = previews.page(key, number)
        if image is None:
            raise HTTPException(404, "预览已过期：请刷新页面")
        return Response(image, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    # --- downloads and check -----------------------------------------------------------------------

    @app.get("/p/{period_id}/download/{fmt}")
    def download(period_id: str, fmt: str):
        if fmt not in ("pdf", "docx", "ofd", "pdfa", "zip"):
            raise HTTPException(404, "只能下载 pdf、docx、ofd、pdfa 或 zip")
        period_folder(period_id)
        template = template_of(period_id)
        if fmt == "pdfa":  # an archival copy, made for the download and not kept in out/
            data = library.pdfa(workspace, period_id, template)
            return _attachment(data, f"{template}-{period_id}-PDFA.pdf", _MEDIA["pdf"])
        paths = library.build(workspace, period_id, template, ("pdf", "docx") if fmt == "zip" else (fmt,))
        if fmt != "zip":
            return _attachment(paths[0].read_bytes(), paths[0].name, _MEDIA[fmt])
        bundle = zip_bytes(((path.name, path.read_bytes()) for path in paths), mode=0o644, system=UNIX)
        return _attachment(bundle, f"{template}-{period_id}.zip", "application/zip")

    @app.get("/p/{period_id}/check", response_class=HTMLResponse)
    def check_page(request: Request, period_id: str):
        period_folder(period_id)
        paths = library.build(workspace, period_id, template_of(period_id), ("pdf", "docx"))
        reports = []
        for path in paths:
            try:
                reports.append((path, library.check_file(path), None))
            except UserError as exc:
                reports.append((path, None, exc.problems))
        label = library.label_of(period_id)
        profiles = library.check_profiles()
        return page(request, "check.html", period_id=period_id, label=label, reports=reports, profiles=profiles)

    # --- metrics spreadsheet -----------------------------------------------------------------------

    @app.get("/p/{period_id}/metrics.xlsx")
    def metrics_export(period_id: str):
        text, _ = current(period_id)
        report = library.load_report_text(text, period_id)
        book = spreadsheet.export_metrics(report, library.previous_report(workspace, period_id))
        return _attachment(book, f"指标-{period_id}.xlsx", _XLSX)

    @app.post("/p/{period_id}/metrics", response_class=HTMLResponse)
    async def metrics_upload(request: Request, period_id: str, form: Posted):
        upload = form.get("sheet")
        text, version = current(period_id)
        ctx: dict[str, Any] = {"period_id": period_id, "label": library.label_of(period_id), "version": version}
        if not isinstance(upload, UploadFile) or not upload.filename:
            return page(request, "sheet.html", 400, problems=[Problem("请选择要上传的表格文件", field="sheet")], **ctx)
        raw = await upload.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            return page(request, "sheet.html", 413, problems=[Problem(_too_big(), field="sheet")], **ctx)
        try:
            report = library.load_report_text(text, period_id)
            changes = spreadsheet.read_changes(raw, upload.filename, report)
            new_text = spreadsheet.apply_changes(text, changes)
        except UserError as exc:
            return page(request, "sheet.html", 400, problems=exc.problems, **ctx)
        outcome = library.validate_text(workspace, period_id, new_text, template_of(period_id))
        token = remember(("sheet", period_id, version, new_text))
        return page(request, "sheet.html", changes=changes, problems=outcome.problems, token=token, **ctx)

    @app.post("/p/{period_id}/metrics/apply")
    def metrics_apply(request: Request, period_id: str, form: Posted):
        kind, for_period, version, new_text = drafts.get(str(form.get("token")), (None, None, None, None))
        if kind != "sheet" or for_period != period_id:
            raise HTTPException(404, "这份表格的改动已过期：请重新上传")
        if current(period_id)[1] != version:
            raise HTTPException(409, "上传表格之后数据又被修改过（另一个标签页或直接改了文件）：请重新上传表格")
        outcome = library.validate_text(workspace, period_id, new_text, template_of(period_id))
        if outcome.problems:
            raise UserError(*outcome.problems)
        roundtrip.save(period_folder(period_id) / "report.yaml", new_text)
        drafts.pop(str(form.get("token")))
        return RedirectResponse(f"/p/{period_id}", 303)

    # --- extract -----------------------------------------------------------------------------------

    @app.get("/extract", response_class=HTMLResponse)
    def extract_form(request: Request):
        return page(request, "extract.html")

    @app.post("/extract", response_class=HTMLResponse)
    async def extract_post(request: Request, form: Posted):
        text = str(form.get("article") or "")
        upload = form.get("file")
        name = "粘贴的原稿"
        if isinstance(upload, UploadFile) and upload.filename:
            if not upload.filename.lower().endswith(ARTICLE_KINDS):
                problem = Problem(
                    "只能上传 .txt 文本、另存的网页（.html）或 Word 文件（.docx）",
                    field="file",
                    fix="把原稿另存为其中一种，或直接粘贴文字",
                )
                return page(request, "extract.html", 400, problems=[problem], article=text)
            raw = await upload.read(MAX_UPLOAD + 1)
            if len(raw) > MAX_UPLOAD:
                return page(request, "extract.html", 413, problems=[Problem(_too_big(), field="file")], article=text)
            try:
                result = library.extract_upload(raw, Path(upload.filename).name)
            except UserError as exc:
                return page(request, "extract.html", 400, problems=exc.problems, article="")
        else:
            if not text.strip():
                problem = Problem("请粘贴原稿文字或上传原稿文件", field="article")
                return page(request, "extract.html", 400, problems=[problem], article=text)
            if len(text.encode("utf-8")) > MAX_UPLOAD:
                return page(request, "extract.html", 413, problems=[Problem(_too_big(), field="article")], article="")
            try:
                result = library.extract_article(text, name)
            except UserError as exc:
                return page(request, "extract.html", 400, problems=exc.problems, article=text)
        token = remember(("extract", result))
        period = str(forms.get(roundtrip.load(result.draft), "meta.period.id") or "")
        problems = []
        if _PERIOD.fullmatch(period) and (workspace.root / "periods" / period).exists():  # said before the clerk acts
            problems = [_taken(period)]
        return page(request, "extracted.html", result=result, token=token, period=period, problems=problems)

    @app.post("/extract/{token}/create")
    def extract_create(request: Request, token: str, form: Posted):
        kind, result = drafts.get(token, (None, None))
        if kind != "extract":
            raise HTTPException(404, "这份草稿已过期：请重新提取")
        period_id = str(form.get("period", "")).strip()
        rejected = {int(k[7:]) for k in form if k.startswith("reject-") and k[7:].isdigit()}
        problem = None
        if not _PERIOD.fullmatch(period_id):
            problem = Problem(f"报告期代号 {period_id} 格式不对", field="period", fix="月度写 2024-01，季度写 2024-Q1")
        elif (workspace.root / "periods" / period_id).exists():
            problem = _taken(period_id)
        if problem:
            return page(
                request,
                "extracted.html",
                400,
                result=result,
                token=token,
                period=period_id,
                problems=[problem],
                rejected=rejected,
            )
        text = extracted.draft_for(result.draft, [result.findings[i] for i in sorted(rejected)], period_id)
        target = inside(workspace.root, "periods", period_id)
        assert target is not None  # the id matched _PERIOD
        roundtrip.save(target / "report.yaml", text)
        drafts.pop(token)
        return RedirectResponse(f"/p/{period_id}", 303)

    # --- password ----------------------------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request):
        return page(request, "login.html")

    @app.post("/login")
    def login(request: Request, form: Posted):
        if password_hash and password_matches(password_hash, str(form.get("password", ""))):
            request.state.session.signed_in = True
            return RedirectResponse("/", 303)
        return page(request, "login.html", 403, problems=[Problem("密码不对", field="password")])

    return app


PERIODICAL = ("briefing", "report")  # the kinds written period after period (新建下一期)
# a new document's name when the clerk gives none: its kind's word
KIND_WORDS = {"notice": "通知", "request": "请示", "letter": "函", "minutes": "纪要", "order": "令"}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _known(folder_id: str) -> bool:
    """A period's id (2024-01, 2024-Q1, 2024) or a document's (2024-03-05-防汛通知)."""
    return bool(_PERIOD.fullmatch(folder_id)) or library.is_document(folder_id)


def _from_example(text: str, kind: str, date: dt.date) -> str:
    """A kind's example as a new document's data: its own heading comment replaced by where it came from, its
    成文日期 and 印发日期 the day the clerk chose (its folder's); every other line as the example has it."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    head = f"# {library.TEMPLATES[kind]}：由文秘工作台“新建公文”从示例 examples/kinds/{kind}.yaml 建立，"
    head += "请改成本文的内容。\n"
    text = head + "".join(lines)
    data = _edited(text)
    if data is None or not isinstance(data.get("meta"), dict):
        return text
    data["meta"]["date"] = date
    if isinstance(data["meta"].get("printing"), dict):
        data["meta"]["printing"]["date"] = date
    return roundtrip.updated_text(text, data)


def _skeleton(kind: str, date: dt.date) -> str:
    """An empty document of ``kind`` dated ``date`` (the day the clerk chose, its folder's): the fields its
    template requires, blank (the editor names each)."""
    import yaml

    from lintou_report.workspace.roundtrip import plain

    meta: dict[str, Any] = {"issuer": "", "doc_number": "", "date": date, "title": ""}
    meta["recipients"] = {"main": [""]} if kind not in ("minutes", "order") else {}
    if kind == "request":
        meta |= {"signer": "", "note": ""}
    if kind != "letter":
        meta["printing"] = {"organ": "", "date": dt.date(date.year, date.month, date.day)}  # no YAML alias
    if kind in ("minutes", "order"):
        meta.pop("doc_number")
    if kind == "order":  # 10.2: the 签发人's 职务 and 签名章 (7.3.5.3)
        meta["seal"] = {"mode": "signature", "title": ""}
    data: dict[str, Any] = {"schema_version": 1, "meta": meta}
    if kind == "order":
        data["order"] = {"word": "令", "number": 1}
    if kind == "minutes":
        data["minutes"] = {"name": "", "attendance": [{"label": "出席", "names": [""]}]}
    data["body"] = [{"heading": "", "paragraphs": [""]}]
    head = f"# {library.TEMPLATES[kind]}：由文秘工作台“新建公文”建立的空白骨架，在工作台中逐项填写。\n"
    return head + yaml.safe_dump(plain(data), allow_unicode=True, sort_keys=False, width=1 << 16)


def _advanced(form: FormData) -> bool:
    """Whether the form shows the ids (metric and theme 代号) the workbench otherwise makes and keeps itself."""
    return form.get("_advanced") == "on"


def _edited(text: str) -> dict[str, Any] | None:
    """The parts of a data file the form edits, as plain data; None when the text is no such file."""
    try:
        tree = roundtrip.load(text)
        return {k: roundtrip.plain(v) for k, v in tree.items() if k in roundtrip.EDITED}
    except (YAMLError, AttributeError, TypeError):
        return None


def _taken(period_id: str) -> Problem:
    return Problem(
        f"工作区中已有报告期 {period_id}，不能再从原稿新建这一期",
        field="period",
        fix="改成另一个报告期代号（如下一期），或先在报告期列表中删除已有的那一期",
    )


def _host_name(host: str) -> str:
    """The name in a Host header, without the port: 127.0.0.1:8000 → 127.0.0.1, [::1]:8000 → ::1."""
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def _open_path(path: str) -> bool:
    return path in ("/login", "/font/ui.ttf") or path.startswith("/static/")


def _too_big() -> str:
    return f"文件太大：上传的文件不能超过 {MAX_UPLOAD // (1024 * 1024)} MB"


def _attachment(data: bytes, name: str, media: str) -> Response:
    from urllib.parse import quote

    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media, headers={"Content-Disposition": disposition})


def _clauses(data: dict[str, Any]) -> dict[str, list[str]]:
    """For each theme key and item number ("zhendi/1"), the clauses a metric's source can be picked from."""
    out = {}
    for theme in data.get("themes") or []:
        if not isinstance(theme, dict):
            continue
        for n, item in enumerate(theme.get("items") or [], 1):
            text = "".join(str(p) for p in (item.get("paragraphs") or []) if isinstance(item, dict))
            out[f"{theme.get('key')}/{n}"] = [c for c in library.metric_clauses(text) if re.search(r"\d", c)]
    return out
