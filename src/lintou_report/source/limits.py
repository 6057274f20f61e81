"""Size limits on a data file, all in one place.

Generous: a real report (a few pages, a few dozen values) stays far below every one of them. They exist so
that a hostile or broken file (an alias bomb, a 3,000-level nesting, a pasted 20 MB log) is refused at once
with a clear message instead of exhausting memory or time.
"""

from __future__ import annotations

MAX_FILE_BYTES = 10 * 1024 * 1024  # the data file (the seed is 12 KB)
MAX_TEXT_CHARS = 20_000  # one text value, e.g. a paragraph (the seed's longest: 200)
MAX_TOTAL_CHARS = 1_000_000  # all text values together (the seed: 3,500; a million is some 1,600 pages)
MAX_TITLE_CHARS = 100  # the title (a 公文 title rarely passes 45)
MAX_HEADING_CHARS = 100  # a theme's name or slogan, an item's heading, a metric's name or unit
MAX_NAME_CHARS = 50  # a name: 发文机关, 简报名称, 编印单位, 印发机关, 报送单位, 作者, 报告期写法…
MAX_KEYWORDS_CHARS = 200  # the keywords together (document properties hold 255 characters)
MAX_LIST_ITEMS = 1_000  # one list: paragraphs, metrics, recipients…
MAX_THEMES = 99  # themes, and items in one theme: numbered 一 … 九十九
MAX_DEPTH = 20  # nesting of lists and mappings (a report needs 6)
MAX_NODES = 200_000  # values in the file, every alias expanded (the seed has about 500)
MAX_ALIASES = 1_000  # uses of an anchor (*name)
MAX_DIGITS = 18  # digits of a metric value
MAX_NOTE_CHARS = 200  # the 附注 (联系人、电话: one or two lines)
MAX_SIGNERS = 10  # 签发人 of one document
MAX_CO_ISSUERS = 20  # organs issuing a document jointly besides the main one
MAX_ATTACHMENTS = 99  # attachments of one document: numbered 1. … 99.
MAX_TABLE_COLUMNS = 20  # columns of a table in the body
MAX_PATH_CHARS = 255  # a file path in the data (the seal image)
MAX_SEAL_IMAGE_BYTES = 5 * 1024 * 1024  # a seal picture (a 600 dpi scan of a 42 mm seal is about 1,000 px, 300 KB)
MAX_SEAL_IMAGE_PIXELS = 4096 * 4096  # its pixels, read from the header before anything is decoded
