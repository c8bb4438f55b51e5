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
 */
@ConfigurationProperties("paddock.edge.httpd")
public record HttpdProperties(
    @DefaultValue("managed") Mode mode,
    @DefaultValue("apache2") String binary,
    @DefaultValue("/usr/lib/apache2") Path serverRoot,
    @DefaultValue("www-data") String user,
    @DefaultValue("false") boolean stopOnExit,
    Path vhostsFile,
    @DefaultValue("apache2ctl,graceful") List<String> reloadCommand) {

  /** Who owns the httpd process. */
  public enum Mode {
    MANAGED,
    EXTERNAL
  }
}
