"""HTTP layer: blueprints per audience and the one place where errors become responses."""
