#!/usr/bin/python3
"""thidua-web at its edges (run by tests/e2e/test_web.sh):
- a slow-loris client from one address (127.0.0.2: loopback answers for the
  whole 127/8) holds at most --per-ip connections, and the gateway goes on
  serving another address;
- HTTPS with --tls-cert/--tls-key: the page over TLS, the __Host- cookie
  with Secure at sign-in, plain HTTP to the TLS port answered with nothing.
Usage: edge_checks.py HTTP_BASE PER_IP HTTPS_BASE CERT ACCOUNT PASSWORD
The exit status is the number of failures."""
import http.client
import json
import socket
import ssl
import sys
import urllib.parse

HTTP, PER_IP, HTTPS, CERT, ACCOUNT, PASSWORD = sys.argv[1:7]
PER_IP = int(PER_IP)
failed = 0


def check(name, cond, detail=""):
    global failed
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else f": {detail}"))
    failed += 0 if cond else 1


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
c = http.client.HTTPConnection(host, port, timeout=5)
c.request("GET", "/")
r = c.getresponse()
r.read()
check("another address is served meanwhile", r.status == 200, r.status)
c.close()
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
ctx = ssl.create_default_context(cafile=CERT)
host, port = host_port(HTTPS)
c = http.client.HTTPSConnection(host, port, context=ctx, timeout=10)
c.request("GET", "/")
r = c.getresponse()
r.read()
check("the page over HTTPS, the certificate checked", r.status == 200, r.status)
check("CSP over HTTPS too", "default-src 'self'" in (r.getheader("Content-Security-Policy") or ""))
c.request("POST", "/api/signin", json.dumps({"name": ACCOUNT, "password": PASSWORD}),
          {"Content-Type": "application/json", "Origin": HTTPS})
r = c.getresponse()
body = r.read()
cookies = r.msg.get_all("Set-Cookie") or []
check("sign-in over HTTPS", r.status == 200, (r.status, body[:200]))
check("the cookie is __Host- with Secure, Path=/ and no Domain",
      any(k.startswith("__Host-thd_session=") and "Secure" in k and "Path=/" in k and "Domain" not in k
          for k in cookies), cookies)
c.close()
s = socket.create_connection((host, port), timeout=5)
try:
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    plain = s.recv(100)
except OSError:
    plain = b""
s.close()
check("plain HTTP to the TLS port gets no page", b"200 OK" not in plain, plain[:40])
sys.exit(failed)
