"""Word templates: render, lint, variable reference, diff, trials; never bulk generation."""
