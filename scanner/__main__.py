"""`python -m scanner`: the same command line as the `scanner` script."""

from scanner.cli import main

main()
