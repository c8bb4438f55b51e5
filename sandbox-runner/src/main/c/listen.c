// A runnable jar's own listener on the sandbox's Unix socket, with no hop between: preloaded into
// the app's JVM (LD_PRELOAD=/opt/paddock/paddock-listen.so), it turns the first TCP socket the app
// binds to $PORT (on any address) into a Unix socket bound at $PADDOCK_SOCKET, open to the edge, on
// the same descriptor. The app is told what a TCP server expects: the address it bound, a peer on
// the loopback, TCP and IP options accepted. Every other socket is left alone, and so is a bind
// when something is already at $PADDOCK_SOCKET (a child process that inherited the library).
//
// It follows the HTTP on the app's connections (answers.c) enough for the runner to drain them.
// The runner, in the same JVM, asks over a Unix socket of the library's own,
// /tmp/paddock-listen-<pid>.sock (on the sandbox's private /tmp), served by a thread that starts
// with the listener; one line a connection, one line back:
// - "drain": the next request read on each connection gets Connection: close after its request
//   line (the edge sends a request only once the last answer is in, so a request starts at the
//   first read after the app wrote), and its answer gets the header after its status line when the
//   app's server does not say it itself, so the edge never sends another on it. Answers "ok".
// - "close-idle <ms>": shuts down the connections whose last answer is complete and that have been
//   quiet for ms, longer than the edge keeps an idle connection for reuse; answers how many. An
//   answer is complete once its Content-Length bytes, or its last chunk, are written; one whose end
//   this cannot tell (a header written in pieces, a body ended by closing) counts as in flight.
// - "go-away": at the drain's timeout, a WebSocket gets a close frame 1001 and a chunked answer (an
//   event stream) its last chunk, once no write is under way and the app's writes end between two
//   frames or chunks, and the connection is shut down (the app's later writes to it are dropped);
//   answers how many are left to end, to be asked again a moment later.
// - "count": answers the connections open and the requests read, "<open> <requests>".
//
//   cc -O2 -shared -fPIC -o paddock-listen.so listen.c answers.c -ldl
#define _GNU_SOURCE
#include "answers.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS 65536

struct connection {
  unsigned char family;    // 0: not ours; else AF_INET or AF_INET6, as the app made the listener
  unsigned char accepted;  // a connection the listener accepted (not the listener itself)
  unsigned char gone;      // shut down by the drain: the app's writes are dropped
  int busy;                // a write is under way (the app's or the go-away's)
  long long last;          // when it last read or wrote, in ms
  struct exchange http;
};

static struct connection conns[MAX_FDS];
static volatile int draining;
static long open_connections;
static long requests;
static struct sockaddr_storage bound;  // the address the app bound, as it asked for it
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
static ssize_t (*real_recvfrom)(int, void *, size_t, int, struct sockaddr *, socklen_t *);
static ssize_t (*real_readv)(int, const struct iovec *, int);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_send)(int, const void *, size_t, int);
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
  real_recvfrom = dlsym(RTLD_NEXT, "recvfrom");
  real_readv = dlsym(RTLD_NEXT, "readv");
  real_write = dlsym(RTLD_NEXT, "write");
  real_writev = dlsym(RTLD_NEXT, "writev");
  real_send = dlsym(RTLD_NEXT, "send");
  real_sendfile = dlsym(RTLD_NEXT, "sendfile");
  const char *p = getenv("PORT");
  path = getenv("PADDOCK_SOCKET");
  if (p && path && strlen(path) < sizeof((struct sockaddr_un){0}.sun_path)) {
    port = atoi(p);
  }
}

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
  return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static struct connection *ours(int fd) {
  return fd >= 0 && fd < MAX_FDS && conns[fd].family ? &conns[fd] : NULL;
}

static void serve_control(void);

static int port_of(const struct sockaddr *addr) {
  switch (addr->sa_family) {
    case AF_INET: return ntohs(((const struct sockaddr_in *)addr)->sin_port);
    case AF_INET6: return ntohs(((const struct sockaddr_in6 *)addr)->sin6_port);
    default: return -1;
  }
}

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
  struct stat existing;
  if (port < 0 || fd < 0 || fd >= MAX_FDS || !addr || port_of(addr) != port || len > sizeof bound ||
      lstat(path, &existing) == 0) {
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
  if (real_bind(fd, (struct sockaddr *)&at, sizeof at) < 0 || chmod(path, 0666) < 0) {
    return -1;
  }
  memcpy(&bound, addr, len);
  bound_len = len;
  conns[fd].family = addr->sa_family;
  port = -1;  // the app's first listener only
  serve_control();
  return 0;
}

// The edge's address as a TCP peer of the app's family, cut to the caller's buffer as the kernel
// would: 127.0.0.1, which an IPv6 socket sees as ::ffff:127.0.0.1 (unless it bound ::1 alone).
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
    const struct sockaddr_in6 *own = (const struct sockaddr_in6 *)&bound;
    if (memcmp(&own->sin6_addr, &in6addr_loopback, sizeof in6addr_loopback) == 0) {
      in6->sin6_addr = in6addr_loopback;
    } else {
      in6->sin6_addr.s6_addr[10] = in6->sin6_addr.s6_addr[11] = 0xff;
      in6->sin6_addr.s6_addr[12] = 127;
      in6->sin6_addr.s6_addr[15] = 1;
    }
    size = sizeof *in6;
  }
  memcpy(addr, &peer, *len < size ? *len : size);
  *len = size;
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
  struct connection *listener = ours(fd);
  if (!listener) {
    return real_accept4(fd, addr, len, flags);
  }
  int c = real_accept4(fd, NULL, NULL, flags);
  if (c >= 0 && c < MAX_FDS) {
    conns[c] = (struct connection){.family = listener->family, .accepted = 1, .last = now_ms()};
    exchange_start(&conns[c].http);
    __atomic_add_fetch(&open_connections, 1, __ATOMIC_RELAXED);
    loopback(listener->family, addr, len);
  }
  return c;
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
  struct connection *c = ours(fd);
  if (!c) {
    return real_getpeername(fd, addr, len);
  }
  loopback(c->family, addr, len);
  return 0;
}

static int tcp_or_ip(int level) {
  return level == IPPROTO_TCP || level == IPPROTO_IP || level == IPPROTO_IPV6;
}

int setsockopt(int fd, int level, int name, const void *value, socklen_t len) {
  return ours(fd) && tcp_or_ip(level) ? 0 : real_setsockopt(fd, level, name, value, len);
}

int getsockopt(int fd, int level, int name, void *value, socklen_t *len) {
  struct connection *c = ours(fd);
  if (c && tcp_or_ip(level)) {
    memset(value, 0, *len);
    return 0;
  }
  if (c && level == SOL_SOCKET && name == SO_DOMAIN && *len >= sizeof(int)) {
    *(int *)value = c->family;
    *len = sizeof(int);
    return 0;
  }
  return real_getsockopt(fd, level, name, value, len);
}

int close(int fd) {
  struct connection *c = ours(fd);
  if (c) {
    if (c->accepted) {
      __atomic_sub_fetch(&open_connections, 1, __ATOMIC_RELAXED);
    }
    memset(c, 0, sizeof *c);
  }
  return real_close(fd);
}

// After a read on a connection of the app's: a request that starts is counted, and while the
// sandbox drains it asks for the connection to close.
static ssize_t received(struct connection *c, char *data, ssize_t n, size_t size) {
  if (n <= 0) return n;
  c->last = now_ms();
  if (exchange_read(&c->http, data, &n, size, draining)) {
    __atomic_add_fetch(&requests, 1, __ATOMIC_RELAXED);
  }
  return n;
}

ssize_t read(int fd, void *buf, size_t count) {
  ssize_t n = real_read(fd, buf, count);
  struct connection *c = ours(fd);
  return c ? received(c, buf, n, count) : n;
}

ssize_t recv(int fd, void *buf, size_t count, int flags) {
  ssize_t n = real_recv(fd, buf, count, flags);
  struct connection *c = ours(fd);
  return c && !(flags & MSG_PEEK) ? received(c, buf, n, count) : n;
}

ssize_t recvfrom(int fd, void *buf, size_t count, int flags, struct sockaddr *from,
                 socklen_t *len) {
  ssize_t n = real_recvfrom(fd, buf, count, flags, from, len);
  struct connection *c = ours(fd);
  return c && !(flags & MSG_PEEK) ? received(c, buf, n, count) : n;
}

ssize_t readv(int fd, const struct iovec *iov, int count) {
  ssize_t n = real_readv(fd, iov, count);
  struct connection *c = ours(fd);
  if (c && count > 0 && n > 0) {
    // A scattered read starts a request as any other, but gets no header: no room to be sure of.
    received(c, iov[0].iov_base, n < (ssize_t)iov[0].iov_len ? n : (ssize_t)iov[0].iov_len, 0);
  }
  return n;
}

static void lock(struct connection *c) {
  while (__atomic_exchange_n(&c->busy, 1, __ATOMIC_ACQUIRE)) sched_yield();
}

static void unlock(struct connection *c) { __atomic_store_n(&c->busy, 0, __ATOMIC_RELEASE); }

// Writes an answer with Connection: close after its status line; returns how many of the app's
// bytes went out, as writev(2) would.
static ssize_t write_closing(int fd, const struct iovec *iov, int count, ssize_t line) {
  struct iovec parts[66];
  int k = 0;
  ssize_t at = 0;
  for (int i = 0; i < count && k < 64; i++) {
    if (at <= line && line < at + (ssize_t)iov[i].iov_len) {
      parts[k++] = (struct iovec){iov[i].iov_base, line - at};
      parts[k++] = (struct iovec){(void *)CONNECTION_CLOSE, CONNECTION_CLOSE_LEN};
      char *rest = (char *)iov[i].iov_base + (line - at);
      parts[k++] = (struct iovec){rest, iov[i].iov_len - (line - at)};
    } else {
      parts[k++] = iov[i];
    }
    at += iov[i].iov_len;
  }
  ssize_t n = real_writev(fd, parts, k);
  if (n <= line) return n;
  // The header went out in part at most: the rest of it before anything else.
  ssize_t sent = n - line < CONNECTION_CLOSE_LEN ? n - line : CONNECTION_CLOSE_LEN;
  while (sent < CONNECTION_CLOSE_LEN) {
    ssize_t more = real_write(fd, CONNECTION_CLOSE + sent, CONNECTION_CLOSE_LEN - sent);
    if (more < 0 && errno != EAGAIN && errno != EINTR) return -1;
    if (more > 0) sent += more;
  }
  return n - CONNECTION_CLOSE_LEN > line ? n - CONNECTION_CLOSE_LEN : line;
}

// Every write on a connection of the app's: the answer's status line says Connection: close when
// its request did, and the answer is followed to its end.
// flags < 0: write(2) or writev(2); else send(2) with them.
static ssize_t sending(int fd, struct connection *c, const struct iovec *iov, int count,
                       int flags) {
  size_t total = 0;
  for (int i = 0; i < count; i++) total += iov[i].iov_len;
  lock(c);
  ssize_t n;
  if (c->gone) {
    n = total;
  } else {
    ssize_t line = exchange_close_at(&c->http, &iov[0]);
    if (line > 0) {
      n = write_closing(fd, iov, count, line);
    } else if (flags >= 0) {
      n = real_send(fd, iov[0].iov_base, iov[0].iov_len, flags);
    } else {
      n = count == 1 ? real_write(fd, iov[0].iov_base, iov[0].iov_len)
                     : real_writev(fd, iov, count);
    }
    if (n > 0) {
      exchange_wrote(&c->http, iov, count, n);
      c->last = now_ms();
    }
  }
  unlock(c);
  return n;
}

ssize_t write(int fd, const void *buf, size_t count) {
  struct connection *c = ours(fd);
  if (!c || !c->accepted) return real_write(fd, buf, count);
  struct iovec one = {(void *)buf, count};
  return sending(fd, c, &one, 1, -1);
}

ssize_t writev(int fd, const struct iovec *iov, int count) {
  struct connection *c = ours(fd);
  return c && c->accepted && count > 0 ? sending(fd, c, iov, count, -1)
                                        : real_writev(fd, iov, count);
}

ssize_t send(int fd, const void *buf, size_t count, int flags) {
  struct connection *c = ours(fd);
  if (!c || !c->accepted) return real_send(fd, buf, count, flags);
  struct iovec one = {(void *)buf, count};
  return sending(fd, c, &one, 1, flags);
}

ssize_t sendfile(int out, int in, off_t *offset, size_t count) {
  struct connection *c = ours(out);
  ssize_t n = real_sendfile(out, in, offset, count);
  if (c && c->accepted && n > 0) {
    lock(c);
    exchange_sent_file(&c->http, n);
    c->last = now_ms();
    unlock(c);
  }
  return n;
}

// Shuts down the connections with no answer in flight that have been quiet for quiet_ms; returns
// how many.
static int close_idle(long quiet_ms) {
  long long now = now_ms();
  int closed = 0;
  for (int fd = 0; fd < MAX_FDS; fd++) {
    struct connection *c = &conns[fd];
    if (c->accepted && !c->gone && c->http.state == IDLE && now - c->last >= quiet_ms) {
      c->gone = 1;
      shutdown(fd, SHUT_RDWR);
      closed++;
    }
  }
  return closed;
}

// Ends each tunnel with a close frame and each chunked answer with its last chunk, where no write
// is under way and the app's writes so far end between two frames or chunks, and shuts the
// connection down; returns how many connections are left to end (to try again a moment later).
static int go_away(void) {
  int left = 0;
  for (int fd = 0; fd < MAX_FDS; fd++) {
    struct connection *c = &conns[fd];
    const char *end;
    size_t len;
    if (!c->accepted || c->gone || !exchange_long_lived(&c->http, &end, &len)) continue;
    if (__atomic_exchange_n(&c->busy, 1, __ATOMIC_ACQUIRE)) {
      left++;
      continue;
    }
    if (exchange_long_lived(&c->http, &end, &len) && end) {
      for (size_t sent = 0; sent < len;) {
        ssize_t n = real_send(fd, end + sent, len - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += n;
      }
      c->gone = 1;
      shutdown(fd, SHUT_RDWR);
    } else {
      left++;
    }
    unlock(c);
  }
  return left;
}

// One command from the runner on a connection to the control socket, and its answer.
static void command(int client) {
  char line[64] = {0};
  size_t n = 0;
  while (n < sizeof line - 1) {
    ssize_t got = real_read(client, line + n, sizeof line - 1 - n);
    if (got <= 0) break;
    n += got;
    if (memchr(line, '\n', n)) break;
  }
  char answer[64];
  if (strncmp(line, "count", 5) == 0) {
    snprintf(answer, sizeof answer, "%ld %ld\n",
             __atomic_load_n(&open_connections, __ATOMIC_RELAXED),
             __atomic_load_n(&requests, __ATOMIC_RELAXED));
  } else if (strncmp(line, "drain", 5) == 0) {
    draining = 1;
    snprintf(answer, sizeof answer, "ok\n");
  } else if (strncmp(line, "close-idle ", 11) == 0) {
    snprintf(answer, sizeof answer, "%d\n", close_idle(atol(line + 11)));
  } else if (strncmp(line, "go-away", 7) == 0) {
    snprintf(answer, sizeof answer, "%d\n", go_away());
  } else {
    snprintf(answer, sizeof answer, "unknown command\n");
  }
  real_write(client, answer, strlen(answer));
}

static void *control(void *socket) {
  int server = (int)(long)socket;
  for (;;) {
    int client = real_accept4(server, NULL, NULL, SOCK_CLOEXEC);
    if (client < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return NULL;
    }
    // A client that sends no line, or reads no answer, holds the thread a second at most.
    struct timeval second = {.tv_sec = 1};
    real_setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &second, sizeof second);
    real_setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &second, sizeof second);
    command(client);
    real_close(client);
  }
}

static char control_path[sizeof((struct sockaddr_un){0}.sun_path)];

__attribute__((destructor)) static void forget_control(void) {
  if (control_path[0]) unlink(control_path);
}

// The runner's way in: a socket only this sandbox's processes reach, served by a thread that
// takes no signals (the JVM's threads handle them).
static void serve_control(void) {
  struct sockaddr_un at = {.sun_family = AF_UNIX};
  snprintf(at.sun_path, sizeof at.sun_path, "/tmp/paddock-listen-%d.sock", (int)getpid());
  int server = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (server < 0) return;
  unlink(at.sun_path);
  if (real_bind(server, (struct sockaddr *)&at, sizeof at) < 0 || listen(server, 16) < 0) {
    real_close(server);
    return;
  }
  memcpy(control_path, at.sun_path, sizeof control_path);
  sigset_t all, before;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &before);
  pthread_t thread;
  if (pthread_create(&thread, NULL, control, (void *)(long)server) == 0) {
    pthread_detach(thread);
  }
  pthread_sigmask(SIG_SETMASK, &before, NULL);
}
