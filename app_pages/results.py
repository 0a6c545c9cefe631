"""Results page (thin: the view lives in app_pages/results_view.py, compiled once)."""

from __future__ import annotations

from app_pages import widgets
from app_pages.results_view import render

widgets.mend_navigation_list()
render()
