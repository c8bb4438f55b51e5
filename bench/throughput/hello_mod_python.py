"""(b) of bench/throughput.sh: a mod_python handler that greets every request."""
from mod_python import apache

BODY = b"Hello from mod_python\n"


def handler(req):
    req.content_type = "text/plain"
    req.set_content_length(len(BODY))
    req.write(BODY)
    return apache.OK
