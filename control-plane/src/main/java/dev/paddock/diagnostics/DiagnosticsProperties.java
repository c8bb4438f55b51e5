package dev.paddock.diagnostics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * JVM diagnostics on demand ({@code paddock.diagnostics.*}).
 *
 * @param timeout how long a thread dump or a class histogram may take, the sandbox's answer
 *     included
 * @param recordingMaxSize the largest flight recording taken from a sandbox; a larger one fails
 * @param recordingsMaxSize what all recordings kept on the control plane's disk may take together,
 *     those still running counted at their largest; past it a new recording is refused
 * @param recordingRetention how long a recording is kept to download, from its start
 */
@ConfigurationProperties("paddock.diagnostics")
public record DiagnosticsProperties(
    @DefaultValue("30s") Duration timeout,
    @DefaultValue("32MB") DataSize recordingMaxSize,
    @DefaultValue("512MB") DataSize recordingsMaxSize,
    @DefaultValue("1h") Duration recordingRetention) {}
