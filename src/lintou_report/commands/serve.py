"""lintou-report serve: the 文秘工作台, a local web workbench for a workspace."""

from __future__ import annotations

import contextlib
import errno
import getpass
import ipaddress
import socket
import sys
from pathlib import Path

from lintou_report.commands.options import Parser
from lintou_report.errors import UserError


def usable_port(host: str, port: int) -> int:
    """``port`` (0: a free one) if the server can listen there; else a Chinese message."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.bind((host, port))
            return s.getsockname()[1]
    except OSError as exc:
        reason = "端口已被占用" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
        raise UserError.simple(
            f"无法在 {host}:{port or '（自动）'} 上启动工作台：{reason}",
            fix="去掉 --port 让工作台自动选一个空闲端口，或检查 --host 是否是本机的地址",
        ) from None


def loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _password(workspace: Path) -> str:
    """The stored password hash; asked for and stored the first time the workbench is opened to others."""
    from lintou_report.web.security import read_password, store_password

    stored = read_password(workspace)
    if stored:
        return stored
    if not sys.stdin.isatty():
        raise UserError.simple(
            "工作台对其他电脑开放（--host 不是 127.0.0.1）时必须设置密码，但当前无法输入密码",
            fix="在终端中运行一次 lintou-report serve --host …，按提示设置密码",
        )
    print("工作台将对其他电脑开放，须先设置访问密码（保存为散列值，不保存明文）。")
    first = getpass.getpass("设置密码：")
    if len(first) < 8 or first != getpass.getpass("再输入一次："):
        raise UserError.simple("两次输入的密码不一致，或少于 8 个字符", fix="重新运行并设置至少 8 个字符的密码")
    path = store_password(workspace, first)
    print(f"密码已保存（散列值）：{path}；要改密码，删去这个文件后重新运行。")
    return read_password(workspace) or ""


def main(argv: list[str]) -> int:
    p = Parser(command="serve")
    p.add_argument(
        "workspace",
        nargs="?",
        type=Path,
        metavar="工作目录",
        help="工作区文件夹（含 periods/），默认从当前文件夹向上查找",
    )
    p.add_argument("--port", type=int, default=0, metavar="端口", help="端口，默认自动选一个空闲端口")
    p.add_argument(
        "--host", default="127.0.0.1", metavar="地址", help="监听地址，默认 127.0.0.1（仅本机）；其他地址须设置密码"
    )
    p.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    args = p.parse_args(argv)
    from lintou_report.web.library import open_workspace

    root = open_workspace(args.workspace.resolve() if args.workspace else Path.cwd()).root
    password = None
    if not loopback(args.host):
        password = _password(root)
        print(f"注意：工作台对其他电脑开放（{args.host}），访问时须输入密码。")
    import uvicorn

    from lintou_report.web.app import create_app

    port = usable_port(args.host, args.port)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    address = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else shown}:{port}/"
    print(f"文秘工作台已启动：{address}（工作区 {root}）")
    print("在浏览器中打开上面的地址；按 Ctrl+C 停止。", flush=True)
    if not args.no_browser:
        import webbrowser

        webbrowser.open(address)
    app = create_app(root, password) if password is None else create_app(root, password, hosts=None)
    config = uvicorn.Config(app, host=args.host, port=port, log_level="warning")
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn stops on Ctrl+C, then raises it again: the way out here
        uvicorn.Server(config).run()
    print("文秘工作台已停止。")
    return 0
