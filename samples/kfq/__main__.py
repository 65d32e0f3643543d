"""python -m samples.kfq OUT_DIR --as-of YYYY-MM-DD"""

from .generator import main

raise SystemExit(main())
