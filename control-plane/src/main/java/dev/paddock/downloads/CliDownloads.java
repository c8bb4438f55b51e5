package dev.paddock.downloads;

import dev.paddock.web.ApiException;
import dev.paddock.web.NotFoundException;
import dev.paddock.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The command line, from the control plane it talks to: {@code curl -fsSL <url>/cli/install.sh |
 * sh} puts its jar in the user's home and a {@code paddock} command on their path. Open to all,
 * like the dashboard's files: neither holds anything of a tenant.
 */
@RestController
class CliDownloads {

  private static final Resource JAR = new ClassPathResource("downloads/paddock-cli.jar");

  /** What may stand for this control plane in the script: a scheme, a host or address, a port. */
  private static final Pattern ORIGIN =
      Pattern.compile("https?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

  private static final String SCRIPT =
      """
      #!/bin/sh
      # Installs Paddock's command line from @URL@: the jar into ~/.local/share/paddock (or
      # $PADDOCK_HOME) and a `paddock` command into ~/.local/bin (or $PADDOCK_BIN).
      # Needs curl and Java 21 or newer ($JAVA_HOME, else java on the PATH).
      set -eu
      url='@URL@'
      home="${PADDOCK_HOME:-$HOME/.local/share/paddock}"
      bin="${PADDOCK_BIN:-$HOME/.local/bin}"
      java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
      version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
      if [ -z "$version" ] || [ "${version%%.*}" -lt 21 ]; then
        echo "paddock: the command line needs Java 21 or newer, found ${version:-none} ($java): set JAVA_HOME or put a newer java on the PATH" >&2
        exit 1
      fi
      mkdir -p "$home" "$bin"
      curl -fsSL "$url/cli/paddock-cli.jar" -o "$home/paddock-cli.jar.part"
      mv "$home/paddock-cli.jar.part" "$home/paddock-cli.jar"
      cat > "$bin/paddock" <<EOF
      #!/bin/sh
      exec "\\${JAVA_HOME:+\\$JAVA_HOME/bin/}java" -jar "$home/paddock-cli.jar" "\\$@"
      EOF
      chmod 755 "$bin/paddock"
      echo "Installed $bin/paddock. Next: paddock login --url $url --token <a token from the dashboard>"
      case ":$PATH:" in *":$bin:"*) ;; *) echo "Put $bin on your PATH to run it as paddock." ;; esac
      """;

  @GetMapping("/cli/paddock-cli.jar")
  ResponseEntity<Resource> jar() {
    if (!JAR.exists()) {
      throw new NotFoundException("Command line jar (this build has none)", "paddock-cli.jar");
    }
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/java-archive"))
        .body(JAR);
  }

  @GetMapping(value = "/cli/install.sh", produces = "text/x-shellscript")
  String install(HttpServletRequest request) {
    String origin = "%s://%s".formatted(request.getScheme(), hostAndPort(request));
    if (!ORIGIN.matcher(origin).matches()) {
      throw new UnusableHostException(request.getServerName());
    }
    return SCRIPT.replace("@URL@", origin);
  }

  private static String hostAndPort(HttpServletRequest request) {
    int port = request.getServerPort();
    boolean usual =
        (request.getScheme().equals("http") && port == 80)
            || (request.getScheme().equals("https") && port == 443);
    return usual ? request.getServerName() : request.getServerName() + ":" + port;
  }

  /** A Host header that cannot stand in a shell script as this control plane's address. */
  static class UnusableHostException extends ApiException {
    UnusableHostException(String host) {
      super(
          ProblemType.INVALID_REQUEST,
          "'%s' is not a host name or address the install script can use: ask for it by the control plane's name"
              .formatted(host.length() > 64 ? host.substring(0, 64) + "…" : host));
    }
  }
}
