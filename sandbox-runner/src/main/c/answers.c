// How the listener follows HTTP/1.1 on a connection of the app's: see answers.h.
#define _GNU_SOURCE
#include "answers.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char CONNECTION_CLOSE[] = "Connection: close\r\n";

// A WebSocket close frame, 1001 going away, from the server (unmasked), and a chunked answer's end.
static const char GOING_AWAY[] = "\x88\x0c\x03\xe9going away";
static const char LAST_CHUNK[] = "0\r\n\r\n";

enum { SIZE, DATA, DATA_END, TRAILER };

void exchange_start(struct exchange *x) {
  memset(x, 0, sizeof *x);
  x->state = IDLE;
  x->wrote = 1;
}

// Whether these bytes begin with a request line (a method, a space, a target, a space, HTTP/1.x
// and CRLF), and where it ends.
static ssize_t request_line(const char *data, ssize_t n) {
  ssize_t i = 0;
  while (i < n && data[i] >= 'A' && data[i] <= 'Z') i++;
  if (i == 0 || i >= n || data[i] != ' ') return -1;
  for (i++; i + 1 < n && i < 8192; i++) {
    if (data[i] == '\r' && data[i + 1] == '\n') {
      return i >= 9 && memcmp(data + i - 9, " HTTP/1.", 8) == 0 ? i + 2 : -1;
    }
  }
  return -1;
}

// The first bytes read after the app wrote start a request, unless it still owes the answer (after
// 100 Continue) or the connection is a tunnel.
int exchange_read(struct exchange *x, char *data, ssize_t *n, size_t size, int close) {
  if (*n <= 0) return 0;
  int starts = x->wrote && x->state != REQUEST && x->state != TUNNEL;
  x->wrote = 0;
  if (!starts) return 0;
  x->state = REQUEST;
  x->head = *n > 5 && memcmp(data, "HEAD ", 5) == 0;
  ssize_t line = close ? request_line(data, *n) : -1;
  if (line > 0 && (size_t)(*n + CONNECTION_CLOSE_LEN) <= size) {
    memmove(data + line + CONNECTION_CLOSE_LEN, data + line, *n - line);
    memcpy(data + line, CONNECTION_CLOSE, CONNECTION_CLOSE_LEN);
    *n += CONNECTION_CLOSE_LEN;
    x->closing = 1;
  }
  return 1;
}

// Where the header line named name ends its name and colon, within the header block data[0..end).
static const char *header(const char *data, size_t end, const char *name) {
  size_t len = strlen(name);
  for (size_t i = 0; i + 2 + len < end; i++) {
    if (data[i] == '\n' && strncasecmp(data + i + 1, name, len) == 0) return data + i + 1 + len;
  }
  return NULL;
}

ssize_t exchange_close_at(struct exchange *x, const struct iovec *first) {
  const char *d = first->iov_base;
  size_t len = first->iov_len;
  if (!x->closing || x->state != REQUEST || len < 12 || memcmp(d, "HTTP/1.", 7) != 0 ||
      atoi(d + 9) < 200) {
    return -1;
  }
  x->closing = 0;
  const char *end = memmem(d, len, "\r\n\r\n", 4);
  const char *line = memmem(d, len, "\r\n", 2);
  return end && !header(d, end + 4 - d, "Connection:") ? line + 2 - d : -1;
}

static int hex(char b) {
  if (b >= '0' && b <= '9') return b - '0';
  b |= 0x20;
  return b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
}

// Follows a chunked answer through n more bytes of it, to its end (IDLE).
static void chunks(struct exchange *x, const char *p, size_t n) {
  for (size_t i = 0; i < n && x->state != IDLE;) {
    char b = p[i];
    switch (x->part) {
      case SIZE:  // hex digits, then maybe an extension after ';', then CRLF
        if (b == '\n') {
          x->part = x->left > 0 ? DATA : TRAILER;
          x->line = 0;
        } else {
          if (x->line == 0) x->left = 0, x->digits = 1;
          if (x->line < 255) x->line++;
          if (x->digits && hex(b) >= 0 && x->left < (1LL << 56)) {
            x->left = x->left * 16 + hex(b);
          } else {
            x->digits = 0;
          }
        }
        i++;
        break;
      case DATA: {
        size_t take = (long long)(n - i) < x->left ? n - i : (size_t)x->left;
        x->left -= take;
        i += take;
        if (x->left == 0) x->part = DATA_END;
        break;
      }
      case DATA_END:
        if (b == '\n') x->part = SIZE;
        i++;
        break;
      case TRAILER:  // header lines after the last chunk, up to an empty one
        if (b == '\n') {
          if (x->line == 0) x->state = IDLE;
          x->line = 0;
        } else if (b != '\r' && x->line < 255) {
          x->line++;
        }
        i++;
        break;
    }
  }
}

// Follows a WebSocket's frames from the server through n more bytes.
static void frames(struct exchange *x, const char *p, size_t n) {
  for (size_t i = 0; i < n;) {
    if (x->left > 0) {
      size_t take = (long long)(n - i) < x->left ? n - i : (size_t)x->left;
      x->left -= take;
      i += take;
      continue;
    }
    x->frame_header[x->frame++] = p[i++];
    if (x->frame < 2) continue;
    int length = x->frame_header[1] & 0x7f, masked = x->frame_header[1] & 0x80;
    int size = 2 + (length == 126 ? 2 : length == 127 ? 8 : 0) + (masked ? 4 : 0);
    if (x->frame < size) continue;
    long long payload = length;
    if (length >= 126) {
      payload = 0;
      for (int k = 2; k < (length == 126 ? 4 : 10); k++) {
        payload = payload << 8 | x->frame_header[k];
      }
    }
    x->left = payload & 0x7fffffffffffffffLL;
    x->frame = 0;
  }
}

// Follows an answer through n more bytes of its body.
static void body(struct exchange *x, const char *p, size_t n) {
  switch (x->state) {
    case SIZED:
      if ((x->left -= (long long)n) <= 0) x->state = IDLE;
      break;
    case CHUNKED:
    case STREAM:
      chunks(x, p, n);
      break;
    case TUNNEL:
      frames(x, p, n);
      break;
  }
}

// Starts following an answer whose head begins these first bytes the app wrote (at most 8 KiB):
// its kind, and how many of the bytes the head takes (the rest is body).
static size_t answer(struct exchange *x, const char *d, size_t len) {
  if (len < 12 || memcmp(d, "HTTP/1.", 7) != 0) {
    x->state = UNKNOWN;
    return len;
  }
  int status = atoi(d + 9);
  const char *end = memmem(d, len, "\r\n\r\n", 4);
  if (!end) {
    x->state = UNKNOWN;  // a head written in pieces: its end is not followed
    return len;
  }
  size_t head_len = end + 4 - d;
  const char *length = header(d, head_len, "Content-Length:");
  const char *encoding = header(d, head_len, "Transfer-Encoding:");
  const char *type = header(d, head_len, "Content-Type:");
  x->left = 0;
  x->part = SIZE;
  x->line = 0;
  x->frame = 0;
  if (status == 101) {
    x->state = TUNNEL;
  } else if (status < 200) {
    // 100 Continue: the answer is still to come.
  } else if (x->head || status == 204 || status == 304) {
    x->state = IDLE;
  } else if (length) {
    x->left = strtoll(length, NULL, 10);
    x->state = x->left <= 0 ? IDLE : SIZED;
  } else if (encoding && memmem(encoding, head_len - (encoding - d), "chunked", 7)) {
    int events = type && strncasecmp(type + strspn(type, " "), "text/event-stream", 17) == 0;
    x->state = events ? STREAM : CHUNKED;
  } else {
    x->state = UNKNOWN;  // ended by closing the connection
  }
  return head_len;
}

void exchange_wrote(struct exchange *x, const struct iovec *iov, int count, size_t n) {
  x->wrote = 1;
  size_t skip = 0;
  if (x->state == REQUEST) {
    char first[8192];
    size_t len = 0;
    for (int i = 0; i < count && len < n && len < sizeof first; i++) {
      size_t part = iov[i].iov_len < n - len ? iov[i].iov_len : n - len;
      if (part > sizeof first - len) part = sizeof first - len;
      memcpy(first + len, iov[i].iov_base, part);
      len += part;
    }
    skip = answer(x, first, len);
  }
  size_t at = 0;
  for (int i = 0; i < count && at < n; i++) {
    size_t part = iov[i].iov_len < n - at ? iov[i].iov_len : n - at;
    if (at + part > skip) {
      size_t from = skip > at ? skip - at : 0;
      body(x, (const char *)iov[i].iov_base + from, part - from);
    }
    at += part;
  }
}

void exchange_sent_file(struct exchange *x, size_t n) {
  x->wrote = 1;
  if (x->state == SIZED) {
    if ((x->left -= (long long)n) <= 0) x->state = IDLE;
  } else if (x->state != IDLE) {
    x->state = UNKNOWN;  // framing it cannot read
  }
}

int exchange_long_lived(const struct exchange *x, const char **ending, size_t *len) {
  if (x->state == TUNNEL) {
    *ending = x->left == 0 && x->frame == 0 ? GOING_AWAY : NULL;
    *len = sizeof GOING_AWAY - 1;
    return 1;
  }
  if (x->state == CHUNKED || x->state == STREAM) {
    *ending = x->part == SIZE && x->line == 0 ? LAST_CHUNK : NULL;
    *len = sizeof LAST_CHUNK - 1;
    return 1;
  }
  return 0;
}
