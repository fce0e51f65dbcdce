"""The Word templates: rendering in the sandbox, checks, the variable reference, versions' diff.

Owns what lawyers edit and what docxtpl fills (the reference prints itself through the PDF
path); never imports bulk generation.
"""
