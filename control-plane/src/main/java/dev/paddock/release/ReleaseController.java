package dev.paddock.release;

import dev.paddock.app.App;
import dev.paddock.app.Writable;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Uploading an app's jar makes a new numbered release; the jar is the request body. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}/releases")
class ReleaseController {

  private final Releases releases;
  private final ArtifactStore artifacts;
  private final Retention retention;

  ReleaseController(Releases releases, ArtifactStore artifacts, Retention retention) {
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
  ReleaseView upload(@Writable App owner, HttpServletRequest request) throws IOException {
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
  List<ReleaseView> list(App app) {
    return releases.list(app.id()).stream().map(ReleaseView::of).toList();
  }
}
