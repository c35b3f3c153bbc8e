"""The release gateway for a benchmark: on a free port of 127.0.0.1, a fresh data folder
with its demo accounts, stopped at the end.

    with local_gateway.running(gateway_bin) as port:
        ...
"""
import contextlib
import socket
import subprocess
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(gateway_bin):
    """Yields the port of a gateway ready to answer."""
    with tempfile.TemporaryDirectory() as data:
        port = free_port()
        gateway = subprocess.Popen(
            [gateway_bin, "--addr", f"127.0.0.1:{port}", "--data", f"{data}/db", "--static", data],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/places?q=a", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            yield port
        finally:
            gateway.terminate()
            gateway.wait()
