from lintou_report.resident.client import main

raise SystemExit(main())
