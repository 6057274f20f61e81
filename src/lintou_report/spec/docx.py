"""What Word does with a DOCX that both the DOCX writer and the checker rely on (ECMA-376 and Word's behaviour)."""

from __future__ import annotations

# Characters Unicode leaves ambiguous between Latin and East Asian width: Word sets them in the
# east-Asian face only when the run says so with w:hint="eastAsia" (ECMA-376 Part 1, 17.3.2.26 rFonts).
AMBIGUOUS = frozenset("“”‘’—…·")
