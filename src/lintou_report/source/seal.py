"""A seal picture named by the markup (<signature seal-image="…">): untrusted, so it is confined to the data
file's folder, limited in bytes and pixels (limits.py), decoded in full once (a truncated or disguised file
is refused here, not in a writer) and re-encoded as PNG, transparency kept, with nothing of the original
file's metadata: the same picture gives the same bytes."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from lintou_report.errors import Problem, UserError
from lintou_report.source.limits import MAX_SEAL_IMAGE_BYTES, MAX_SEAL_IMAGE_PIXELS
from lintou_report.tree import SealImage

FORMATS = {"PNG", "JPEG"}
FIX_FORMAT = "印章图片请用 PNG（推荐，背景透明）或 JPEG 格式"


def _problem(message: str, file: str, fix: str) -> UserError:
    return UserError(Problem(message, file=file, field="seal-image", fix=fix))


def resolve(name: str, base: Path | None, source: str) -> Path:
    """The picture's path: relative to ``base`` (the data file's folder) and inside it."""
    if base is None:
        raise _problem(f"找不到印章图片“{name}”：没有数据文件所在的文件夹", source, "从数据文件生成文档")
    if not name or Path(name).is_absolute() or "\\" in name or "\0" in name:
        raise _problem(f"印章图片路径“{name}”不可用", source, "写相对于数据文件所在文件夹的路径，如 seal.png")
    folder = base.resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        raise _problem(f"印章图片“{name}”不在数据文件所在的文件夹内", source, "把印章图片放到数据文件所在的文件夹")
    if not path.is_file():
        raise _problem(f"找不到印章图片“{name}”（在 {folder} 中）", source, "检查文件名，或把图片放到数据文件旁边")
    return path


def load(name: str, base: Path | None, source: str) -> SealImage:
    """The seal picture ``name`` (markup attribute text), checked and re-encoded as PNG."""
    path = resolve(name, base, source)
    with path.open("rb") as handle:
        data = handle.read(MAX_SEAL_IMAGE_BYTES + 1)
    return checked(data, str(path))


def checked(data: bytes, where: str) -> SealImage:
    """The seal picture in ``data`` (named ``where`` in messages), checked against the limits and re-encoded."""
    from PIL import Image

    if len(data) > MAX_SEAL_IMAGE_BYTES:
        limit = MAX_SEAL_IMAGE_BYTES // (1024 * 1024)
        raise _problem(f"印章图片超过 {limit} MB", where, "用较小的图片（印章 42 毫米，600 dpi 约 1000 像素见方即可）")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=sorted(FORMATS)) as image:
                width, height = image.size
                if width * height > MAX_SEAL_IMAGE_PIXELS or not width or not height:
                    raise _problem(
                        f"印章图片有 {width}×{height} 像素，超过上限 {MAX_SEAL_IMAGE_PIXELS} 像素",
                        where,
                        "把图片缩小到 4096×4096 像素以内",
                    )
                image.load()
                mode = "RGBA" if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info else "RGB"
                converted = image.convert(mode)
    except UserError:
        raise
    except Exception:  # whatever a broken or disguised file makes Pillow raise
        raise _problem("印章图片无法读取：不是完整的 PNG 或 JPEG 图片", where, FIX_FORMAT) from None
    out = io.BytesIO()
    converted.save(out, format="PNG", optimize=False, compress_level=9)
    return SealImage(out.getvalue(), width, height)
