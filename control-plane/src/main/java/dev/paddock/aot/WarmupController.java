package dev.paddock.aot;

import dev.paddock.app.App;
import dev.paddock.app.Writable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An app's warm-up paths, which the next AOT training of its live release asks; a change restarts
 * nothing and rebuilds no cache already made.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}/warmup")
class WarmupController {

  private final WarmupPaths paths;

  WarmupController(WarmupPaths paths) {
    this.paths = paths;
  }

  @GetMapping
  Warmup get(App app) {
    return new Warmup(paths.of(app.id()));
  }

  /** Replaces the paths; {@code {"paths": []}} clears them. */
  @PutMapping
  Warmup set(@Writable App app, @RequestBody Warmup warmup) {
    paths.set(app.id(), warmup.checked().paths());
    return warmup;
  }
}
