package dev.paddock.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The latest sample of every running sandbox as Micrometer gauges ({@code /actuator/prometheus}),
 * tagged with tenant, app and slot; a sandbox that is gone leaves the gauges with its last pass.
 */
@Component
class SandboxGauges {

  private final List<Gauge> gauges;

  private record Gauge(MultiGauge meter, ToDoubleFunction<Sample> value, boolean jvm) {}

  SandboxGauges(MeterRegistry registry) {
    this.gauges =
        List.of(
            gauge(registry, "memory.used", "bytes", s -> s.usage().memoryBytes(), false),
            gauge(registry, "memory.limit", "bytes", s -> s.usage().memoryLimitBytes(), false),
            gauge(registry, "cpu.time", "seconds", s -> s.usage().cpuNanos() / 1e9, false),
            gauge(registry, "pids", null, s -> s.usage().pids(), false),
            gauge(registry, "heap.used", "bytes", s -> s.usage().jvm().heapUsed(), true),
            gauge(registry, "heap.after.gc", "bytes", s -> s.usage().jvm().heapAfterGc(), true),
            gauge(registry, "heap.max", "bytes", s -> s.usage().jvm().heapMax(), true),
            gauge(registry, "threads", null, s -> s.usage().jvm().threads(), true),
            gauge(registry, "requests", null, s -> s.usage().jvm().requests(), true));
  }

  private static Gauge gauge(
      MeterRegistry registry,
      String name,
      String unit,
      ToDoubleFunction<Sample> value,
      boolean jvm) {
    MultiGauge meter =
        MultiGauge.builder("paddock.sandbox." + name)
            .baseUnit(unit)
            .description("Per sandbox, at the last sample")
            .register(registry);
    return new Gauge(meter, value, jvm);
  }

  /** Shows this pass's samples; {@code names} maps app ids to their tenant and app names. */
  void show(List<Sample> samples, Map<Long, Samples.AppName> names) {
    for (Gauge gauge : gauges) {
      gauge.meter.register(
          samples.stream()
              .filter(s -> names.containsKey(s.sandbox().appId()))
              .filter(s -> !gauge.jvm || s.usage().jvm() != null)
              .map(
                  s ->
                      MultiGauge.Row.of(
                          tags(s, names.get(s.sandbox().appId())), gauge.value.applyAsDouble(s)))
              .toList(),
          true);
    }
  }

  private static Tags tags(Sample sample, Samples.AppName name) {
    return Tags.of(
        "tenant", name.tenant(),
        "app", name.app(),
        "slot", String.valueOf(sample.sandbox().slot()),
        "sandbox", sample.sandbox().name());
  }
}
