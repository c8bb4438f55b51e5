// The app's own listener on a Unix socket, without a hop: preloaded into a runnable jar's JVM
// (LD_PRELOAD), it turns the TCP socket the app binds to $PORT (on any address) into a Unix socket
// bound at $PADDOCK_LISTEN_PATH, so the edge's connections reach the app's server itself instead of
// a bridge that copies them to its port. The app is told what a TCP server expects: the address it
// bound, a peer on the loopback, TCP and IP options accepted. Every other socket is left alone.
//
// A candidate for the sandbox's runnable jars, measured by bench/bridge-hop.sh beside the app
// straight on its TCP port and behind the runner's bridge. Not built into the sandbox image.
//
//   cc -O2 -shared -fPIC -o listen.so listen.c -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_FDS 65536

// Per file descriptor: 0 a socket of its own, else the family the app made it with (AF_INET or
// AF_INET6), for the listener that became a Unix socket and for the connections it accepted.
static unsigned char family[MAX_FDS];
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

__attribute__((constructor)) static void init(void) {
  real_bind = dlsym(RTLD_NEXT, "bind");
  real_accept4 = dlsym(RTLD_NEXT, "accept4");
  real_getsockname = dlsym(RTLD_NEXT, "getsockname");
  real_getpeername = dlsym(RTLD_NEXT, "getpeername");
  real_setsockopt = dlsym(RTLD_NEXT, "setsockopt");
  real_getsockopt = dlsym(RTLD_NEXT, "getsockopt");
  real_close = dlsym(RTLD_NEXT, "close");
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
  if (fd >= 0 && fd < MAX_FDS) {
    family[fd] = 0;
  }
  return real_close(fd);
}
