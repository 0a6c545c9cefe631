"""The `handout` command: a workshop's one-page printable invitation (HTML, or PDF via Chromium)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from assessment.cli.report import write
from assessment.cli.usage import UsageError
from assessment.cli.workshop import open_engagement
from assessment.content.questionnaires import load_bundle
from assessment.report.brand import load_brand
from assessment.report.pdf import PAPER_SIZES, PdfError, html_to_pdf
from assessment.resources import ENV_PUBLIC_URL

FORMATS = ("html", "pdf")


def register(sub: Any) -> None:
    """Add the handout command to the CLI."""
    p = sub.add_parser(
        "handout",
        help="write a workshop's printable handout: QR code, join link and code, anonymity",
        description=(
            "Write the one-page handout that invites people to a workshop: its QR code, join "
            "link and code, what they will be asked and how long it takes, and the anonymity "
            "promise. It holds no participant data. The link uses the workshop's own public "
            f"address when one is set, else --public-url, else ${ENV_PUBLIC_URL}."
        ),
    )
    p.add_argument("--engagement", required=True, metavar="CODE", help="the workshop's join code")
    p.add_argument("-o", "--output", required=True, metavar="FILE", type=Path,
                   help="handout.html, or handout.pdf (printed with Chromium)")  # fmt: skip
    p.add_argument("--brand", metavar="BRAND.yaml", help="consultancy name, logo and colour")
    p.add_argument("--facilitator", metavar="NAME", help="the facilitator's name on the handout")
    p.add_argument("--public-url", metavar="URL", help="the address phones in the room open")
    p.add_argument("--paper", choices=PAPER_SIZES, default="A4", help="PDF paper (default: A4)")
    p.add_argument("--database", metavar="URL", help="database URL (default: the configured one)")
    p.set_defaults(handler=handout)


def handout_format(out: Path) -> str:
    """'html' or 'pdf' from the file's suffix; UsageError for any other."""
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        what = f"cannot write a .{suffix} handout" if suffix else f"{out} has no suffix"
        raise UsageError(f"{what}; give a FILE ending in .html or .pdf")
    return suffix


def base_address(given: str | None) -> str:
    """--public-url, else the configured public address; UsageError when neither is usable."""
    from assessment.storage.base import StoreError
    from assessment.storage.records import clean_public_url

    raw = given if given is not None else os.environ.get(ENV_PUBLIC_URL, "")
    try:
        address = clean_public_url(raw)
    except StoreError as exc:
        raise UsageError(f"--public-url {raw!r}: {exc}") from None
    if address is None:
        raise UsageError(
            "the handout needs the address phones in the room open: give --public-url URL or "
            f"set {ENV_PUBLIC_URL} (or set the workshop's public address in the app)"
        )
    return address


def handout(args: argparse.Namespace) -> int:
    """Write the handout of the workshop with this join code."""
    from assessment.services.handout import engagement_handout, join_link
    from assessment.storage.base import StoreError
    from assessment.storage.store import Store

    fmt = handout_format(args.output)
    brand = load_brand(args.brand) if args.brand else None
    store = Store(args.database)
    try:
        engagement = open_engagement(store, args.engagement)
        base = engagement.public_url or base_address(args.public_url)
        bundle = load_bundle(engagement.questionnaire_id)
        html = engagement_handout(engagement, bundle, join_link(engagement, base),
                                  brand=brand, facilitator=args.facilitator)  # fmt: skip
    except StoreError as exc:
        print(f"crm-readiness: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    if fmt == "pdf":
        try:
            write(args.output, html_to_pdf(html, paper=args.paper))
        except PdfError as exc:
            print(f"crm-readiness: error: {exc}", file=sys.stderr)
            return 1
    else:
        write(args.output, html)
    print(f"Wrote {args.output}")
    return 0
