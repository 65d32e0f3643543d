"""python -m samples.hanweb OUT_DIR --as-of YYYY-MM-DD [--serve PORT]"""

import sys

from .generator import main

if "--serve" in sys.argv:
    i = sys.argv.index("--serve")
    port = int(sys.argv[i + 1])
    del sys.argv[i:i + 2]
    main(sys.argv[1:])
    import time
    from pathlib import Path

    from . import SITE_DIR, serve

    server = serve(Path(sys.argv[1]) / SITE_DIR, port=port)
    print(f"serving at {server.base_url}/ (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
    raise SystemExit(0)
raise SystemExit(main())
