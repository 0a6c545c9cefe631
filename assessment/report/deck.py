"""The editable PowerPoint deck: the report's story in 16:9 slides with native charts.

The deck is built from the same context as the HTML report (report_context, without the
parts only an HTML file embeds), so verdict, peril order, numbers and anonymity are the
report's. Slides: the cover, the verdict, the scores, one per serious peril, the roadmap, the
workshop's slides when several people answered, and the method and coverage.
"""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation

from assessment.model.questionnaire import Bundle
from assessment.model.results import Results
from assessment.report.brand import Brand
from assessment.report.deck_cover import title_slide
from assessment.report.deck_layout import SLIDE_H, SLIDE_W, clip
from assessment.report.deck_slides import (
    appendix_slide,
    peril_slide,
    roadmap_slide,
    scores_slide,
    serious,
    verdict_slide,
)
from assessment.report.deck_workshop import workshop_slides
from assessment.report.render import report_context


def render_deck(
    results: Results,
    bundle: Bundle,
    *,
    brand: Brand | None = None,
    facilitator: str | None = None,
    generated: dt.date | None = None,
) -> bytes:
    """The deck as .pptx bytes."""
    day = generated or dt.date.today()
    ctx = report_context(results, bundle, brand or Brand(), facilitator, day, embed=False)
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    props = prs.core_properties
    # Document properties hold at most 255 characters.
    props.title = clip(f"{ctx.questionnaire.title}: {ctx.organisation or 'results'}", 255)
    props.author = clip(ctx.brand.name or "", 255)
    stamp = dt.datetime.combine(day, dt.time(12, 0))
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    title_slide(prs, ctx)
    verdict_slide(prs, ctx)
    scores_slide(prs, ctx)
    for peril in serious(ctx.perils):
        peril_slide(prs, ctx, peril)
    roadmap_slide(prs, ctx)
    workshop_slides(prs, ctx)
    appendix_slide(prs, ctx)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
