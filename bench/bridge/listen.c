// The app's own listener on a Unix socket, without a hop: preloaded into a runnable jar's JVM
// (LD_PRELOAD), it turns the TCP socket the app binds to $PORT (on any address) into a Unix socket
// bound at $PADDOCK_LISTEN_PATH, so the edge's connections reach the app's server itself instead of
// a bridge that copies them to its port. The app is told what a TCP server expects: the address it
// bound, a peer on the loopback, TCP and IP options accepted. Every other socket is left alone.
//
// Draining without a bridge: once paddock_listen_drain() is called, the next request read on each
// connection gets a Connection: close header after its request line (the edge sends a request only
// once the last answer is in, so a request starts at the first read after the app wrote), and the
// app's server closes the connection after answering it; an answer that does not say so itself
// gets the header after its status line, so the edge never sends another request on it.
// paddock_listen_open() counts the connections accepted and not yet closed.
//
// A candidate for the sandbox's runnable jars, measured by bench/bridge-hop.sh beside the app
// straight on its TCP port and behind the runner's bridge, and by bench/listen-drain.sh with the
// framework examples. Not built into the sandbox image.
//
//   cc -O2 -shared -fPIC -o listen.so listen.c -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_FDS 65536

// Per file descriptor: 0 a socket of its own, else the family the app made it with (AF_INET or
// AF_INET6), for the listener that became a Unix socket and for the connections it accepted.
static unsigned char family[MAX_FDS];
// Per accepted connection: whether the app wrote since it last read, so that the next bytes it
// reads start a request (the edge sends a request only once the last answer is in).
static unsigned char answered[MAX_FDS];
// Per file descriptor: whether it is a connection the listener accepted.
static unsigned char accepted[MAX_FDS];
// Per accepted connection: whether its request was asked to close it, and the answer's status
// line still has to say so.
static unsigned char closing[MAX_FDS];
// Set once the sandbox drains: each connection's next request asks for Connection: close.
static volatile int draining;
// Connections accepted and not yet closed.
static volatile long open_connections;
// The address the app bound, as it asked for it: what getsockname tells it.
static struct sockaddr_storage bound;
static socklen_t bound_len;
static int port = -1;
static const char *path;

static int (*real_bind)(int, const struct sockaddr *, socklen_t);
static int (*real_accept4)(int, struct sockaddr *, socklen_t *, int);
static int (*real_getsockname)(int, struct sockaddr *, socklen_t *);
static int (*real_getpeername)(int, struct sockaddr *, socklen_t *);
static int (*real_setsockopt)(int, int, int, const void *, socklen_t);
static int (*real_getsockopt)(int, int, int, void *, socklen_t *);
static int (*real_close)(int);
static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_recv)(int, void *, size_t, int);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_send)(int, const void *, size_t, int);
static ssize_t (*real_recvfrom)(int, void *, size_t, int, struct sockaddr *, socklen_t *);
static ssize_t (*real_sendfile)(int, int, off_t *, size_t);

__attribute__((constructor)) static void init(void) {
  real_bind = dlsym(RTLD_NEXT, "bind");
  real_accept4 = dlsym(RTLD_NEXT, "accept4");
  real_getsockname = dlsym(RTLD_NEXT, "getsockname");
  real_getpeername = dlsym(RTLD_NEXT, "getpeername");
  real_setsockopt = dlsym(RTLD_NEXT, "setsockopt");
  real_getsockopt = dlsym(RTLD_NEXT, "getsockopt");
  real_close = dlsym(RTLD_NEXT, "close");
  real_read = dlsym(RTLD_NEXT, "read");
  real_recv = dlsym(RTLD_NEXT, "recv");
  real_write = dlsym(RTLD_NEXT, "write");
  real_writev = dlsym(RTLD_NEXT, "writev");
  real_send = dlsym(RTLD_NEXT, "send");
  real_recvfrom = dlsym(RTLD_NEXT, "recvfrom");
  real_sendfile = dlsym(RTLD_NEXT, "sendfile");
  const char *p = getenv("PORT");
  path = getenv("PADDOCK_LISTEN_PATH");
  if (p && path && strlen(path) < sizeof((struct sockaddr_un){0}.sun_path)) {
    port = atoi(p);
  }
}

static int ours(int fd) { return fd >= 0 && fd < MAX_FDS && family[fd]; }

static int port_of(const struct sockaddr *addr) {
  switch (addr->sa_family) {
    case AF_INET: return ntohs(((const struct sockaddr_in *)addr)->sin_port);
    case AF_INET6: return ntohs(((const struct sockaddr_in6 *)addr)->sin6_port);
    default: return -1;
  }
}

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
  if (port < 0 || fd < 0 || fd >= MAX_FDS || port_of(addr) != port || len > sizeof bound) {
    return real_bind(fd, addr, len);
  }
  // A Unix socket takes the descriptor's place, with its flags (non-blocking, close-on-exec).
  int status = fcntl(fd, F_GETFL), flags = fcntl(fd, F_GETFD);
  int unix_socket = socket(AF_UNIX, SOCK_STREAM, 0);
  if (unix_socket < 0) {
    return -1;
  }
  if (dup3(unix_socket, fd, flags & FD_CLOEXEC ? O_CLOEXEC : 0) < 0) {
    int error = errno;
    real_close(unix_socket);
    errno = error;
    return -1;
  }
  real_close(unix_socket);
  fcntl(fd, F_SETFL, status);
  struct sockaddr_un at = {.sun_family = AF_UNIX};
  strcpy(at.sun_path, path);
  unlink(path);
  if (real_bind(fd, (struct sockaddr *)&at, sizeof at) < 0) {
    return -1;
  }
  memcpy(&bound, addr, len);
  bound_len = len;
  family[fd] = addr->sa_family;
  return 0;
}

// A TCP address of the app's family, on the loopback, truncated to the caller's buffer as the
// kernel would.
static void loopback(int af, struct sockaddr *addr, socklen_t *len) {
  if (!addr || !len) {
    return;
  }
  struct sockaddr_storage peer = {0};
  socklen_t size;
  if (af == AF_INET) {
    struct sockaddr_in *in = (struct sockaddr_in *)&peer;
    in->sin_family = AF_INET;
    in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    size = sizeof *in;
  } else {
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&peer;
    in6->sin6_family = AF_INET6;
    in6->sin6_addr = in6addr_loopback;
    size = sizeof *in6;
  }
  memcpy(addr, &peer, *len < size ? *len : size);
  *len = size;
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
  if (!ours(fd)) {
    return real_accept4(fd, addr, len, flags);
  }
  int connection = real_accept4(fd, NULL, NULL, flags);
  if (connection >= 0 && connection < MAX_FDS) {
    family[connection] = family[fd];
    answered[connection] = 1;
    accepted[connection] = 1;
    __atomic_add_fetch(&open_connections, 1, __ATOMIC_RELAXED);
    loopback(family[fd], addr, len);
  }
  return connection;
}

int accept(int fd, struct sockaddr *addr, socklen_t *len) { return accept4(fd, addr, len, 0); }

int getsockname(int fd, struct sockaddr *addr, socklen_t *len) {
  if (!ours(fd)) {
    return real_getsockname(fd, addr, len);
  }
  memcpy(addr, &bound, *len < bound_len ? *len : bound_len);
  *len = bound_len;
  return 0;
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len) {
  if (!ours(fd)) {
    return real_getpeername(fd, addr, len);
  }
  loopback(family[fd], addr, len);
  return 0;
}

static int tcp_or_ip(int level) {
  return level == IPPROTO_TCP || level == IPPROTO_IP || level == IPPROTO_IPV6;
}

int setsockopt(int fd, int level, int name, const void *value, socklen_t len) {
  if (ours(fd) && tcp_or_ip(level)) {
    return 0;
  }
  return real_setsockopt(fd, level, name, value, len);
}

int getsockopt(int fd, int level, int name, void *value, socklen_t *len) {
  if (ours(fd) && tcp_or_ip(level)) {
    memset(value, 0, *len);
    return 0;
  }
  if (ours(fd) && level == SOL_SOCKET && name == SO_DOMAIN && *len >= sizeof(int)) {
    *(int *)value = family[fd];
    *len = sizeof(int);
    return 0;
  }
  return real_getsockopt(fd, level, name, value, len);
}

int close(int fd) {
  if (fd >= 0 && fd < MAX_FDS && family[fd]) {
    if (accepted[fd]) {
      accepted[fd] = 0;
      closing[fd] = 0;
      __atomic_sub_fetch(&open_connections, 1, __ATOMIC_RELAXED);
    }
    family[fd] = 0;
  }
  return real_close(fd);
}

static const char CLOSE[] = "Connection: close\r\n";

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

// After a read of n bytes into a buffer of size bytes on an accepted connection: when the sandbox
// drains and they start a request, a Connection: close header goes in after its request line, if
// the buffer has room for it.
static ssize_t received(int fd, char *data, ssize_t n, size_t size) {
  if (n <= 0) return n;
  if (answered[fd] && draining) {
    ssize_t line = request_line(data, n);
    if (line > 0 && (size_t)n + sizeof CLOSE - 1 <= size) {
      memmove(data + line + sizeof CLOSE - 1, data + line, n - line);
      memcpy(data + line, CLOSE, sizeof CLOSE - 1);
      n += sizeof CLOSE - 1;
      closing[fd] = 1;
    }
  }
  answered[fd] = 0;
  return n;
}

ssize_t read(int fd, void *buf, size_t count) {
  ssize_t n = real_read(fd, buf, count);
  return ours(fd) ? received(fd, buf, n, count) : n;
}

ssize_t recv(int fd, void *buf, size_t count, int flags) {
  ssize_t n = real_recv(fd, buf, count, flags);
  return ours(fd) && !(flags & MSG_PEEK) ? received(fd, buf, n, count) : n;
}

ssize_t recvfrom(int fd, void *buf, size_t count, int flags, struct sockaddr *from, socklen_t *len) {
  ssize_t n = real_recvfrom(fd, buf, count, flags, from, len);
  return ours(fd) && !(flags & MSG_PEEK) ? received(fd, buf, n, count) : n;
}

static ssize_t sent(int fd, ssize_t n) {
  if (n > 0 && ours(fd)) answered[fd] = 1;
  return n;
}

// Where the status line of an answer that starts these bytes ends, when its header block (as far
// as these bytes go) has no Connection header of its own.
static ssize_t status_line(const char *data, size_t n) {
  if (n < 12 || memcmp(data, "HTTP/1.", 7) != 0) return -1;
  ssize_t end = -1;
  for (size_t i = 0; i + 1 < n; i++) {
    if (data[i] == '\r' && data[i + 1] == '\n') {
      if (end < 0) {
        end = i + 2;
      } else if (i + 3 < n && data[i + 2] == '\r' && data[i + 3] == '\n') {
        break;
      }
      if (i + 13 < n && strncasecmp(data + i + 2, "Connection:", 11) == 0) return -1;
    }
  }
  return end;
}

// Writes an answer with Connection: close after its status line; returns how many of the app's
// bytes went out, as write(2) would.
static ssize_t write_closing(int fd, const char *data, size_t count, ssize_t line) {
  struct iovec parts[] = {
      {(void *)data, line}, {(void *)CLOSE, sizeof CLOSE - 1}, {(void *)(data + line), count - line}};
  ssize_t n = real_writev(fd, parts, 3);
  if (n < 0 || n <= line) return n;
  // The header went out in part at most: the rest of it before anything else.
  ssize_t header = n - line < (ssize_t)sizeof CLOSE - 1 ? n - line : (ssize_t)sizeof CLOSE - 1;
  while (header < (ssize_t)sizeof CLOSE - 1) {
    ssize_t more = real_write(fd, CLOSE + header, sizeof CLOSE - 1 - header);
    if (more < 0 && errno != EAGAIN && errno != EINTR) return -1;
    if (more > 0) header += more;
  }
  ssize_t app = n - (ssize_t)(sizeof CLOSE - 1);
  return app > line ? app : line;
}

ssize_t write(int fd, const void *buf, size_t count) {
  if (fd >= 0 && fd < MAX_FDS && closing[fd]) {
    closing[fd] = 0;
    ssize_t line = status_line(buf, count);
    if (line > 0) return sent(fd, write_closing(fd, buf, count, line));
  }
  return sent(fd, real_write(fd, buf, count));
}

ssize_t writev(int fd, const struct iovec *iov, int count) { return sent(fd, real_writev(fd, iov, count)); }

ssize_t send(int fd, const void *buf, size_t count, int flags) {
  if (fd >= 0 && fd < MAX_FDS && closing[fd]) {
    closing[fd] = 0;
    ssize_t line = status_line(buf, count);
    if (line > 0) return sent(fd, write_closing(fd, buf, count, line));
  }
  return sent(fd, real_send(fd, buf, count, flags));
}

ssize_t sendfile(int out, int in, off_t *offset, size_t count) {
  return sent(out, real_sendfile(out, in, offset, count));
}

// Called when the sandbox drains (through java.lang.foreign in the app's JVM).
void paddock_listen_drain(void) { draining = 1; }

// The connections the app accepted and has not closed.
long paddock_listen_open(void) { return open_connections; }
