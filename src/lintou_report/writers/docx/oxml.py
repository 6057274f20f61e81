"""WordprocessingML written as text: ``w("spacing", line=579, lineRule="exact")`` is
``<w:spacing w:line="579" w:lineRule="exact"/>``.

The body is written as text straight into the main document part, exactly as lxml would serialize its
elements; the parts every document shares are static files (skeleton/, written by parts.py).
"""

from __future__ import annotations

Xml = str  # well-formed WordprocessingML; its prefixes are those of NAMESPACES, or declared where used

# The prefixes text may use without declaring them: the ones the main document's root declares (the body is
# written inside it). Others (a:) are declared where used.
NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
# What lxml writes as references, in text and in attribute values (the text is then what serializing the
# parsed elements would give, byte for byte).
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def w(tag: str, *children: Xml | None, **attrs: str | int) -> Xml:
    """A ``w:`` element with ``w:`` attributes (in the order given) and children (None is skipped)."""
    attributes = "".join([f' w:{key}="{_attribute(value)}"' for key, value in attrs.items()]) if attrs else ""
    inner = "".join(filter(None, children))
    return f"<w:{tag}{attributes}>{inner}</w:{tag}>" if inner else f"<w:{tag}{attributes}/>"


def _attribute(value: str | int) -> str:
    return str(value) if type(value) is int else str(value).translate(_ATTRIBUTE)


def text(value: str) -> Xml:
    """A ``w:t`` that keeps its spaces."""
    return f'<w:t xml:space="preserve">{value.translate(_TEXT)}</w:t>' if value else '<w:t xml:space="preserve"/>'
