"""`drafter serve [--production]`: the web app. Flask is imported only when it runs."""

from __future__ import annotations

import argparse
from typing import Any


def cmd_serve(args: argparse.Namespace) -> int:
    """The web app: under waitress, preparing its own instance folder (drafter.web.serve),
    or with --production under granian, configured by DRAFTER_* variables
    (drafter.web.production)."""
    if args.production:
        from drafter.web.production import serve_production

        given = {"host": args.host, "port": args.port, "threads": args.threads}
        return serve_production(**{k: v for k, v in given.items() if v})
    from drafter.web.serve import serve

    return serve(host=args.host or "127.0.0.1", port=args.port or 8000, threads=args.threads or 8)


def add_command(sub: Any) -> None:
    p = sub.add_parser("serve", help="chạy ứng dụng web (waitress; --production: granian)")
    p.add_argument("--host", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
    p.add_argument("--port", type=int, help="cổng (mặc định 8000)")
    p.add_argument(
        "--threads", type=int, help="số luồng xử lý (mặc định 8; --production: 2 mỗi tiến trình)"
    )
    p.add_argument(
        "--production",
        action="store_true",
        help="máy chủ triển khai: granian, nhiều tiến trình, cấu hình bằng biến DRAFTER_* "
        "(docs/deploy.md); cơ sở dữ liệu phải được nâng cấp trước (drafter db upgrade)",
    )
    p.set_defaults(func=cmd_serve)
