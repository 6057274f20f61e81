from lintou_report.cli import main

raise SystemExit(main())
