"""文秘工作台: the local web workbench (``lintou-report serve``)."""
