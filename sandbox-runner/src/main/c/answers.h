// How the listener follows HTTP/1.1 on a connection of the app's (answers.c), from the bytes the
// app reads and writes: where each request starts, where each answer ends, and where a long-lived
// one (a WebSocket, a chunked answer such as an event stream) may be ended cleanly.
#ifndef PADDOCK_ANSWERS_H
#define PADDOCK_ANSWERS_H

#include <sys/types.h>
#include <sys/uio.h>

// Where a connection is: waiting for a request (its last answer complete), reading one, writing an
// answer whose end it follows (Content-Length bytes, or a chunked one's last chunk), writing one
// whose end it cannot tell (ended by closing, or a head written in pieces), or a tunnel (101).
enum { IDLE = 1, REQUEST, SIZED, CHUNKED, STREAM, UNKNOWN, TUNNEL };

struct exchange {
  unsigned char state;
  unsigned char wrote;    // the app wrote since it last read: the next bytes read start a request
  unsigned char head;     // the request is a HEAD: its answer has no body
  unsigned char closing;  // the request was asked to close; its answer must say so
  unsigned char part;     // CHUNKED, STREAM: in a chunk's size line, data, CRLF, or the trailer
  unsigned char line;     // CHUNKED, STREAM: bytes of the size or trailer line so far
  unsigned char digits;   // CHUNKED, STREAM: the size line is still in its hex digits
  unsigned char frame;    // TUNNEL: bytes of the frame header so far
  unsigned char frame_header[14];
  long long left;  // SIZED: body bytes still to come; else those of the chunk or frame
};

// The header a draining connection's request and answer get.
extern const char CONNECTION_CLOSE[];
#define CONNECTION_CLOSE_LEN ((ssize_t)sizeof "Connection: close\r\n" - 1)

// A new connection: waiting for its first request.
void exchange_start(struct exchange *x);

// After the app read *n bytes into data, a buffer of size bytes: whether they start a request. One
// that does, when close is set, gets Connection: close after its request line if the buffer has
// room for it, and *n grows by it.
int exchange_read(struct exchange *x, char *data, ssize_t *n, size_t size, int close);

// Where in these first bytes of a write Connection: close goes in, after the status line of an
// answer whose request was asked to close and which does not say so itself; or -1.
ssize_t exchange_close_at(struct exchange *x, const struct iovec *first);

// Follows the exchange through the n bytes of iov the app just wrote.
void exchange_wrote(struct exchange *x, const struct iovec *iov, int count, size_t n);

// After the app sent n bytes of a file (sendfile(2)), which this cannot read.
void exchange_sent_file(struct exchange *x, size_t n);

// A long-lived answer that the drain's timeout ends: 1 when it is one, and *ending then the bytes
// that end it cleanly where the app's writes stop now (a close frame 1001, the last chunk), or NULL
// while they stop inside a frame or chunk.
int exchange_long_lived(const struct exchange *x, const char **ending, size_t *len);

#endif
