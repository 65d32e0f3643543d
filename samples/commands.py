"""The sample portal's subcommands, `zwgk serve-sample` and `zwgk demo`.

The CLI finds them through the entry-point group `zwgk.commands` (pyproject.toml), so that the
auditor imports nothing from samples.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from auditor import cli


def register(sub) -> None:
    """Add `serve-sample` and `demo` to the `zwgk` subparsers."""
    p = sub.add_parser("serve-sample", help="serve the sample portal on 127.0.0.1 until Ctrl-C",
                       description="生成并在本机提供样例门户网站")
    p.add_argument("--port", type=cli._port, default=8000, help="port on 127.0.0.1 (default: 8000; 0 = any free port)")
    p.add_argument("--as-of", type=cli._date, default=None, metavar="YYYY-MM-DD",
                   help="date the sample's content is relative to (default: today)")
    p.add_argument("--dir", default=None, metavar="DIR", help="where to generate the site (default: a temp folder)")
    p.set_defaults(func=cmd_serve_sample)

    p = sub.add_parser("demo", help="serve the sample portal, audit it, write the reports",
                       description="演示：生成样例门户网站，抓取检查并生成报告")
    p.add_argument("--out", default="demo-out", metavar="DIR", help="output folder (default: ./demo-out)")
    p.add_argument("--as-of", type=cli._date, default=None, metavar="YYYY-MM-DD", help="audit date (default: today)")
    p.add_argument("--max-pages", type=cli._positive_int, default=5000, metavar="N", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_demo, fail_on="error", json=None, plan=None, only=None, settings=[], mapping=None,
                   scoring=None, history=None, no_history=False, baseline=None, waivers=None, site_name="",
                   summary_md=False, profile=None, profile_site=None)


def _stop_on_sigterm() -> None:
    """Let `kill PID` stop the server as cleanly as Ctrl-C does."""
    import signal

    def _raise(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, _raise)
    except ValueError:  # not the main thread (embedded use): Ctrl-C still works
        pass


def cmd_serve_sample(args, injected_rules) -> int:
    import tempfile
    import time

    try:
        from samples import load_truth
        from samples.kfq.generator import SITE_DIR, generate
        from samples.server import serve_background
    except ImportError as exc:
        raise cli.ToolError(f"样例网站模块不可用 / sample portal not available: {exc}") from None
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="zwgk-sample-"))
    as_of = cli._as_of(args)
    out = Path(generate(folder, as_of))
    try:
        server = serve_background(out / SITE_DIR, "127.0.0.1", args.port)
    except OSError as exc:
        raise cli.ToolError(f"无法在 127.0.0.1:{args.port} 启动服务 / cannot serve: {exc}") from None
    try:
        truth = load_truth(out)
        start = server.url(truth.get("start_path", "/"))
        print(f"样例网站 sample portal (as of {as_of.isoformat()}): {start}", flush=True)
        print(f"文件 files: {out / SITE_DIR}   已知缺陷 planted defects: {len(truth.get('defects', []))} "
              f"({out / 'truth.json'})")
        print(f"检查它 audit it: zwgk audit {start} --as-of {as_of.isoformat()} --out zwgk-out")
        print("按 Ctrl-C 停止 / press Ctrl-C to stop", flush=True)
        _stop_on_sigterm()
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("\n已停止 stopped")
    finally:
        server.stop()
    return cli.EXIT_OK


def cmd_demo(args, injected_rules) -> int:
    try:
        from samples import build_and_serve
    except ImportError as exc:
        raise cli.ToolError(f"样例网站模块不可用 / sample portal not available: {exc}") from None
    out = cli._check_out(Path(args.out))
    as_of = cli._as_of(args)
    args.as_of = as_of
    args.history = str(out / "zwgk-history.sqlite")
    print(f"生成样例网站 generating the sample portal ({as_of.isoformat()}) → {out / 'sample'}", flush=True)
    server, truth = build_and_serve(out / "sample", as_of)
    try:
        base = server.base_url.rstrip("/")
        start = base + (truth or {}).get("start_path", "/")
        print(f"样例网站 serving at {start} ; 抓取 crawling → {out / 'crawl'}", flush=True)
        # External link checks stay on loopback: the sample's "external" sites are local servers.
        folder = cli._crawl(start, out / "crawl", max_pages=args.max_pages, external_hosts=["loopback"])
    finally:
        server.stop()
    site = cli._load_run(folder)
    report, paths = cli._audit_site(site, args, injected_rules)
    code = cli._finish(site, report, paths, gate=False)
    if truth:
        from samples.truth import compare_with_truth

        cmp = compare_with_truth(report.findings, truth, base)
        print(f"样例已知缺陷 planted defects: {cmp.total}，检出 found: {len(cmp.found)}，"
              f"其他问题 other failures: {len(cmp.unexpected)}")
    print(f"打开报告 open: {out / cli.REPORT_HTML}")
    return code
