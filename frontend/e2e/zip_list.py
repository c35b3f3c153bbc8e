"""Reads a ZIP archive for the browser tests (galleries.test.mjs) with Python's own `zipfile`, checks
every member's CRC, and prints its members as JSON: name, size and SHA-256 of the bytes.

    python zip_list.py < archive.zip

An archive zipfile cannot read (or a member whose CRC is wrong) exits non-zero.
"""

import hashlib
import io
import json
import sys
import zipfile


def main() -> None:
    data = sys.stdin.buffer.read()
    if not data:
        sys.exit(__doc__)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        bad = archive.testzip()
        if bad is not None:
            sys.exit(f"bad CRC in {bad}")
        members = []
        for info in archive.infolist():
            if info.is_dir():
                continue
            content = archive.read(info)
            members.append({"name": info.filename, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()})
    json.dump(members, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
