package dev.paddock.routing;

import java.nio.file.Path;

/**
 * One app at the edge: the host name it answers to and the stable Unix socket its traffic goes to.
 * The socket path never changes across deploys; {@link Router#switchTo} changes what is behind it.
 */
public record Route(String host, Path socket) {}
