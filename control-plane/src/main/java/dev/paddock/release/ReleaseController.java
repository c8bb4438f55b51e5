package dev.paddock.release;

import dev.paddock.app.App;
import dev.paddock.app.Apps;
import dev.paddock.auth.Caller;
import dev.paddock.naming.DnsLabel;
import dev.paddock.tenant.Tenants;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Uploading an app's jar makes a new numbered release; the jar is the request body. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}/releases")
class ReleaseController {

  private final Tenants tenants;
  private final Apps apps;
  private final Releases releases;
  private final ArtifactStore artifacts;
  private final Retention retention;

  ReleaseController(
      Tenants tenants, Apps apps, Releases releases, ArtifactStore artifacts, Retention retention) {
    this.tenants = tenants;
    this.apps = apps;
    this.releases = releases;
    this.artifacts = artifacts;
    this.retention = retention;
  }

  /** A release as shown: env names only, since values may be secrets. */
  record ReleaseView(
      int version,
      String kind,
      String sha256,
      long size,
      Integer classes,
      List<String> env,
      String healthPath,
      boolean retained,
      Instant createdAt) {
    static ReleaseView of(Release r) {
      return new ReleaseView(
          r.version(),
          r.kind().name().toLowerCase(Locale.ROOT),
          r.sha256(),
          r.size(),
          r.classes(),
          r.env().keySet().stream().sorted().toList(),
          r.healthPath(),
          r.retained(),
          r.createdAt());
    }
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  ReleaseView upload(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @PathVariable DnsLabel app,
      HttpServletRequest request)
      throws IOException {
    App owner = apps.writableBy(caller, tenants.visibleTo(caller, tenant), app);
    String type = request.getContentType();
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      throw new UploadFormatException("The upload is a multipart form");
    }
    ArtifactStore.Upload upload =
        artifacts.receive(request.getInputStream(), request.getContentLengthLong());
    try {
      if (upload.size() == 0) {
        throw new UploadFormatException("The request body is empty");
      }
      JarInspector.Inspection jar = JarInspector.inspect(upload.file());
      artifacts.keep(upload);
      Release release =
          releases.add(owner.id(), jar.kind(), upload.sha256(), upload.size(), jar.classes());
      retention.prune(owner.id());
      return ReleaseView.of(release);
    } finally {
      Files.deleteIfExists(upload.file());
    }
  }

  @GetMapping
  List<ReleaseView> list(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @PathVariable DnsLabel app) {
    App owner = apps.get(tenants.visibleTo(caller, tenant), app);
    return releases.list(owner.id()).stream().map(ReleaseView::of).toList();
  }
}
