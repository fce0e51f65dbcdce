"""Scripts that build the first version of each Word template (lawyers then edit the .docx)."""
