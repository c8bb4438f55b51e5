package dev.paddock.routing.httpd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.naming.DnsLabel;
import dev.paddock.naming.HostName;
import dev.paddock.naming.InvalidNameException;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.Route;
import dev.paddock.routing.Upstream;
import dev.paddock.sandbox.AppSockets;
import dev.paddock.support.Infrastructure;
import dev.paddock.web.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Hostile tenant and app names, and apps' own host names, against the httpd configuration: whatever
 * the name validator accepts renders exactly the template's directives, line for line, and passes
 * {@code httpd -t}; whatever would break out of the template is refused before it reaches the
 * generator.
 */
class HttpdConfigFuzzIT {

  private static final EdgeProperties EDGE = new EdgeProperties("localhost", "127.0.0.1", 8000);
  private static Path dir;
  private static HttpdLayout layout;

  @BeforeContainer
  static void layout() throws IOException {
    Infrastructure.requireDockerAndHttpd();
    dir = Infrastructure.dataDir();
    layout = new HttpdLayout(dir.resolve("httpd"));
    layout.prepare();
  }

  @Property(tries = 150)
  void anAcceptedNameRendersTheTemplatesDirectivesAndPassesTheConfigTest(
      @ForAll("names") String tenant,
      @ForAll("names") String app,
      @ForAll @IntRange(min = 1, max = 16) int instances,
      @ForAll @IntRange(min = 1, max = 3600) int timeout)
      throws IOException {
    DnsLabel t;
    DnsLabel a;
    try {
      t = new DnsLabel(tenant);
      a = new DnsLabel(app);
    } catch (InvalidNameException refused) {
      Statistics.collect("refused");
      return; // never reaches the generator
    }
    Statistics.collect("accepted");
    String config = render(t.value(), a.value(), instances, timeout);
    String reference = render("acme", "web", instances, timeout);

    assertThat(directives(config)).isEqualTo(directives(reference));
    assertThat(config.lines().count()).isEqualTo(reference.lines().count());
    Path vhosts = Files.writeString(dir.resolve("vhosts.conf"), config);
    Path harness =
        Files.writeString(
            dir.resolve("harness.conf"), HttpdConfig.main(layout, EDGE, properties(), vhosts));
    new Command(List.of("apache2", "-t", "-f", harness.toString()))
        .runOrThrow("Testing a configuration for " + t + "/" + a);
  }

  @Property(tries = 150)
  @StatisticsReport(onFailureOnly = true)
  void theFuzzReachesTheGeneratorOftenEnoughToMeanSomething(
      @ForAll("names") String tenant, @ForAll("names") String app) {
    boolean accepted;
    try {
      new DnsLabel(tenant);
      new DnsLabel(app);
      accepted = true;
    } catch (InvalidNameException refused) {
      accepted = false;
    }
    Statistics.collect(accepted);
    Statistics.coverage(coverage -> coverage.check(true).percentage(p -> p >= 20));
  }

  @Property(tries = 150)
  void anAcceptedHostNameRendersOneServerAliasAndPassesTheConfigTest(
      @ForAll("hostNames") String host) throws IOException {
    HostName name;
    try {
      name = new HostName(host);
    } catch (ApiException refused) {
      Statistics.collect("refused");
      return; // never reaches the generator
    }
    Statistics.collect("accepted");
    String config = withAlias(name.value());
    String reference = withAlias("shop.example.com");

    assertThat(directives(config)).isEqualTo(directives(reference));
    assertThat(config.lines().count()).isEqualTo(reference.lines().count());
    Path vhosts = Files.writeString(dir.resolve("vhosts.conf"), config);
    Path harness =
        Files.writeString(
            dir.resolve("harness.conf"), HttpdConfig.main(layout, EDGE, properties(), vhosts));
    new Command(List.of("apache2", "-t", "-f", harness.toString()))
        .runOrThrow("Testing a configuration for " + name);
  }

  private static String withAlias(String host) {
    Route route =
        new Route(
            EDGE.host("acme", "web"),
            List.of(host),
            new Upstream.Sockets(List.of(dir.resolve("run/acme/web/slot-0.sock"))),
            Duration.ofSeconds(65));
    return HttpdConfig.vhosts(List.of(route), EDGE, layout.errors());
  }

  /** Host names of well-formed labels, the same with a hostile string slipped in, and anything. */
  @Provide
  Arbitrary<String> hostNames() {
    Arbitrary<String> wellFormed =
        names().list().ofMinSize(2).ofMaxSize(4).map(labels -> String.join(".", labels));
    return Arbitraries.frequencyOf(
        Tuple.of(3, wellFormed),
        Tuple.of(
            1,
            Combinators.combine(wellFormed, names())
                .as((host, other) -> host + other.substring(0, Math.min(2, other.length())))),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(60)));
  }

  private static String render(String tenant, String app, int instances, int timeout) {
    Path sockets = dir.resolve("run").resolve(AppSockets.dirName(tenant, app));
    Route route =
        new Route(
            EDGE.host(tenant, app),
            IntStream.range(0, instances)
                .mapToObj(slot -> sockets.resolve("slot-" + slot + ".sock"))
                .toList(),
            Duration.ofSeconds(timeout + 5L));
    return HttpdConfig.vhosts(List.of(route), EDGE, layout.errors());
  }

  /** Each line's directive (its first word), in order. */
  private static List<String> directives(String config) {
    return config
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .map(line -> line.split("[\\s>]", 2)[0])
        .toList();
  }

  private static HttpdProperties properties() {
    return TestHttpd.managed(true);
  }

  /** Well-formed labels, the same with a hostile character slipped in, and anything at all. */
  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> labels =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars('-', '7')
            .ofMinLength(2)
            .ofMaxLength(32)
            .filter(s -> Character.isLetter(s.charAt(0)) && s.charAt(s.length() - 1) != '-');
    Arbitrary<String> hostile =
        Arbitraries.of(
            "\n",
            "\r\n",
            "\"",
            "'",
            " ",
            "\t",
            "#",
            "<",
            ">",
            "$",
            "{",
            "}",
            "\\",
            "|",
            "%",
            "/",
            ".",
            "\u0000",
            "\n</VirtualHost>\n<VirtualHost *:80>",
            "\" retry=1 \"",
            "Include /etc");
    return Arbitraries.frequencyOf(
        Tuple.of(3, labels),
        Tuple.of(
            1,
            Combinators.combine(labels, hostile)
                .as((label, bad) -> label.charAt(0) + bad + label.substring(1))),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
  }
}
