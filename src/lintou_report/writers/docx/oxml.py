"""A small builder for WordprocessingML elements: ``w("spacing", line=579, lineRule="exact")``."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement


def w(tag: str, *children: BaseOxmlElement | None, **attrs: str | int) -> BaseOxmlElement:
    """A ``w:`` element with ``w:`` attributes (in the order given) and children (None is skipped)."""
    element = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def text(value: str) -> BaseOxmlElement:
    """A ``w:t`` that keeps its spaces."""
    element = w("t")
    element.text = value
    element.set(qn("xml:space"), "preserve")
    return element
