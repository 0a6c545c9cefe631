"""The pre-survey: a questionnaire written as a survey a consultant imports into a survey tool.

`plan` derives the ordered survey items (codes, choices, order) once; each format module
(`xlsform`, `qualtrics`, `limesurvey`, `plain`) writes that plan as bytes; `formats` names
them for the command line. Nothing here writes files.
"""
