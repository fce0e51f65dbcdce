"""The PDF path: DOCX to HTML, WeasyPrint and its patches; never the law, facts or bulk."""
