"""A workshop's printable handout: its join link and QR code, without any participant data."""

from __future__ import annotations

import datetime as dt

from assessment.engine.anonymity import min_group_size
from assessment.model.questionnaire import Bundle
from assessment.report.brand import Brand
from assessment.report.handout import handout_context, render_handout
from assessment.services.workshop import link, qr_png
from assessment.storage.records import Engagement
from assessment.storage.security import format_join_code


def join_link(engagement: Engagement, base_url: str) -> str:
    """The participants' link: the workshop's own public address when set, else base_url."""
    return link(engagement.public_url or base_url, join=engagement.code)


def engagement_handout(
    engagement: Engagement,
    bundle: Bundle,
    join_url: str,
    *,
    brand: Brand | None = None,
    facilitator: str | None = None,
    generated: dt.date | None = None,
) -> str:
    """The handout's HTML: only the engagement's invitation and its questionnaire's shape."""
    context = handout_context(
        bundle.questionnaire,
        organisation=engagement.organisation,
        join_url=join_url,
        join_code=format_join_code(engagement.code),
        qr_png=qr_png(join_url),
        min_group=min_group_size(),
        brand=brand or Brand(),
        facilitator=facilitator,
        generated=generated or dt.date.today(),
    )
    return render_handout(context)
