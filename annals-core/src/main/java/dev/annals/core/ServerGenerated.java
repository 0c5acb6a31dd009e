package dev.annals.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a command component that the server fills in, never the client: a code drawn at random, a timestamp.
 * A decider must stay pure (replaying the log must rebuild the same state), so such values are drawn once, in
 * the gateway, by the type's {@link CommandCompletion}, and then travel in the command like any other field.
 *
 * <p>A request that sets the component is refused; the idempotency fingerprint of a command leaves it out, so
 * a retry with the same {@code Idempotency-Key} matches the first attempt although its drawn values differ.
 * A server-generated component has a reference type (it is {@code null} until completed).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface ServerGenerated {
}
