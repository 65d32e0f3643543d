"""python -m samples.gkmlpt OUT_DIR --as-of YYYY-MM-DD"""

from .generator import main

raise SystemExit(main())
