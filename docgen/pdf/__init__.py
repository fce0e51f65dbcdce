"""The PDF path: a rendered DOCX converted to HTML, laid out by WeasyPrint with its adjustments.

Owns the converter, its CSS and fonts; never imports the legal computations nor bulk generation.
"""
