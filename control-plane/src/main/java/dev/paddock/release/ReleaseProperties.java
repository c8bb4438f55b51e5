package dev.paddock.release;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Release uploads ({@code paddock.releases.*}). */
@ConfigurationProperties("paddock.releases")
record ReleaseProperties(@DefaultValue("256MB") DataSize maxSize) {}
