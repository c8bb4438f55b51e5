"""(c) of bench/throughput.sh: a WSGI app that greets every request."""

BODY = b"Hello from mod_wsgi\n"


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))])
    return [BODY]
