"""`python -m cpassess` runs the command line."""

from .cli import main

main()
