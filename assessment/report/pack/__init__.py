"""The purchase pack: the signing gate, requirements, demonstration script, vendor scorecard
and contract terms, built from an assessment's results and rendered as docx, xlsx and HTML."""
