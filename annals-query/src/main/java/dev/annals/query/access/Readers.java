package dev.annals.query.access;

import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * Who is reading, for an endpoint that shows a part of an item to its owner alone (a food order's delivery code):
 * the token's subject, as {@link ReadAccess} compares it with an item's owner.
 */
public final class Readers {

    private Readers() {
    }

    /** The subject ({@code sub}) of the request's token; empty without one. */
    public static Optional<String> subject(SecurityContext security) {
        return security.getUserPrincipal() instanceof JsonWebToken token
                ? Optional.ofNullable(token.getSubject()) : Optional.empty();
    }
}
