"""Reads a PDF for the browser tests (projects.test.mjs) with a real parser, PyPI's `pypdf`
(pinned in scripts/setup.sh, installed in ../.venv), and prints its text, page after page.

    python pdf_text.py < contract.pdf

A file pypdf cannot read exits non-zero.
"""

import io
import sys

from pypdf import PdfReader


def main() -> None:
    data = sys.stdin.buffer.read()
    if not data:
        sys.exit(__doc__)
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() or "" for page in reader.pages]
    sys.stdout.write("\n".join(pages))


if __name__ == "__main__":
    main()
