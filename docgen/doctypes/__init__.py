"""One module per document type: ``FACTS``, ``TEMPLATE``, ``build_context``, ``file_stem``.

``COMPUTED_VARIABLES`` names, with a French description, the variables a template can use
besides the case facts.
"""
