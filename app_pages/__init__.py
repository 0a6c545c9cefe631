"""Thin Streamlit pages: read widgets, call the assessment package, display what it returns."""
