package dev.paddock.app;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@link App} argument of an endpoint that changes the app: a viewer of its tenant gets
 * 403, after the 404 every caller who cannot see the tenant gets.
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Writable {}
