"""Commands beyond `extract`: ingest, stats, export, bench (registered on cli.app)."""
