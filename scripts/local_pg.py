"""Print the URL of the local PostgreSQL test server when one answers on 127.0.0.1:5432, else nothing."""

import socket

try:
    with socket.create_connection(("127.0.0.1", 5432), timeout=1):
        print("postgres://postgres@127.0.0.1:5432/test")
except OSError:
    pass
