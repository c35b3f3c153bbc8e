"""Runs the schemathesis CLI (its arguments are this script's) with every network connection
refused but to this machine's loopback: the fuzzing reaches the local gateway and nothing
else, whatever a schema, a hook or a library would try.

    .venv/bin/python infra/schemathesis/offline.py run http://127.0.0.1:PORT/api/openapi.json ...
"""
import faulthandler
import ipaddress
import signal
import socket
import sys


def _loopback(host):
    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guard():
    connect = socket.socket.connect
    connect_ex = socket.socket.connect_ex
    getaddrinfo = socket.getaddrinfo

    def refuse(address):
        raise OSError(f"offline.py: schemathesis may reach the loopback only, not {address!r}")

    def checked(address):
        if isinstance(address, tuple) and not _loopback(str(address[0])):
            refuse(address)

    def guarded_connect(self, address):
        checked(address)
        return connect(self, address)

    def guarded_connect_ex(self, address):
        checked(address)
        return connect_ex(self, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host is not None and not _loopback(host.decode() if isinstance(host, bytes) else str(host)):
            refuse(host)
        return getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = guarded_connect
    socket.socket.connect_ex = guarded_connect_ex
    socket.getaddrinfo = guarded_getaddrinfo


if __name__ == "__main__":
    # `kill -USR1` prints where every thread is (run.py does, before it stops a run past its
    # deadline).
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    _guard()
    from schemathesis.cli import schemathesis

    sys.argv[0] = "schemathesis"
    sys.exit(schemathesis())
