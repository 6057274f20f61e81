"""WordprocessingML written as text: ``w("spacing", line=579, lineRule="exact")`` is
``<w:spacing w:line="579" w:lineRule="exact"/>``.

The body is written as text straight into the main document part, exactly as lxml would serialize its
elements (package.Skeleton); the parts every document shares are parsed once a process (``element``).
Building a body's ~1,400 elements one by one through python-docx's object layer cost about 9 µs each, most
of a DOCX's time.
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.oxml.parser import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement

Xml = str  # well-formed WordprocessingML; its prefixes are those of NAMESPACES, or declared where used

# The prefixes text may use without declaring them: the ones the main document's root declares (the body is
# written inside it), which ``element`` declares for the parts it parses. Others (a:) are declared where used.
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


def element(xml: Xml, prefixes: Iterable[str] = tuple(NAMESPACES)) -> BaseOxmlElement:
    """The one element ``xml`` holds, parsed (python-docx's element classes), with ``prefixes`` (of NAMESPACES)
    declared on it."""
    end = next(i for i, ch in enumerate(xml) if ch in " />")
    declarations = "".join(f' xmlns:{prefix}="{NAMESPACES[prefix]}"' for prefix in prefixes)
    return parse_xml(xml[:end] + declarations + xml[end:])
