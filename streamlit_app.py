"""Entry point of the CRM Readiness app in a checkout: `streamlit run streamlit_app.py`.

The app itself is ``app_pages.main.run()`` (an installed package runs that file directly,
through ``crm-readiness serve``); this file only starts it.
"""

from __future__ import annotations

from app_pages.main import run

run()
