package dev.annals.query.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may read a route, declared on every GET endpoint of a service built on annals-query; a service with a GET
 * endpoint that does not say refuses to start ({@link ReadAccessCheck}), and the route would answer 403.
 *
 * <p>The rule, applied before the endpoint runs ({@link ReadAccessFilter}): the staff of the model's types
 * ({@code annals.security.staff."<type>"}) read everything; anyone else reads
 * <ul>
 *   <li>with {@link #item}: the one item the path names, if she owns it, as the read model says
 *       ({@link Ownership}); an item she may not read is answered exactly as one that does not exist (404
 *       {@link #notFound}), so that nobody learns which ids exist;</li>
 *   <li>without: a listing or stream of every item — nothing (403 {@code FORBIDDEN}), unless the model's items are
 *       {@linkplain Ownership.Shared shared}.</li>
 * </ul>
 * A route's own rule ({@code annals.security.reads."<route>"}) is checked before, as a gate of roles.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReadAccess {

    /** The read model the route answers from, by its projection's name: a {@code ReadModel} bean of the service. */
    String model();

    /** The path parameter that names the one item the route reads; empty for a route over every item. */
    String item() default "";

    /**
     * The code of the 404 answered for an item the caller may not read, the same as the route's own for one that does
     * not exist: {@code ACCOUNT_NOT_FOUND}. Its detail names the item the way the route's does: the code's words
     * before {@code _NOT_FOUND} (an account), or the aggregate type for {@code AGGREGATE_NOT_FOUND}.
     */
    String notFound() default "NOT_FOUND";
}
