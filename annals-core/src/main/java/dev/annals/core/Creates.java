package dev.annals.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a command record as one that brings an aggregate into being ({@code open}, {@code create}). Such a
 * command may be sent without an id ({@code POST /api/{type}/{command}}), and the gateway then chooses one; sent
 * to an aggregate that already has events it is refused with {@code ALREADY_EXISTS} before {@code decide} runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Creates {
}
