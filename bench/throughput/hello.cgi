#!/bin/sh
# (d) of bench/throughput.sh: a CGI script that greets every request.
printf 'Content-Type: text/plain\r\n\r\nHello from CGI\n'
