#!/usr/bin/env python3
"""moto_server that handles one request at a time.

DynamoDB makes every single-item write atomic (a conditional put has one winner,
concurrent ADDs all count). moto_server's threaded werkzeug server does not lock
around a write, so races tested against it fail now and then for moto's sake, not
ours. Serving requests one at a time gives moto DynamoDB's per-item atomicity; the
races themselves still happen in the client, which is what the tests exercise.

usage: serve.py HOST PORT
"""
import os
import sys

from werkzeug.serving import run_simple
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    os.environ.setdefault("MOTO_PORT", str(port))
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(host, port, app, threaded=False, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
