package dev.paddock.routing.httpd;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Apache httpd edge ({@code paddock.edge.httpd.*}).
 *
 * @param mode {@code managed}: Paddock runs its own httpd on the edge port with its own config
 *     under the data dir; {@code external}: Paddock writes {@code vhosts-file} for a system httpd
 *     and runs {@code reload-command}
 * @param binary the httpd executable ({@code apache2} on Debian, {@code httpd} elsewhere)
 * @param serverRoot where {@code modules/mod_*.so} resolve
 * @param user the user httpd's workers run as when started by root
 * @param stopOnExit whether the managed httpd stops with the control plane; by default it keeps
 *     serving, so restarting the control plane never interrupts tenants' traffic
 * @param mpm the managed httpd's multi-processing module: {@code event} (httpd's default) keeps
 *     idle keep-alive connections off its threads, so many idle browsers cost no thread each;
 *     {@code worker} gives each open connection a thread, and served 20-25% more requests per
 *     second through the proxy in {@code bench/throughput.sh} on 2 cores
 * @param launch how the managed httpd runs: {@code process}, as a process of the control plane's
 *     user (as root its workers run as {@code user}); {@code container}, in a container of its own
 *     as {@code container-user}, which has no access to Docker; {@code auto} (the default): a
 *     container when the control plane is not root and runs sandboxes on Docker, since its own user
 *     can then use Docker and cannot start httpd as another
 * @param containerUser the uid httpd runs as in its container (with the control plane's group, to
 *     read its configuration and keys)
 * @param routeMap whether the managed httpd routes apps of one instance by name from its route map
 *     (over HTTP, and over HTTPS with the admin's certificate), with no reload when they come and
 *     go, rather than each with a virtual host of its own; off only to compare the two
 */
@ConfigurationProperties("paddock.edge.httpd")
public record HttpdProperties(
    @DefaultValue("managed") Mode mode,
    @DefaultValue("apache2") String binary,
    @DefaultValue("/usr/lib/apache2") Path serverRoot,
    @DefaultValue("www-data") String user,
    @DefaultValue("false") boolean stopOnExit,
    @DefaultValue("event") Mpm mpm,
    Path vhostsFile,
    @DefaultValue("apache2ctl,graceful") List<String> reloadCommand,
    @DefaultValue("auto") Launch launch,
    @DefaultValue("10002") int containerUser,
    @DefaultValue("true") boolean routeMap) {

  /** How the managed httpd runs. */
  public enum Launch {
    AUTO,
    PROCESS,
    CONTAINER
  }

  /** The multi-processing modules Paddock's httpd may run with. */
  public enum Mpm {
    EVENT,
    WORKER;

    String module() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Who owns the httpd process. */
  public enum Mode {
    MANAGED,
    EXTERNAL
  }
}
