"""Survey-tool exports (CSV or xlsx, one row per respondent) -> Responses, all or nothing.

``read`` turns bytes into located rows, ``layouts`` recognises the tool, ``words`` holds the
role and header words, ``columns`` matches headers, ``codes`` decodes cells (numeric codes,
mapping files) and ``parse`` builds the ``SurveyImport``.
"""
