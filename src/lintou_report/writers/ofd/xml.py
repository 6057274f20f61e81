"""The OFD namespace, element building and number formatting shared by the package's parts."""

from __future__ import annotations

from lxml import etree

NS = "http://www.ofdspec.org/2016"
MM_PER_PT = 25.4 / 72  # OFD's unit is the millimetre


def el(tag: str, *children: etree._Element, text: str | None = None, **attrs: object) -> etree._Element:
    """An element of the OFD namespace with its attributes (None left out), text and children."""
    node = etree.Element(f"{{{NS}}}{tag}", nsmap={"ofd": NS})
    for key, value in attrs.items():
        if value is not None:
            node.set(key, value if isinstance(value, str) else num(value) if isinstance(value, float) else str(value))
    if text is not None:
        node.text = text
    node.extend(children)
    return node


def num(value: float) -> str:
    """A length in millimetres to a thousandth (a 0.001 mm step is far below any reader's resolution)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def mm(pt: float) -> float:
    return pt * MM_PER_PT


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
