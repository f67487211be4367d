"""`python -m dateline` runs the CLI."""
from .cli import main

main()
