"""Self-assessment page (thin: the steps live in app_pages/self_flow.py, compiled once)."""

from __future__ import annotations

from app_pages.self_flow import render

render()
