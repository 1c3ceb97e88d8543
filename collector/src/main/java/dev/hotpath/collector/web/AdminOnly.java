package dev.hotpath.collector.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a REST resource (class or method) that a read-only token may not GET either: tokens, the audit log. Every
 * other non-GET method needs the admin token anyway ({@link ResourceAccess}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminOnly {}
