"""Which page the 版记 goes on, and which pages then carry no page number (GB/T 9704-2012 6.2, 7.4.1, 7.5).

Printed on both sides (6.2), the 版记's last rule lies on the type-area bottom of the document's last face
(7.4.1), the back of a sheet: an even page. So, with ``duplex``:

- the text ends on an even page with room for the 版记: it goes at the foot of that page;
- the text ends on an odd page (room or not): it goes at the foot of the next, even page, which is numbered;
- the text ends on an even page without room: an odd page stays blank and the 版记 goes on the even page
  after it; 7.5: 版记页前有空白页的，空白页和版记页均不编排页码.

Without ``duplex`` (offices printing on one side) the 版记 goes on the text's last page, or the next when
it has no room. The decision is a ``Placement``; the PDF follows it through the flow, and the DOCX writer
asks the layout for it (``layout.pagination``) so that both paginate alike.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Placement:
    """Where the 版记 goes relative to the page the text ends on (``text_page``, from 1)."""

    text_page: int
    new_page: bool  # the 版记 starts a page of its own
    blank: bool  # an unnumbered blank page comes before it, and the 版记 page is unnumbered too

    @property
    def page(self) -> int:
        """The 版记's page number (its position in the document, whether printed or not)."""
        return self.text_page + self.new_page + self.blank


def placement(text_page: int, fits: bool, duplex: bool) -> Placement:
    """The 版记's place after text ending on ``text_page``; ``fits``: that page has room for it."""
    if not duplex:
        return Placement(text_page, new_page=not fits, blank=False)
    if text_page % 2:
        return Placement(text_page, new_page=True, blank=False)
    return Placement(text_page, new_page=not fits, blank=not fits)
