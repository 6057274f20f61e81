"""The layout stage: a document tree set on the GB/T 9704 grid as positioned pages (page.py), format-neutral.

Our own grid and line breaker rather than a general engine: the fixed 28.95 pt line grid, the exact
character pitch and 禁则 are simpler to guarantee that way. flow.py places lines on the grid page by page;
linebreak.py sets text into lines (measured with fonts.metrics); body.py, masthead.py, table.py,
colophon.py and folio.py lay out their blocks; document.py lays out a whole document. Nothing here knows a
file format: writers draw the pages. (This file imports nothing: the DOCX writer reads breaking.py alone.)
"""
