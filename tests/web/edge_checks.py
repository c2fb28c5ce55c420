#!/usr/bin/python3
"""thidua-web at its edges (run by tests/e2e/test_web.sh):
- a slow-loris client from one address (127.0.0.2: loopback answers for the
  whole 127/8) holds at most --per-ip connections, and the gateway goes on
  serving another address;
- HTTPS with --tls-cert/--tls-key: the page over TLS, the __Host- cookie
  with Secure at sign-in, plain HTTP to the TLS port answered with nothing.
Usage: edge_checks.py HTTP_BASE PER_IP HTTPS_BASE CERT ACCOUNT PASSWORD
The exit status is the number of failures."""
import socket
import ssl
import sys
import urllib.parse

from webcheck import Http, check, failures

HTTP, PER_IP, HTTPS, CERT, ACCOUNT, PASSWORD = sys.argv[1:7]
PER_IP = int(PER_IP)
BARE = {"ctype": None, "lang": None, "origin": None}  # a GET as a client that is no page sends it


def host_port(base):
    u = urllib.parse.urlsplit(base)
    return u.hostname, u.port


# --- slow loris --------------------------------------------------------------
host, port = host_port(HTTP)
slow = []
for _ in range(PER_IP):
    s = socket.socket()
    s.bind(("127.0.0.2", 0))
    s.settimeout(5)
    s.connect((host, port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
    slow.append(s)
extra = socket.socket()
extra.bind(("127.0.0.2", 0))
extra.settimeout(5)
extra.connect((host, port))
try:
    extra.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    answer = extra.recv(100)
except OSError:
    answer = b""
check("one address past --per-ip is closed unanswered", answer == b"", answer[:40])
st, _, _ = Http(HTTP, timeout=5).raw("GET", "/", **BARE)
check("another address is served meanwhile", st == 200, st)
alive = 0
for s in slow:  # the held ones are still open, waiting for their headers' end
    s.setblocking(False)
    try:
        alive += s.recv(1) != b""
    except BlockingIOError:
        alive += 1
    except OSError:
        pass
    s.close()
extra.close()
check("the held connections stay held, not answered", alive == PER_IP, alive)

# --- TLS ---------------------------------------------------------------------
tls = Http(HTTPS, timeout=10, context=ssl.create_default_context(cafile=CERT))
st, _, h = tls.raw("GET", "/", **BARE)
check("the page over HTTPS, the certificate checked", st == 200, st)
check("CSP over HTTPS too", "default-src 'self'" in (h.get("Content-Security-Policy") or ""))
st, j, session = tls.sign_in(ACCOUNT, PASSWORD, lang=None)
check("sign-in over HTTPS", st == 200, (st, j))
cookie = session.line if session else ""
check("the cookie is __Host- with Secure, Path=/ and no Domain",
      cookie.startswith("__Host-thd_session=") and "Secure" in cookie and "Path=/" in cookie
      and "Domain" not in cookie, cookie)
host, port = host_port(HTTPS)
s = socket.create_connection((host, port), timeout=5)
try:
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    plain = s.recv(100)
except OSError:
    plain = b""
s.close()
check("plain HTTP to the TLS port gets no page", b"200 OK" not in plain, plain[:40])
sys.exit(failures())
