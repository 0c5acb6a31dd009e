package dev.annals.query.access;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who is reading, for an endpoint that shows a part of an item to its owner alone (a food order's delivery code):
 * the token's subject, as {@link ReadAccess} compares it with an item's owner.
 */
public final class Readers {

    private Readers() {
    }

    /**
     * A stream that ends when the request's token expires: access is checked as a stream begins, and a token is good
     * for its lifetime only, so the stream is too. A browser's {@code EventSource} reconnects with the last id it
     * had, and a client with a fresh token resumes where it was.
     */
    public static <T> Multi<T> untilTheTokenExpires(Multi<T> stream, SecurityContext security) {
        if (!(security.getUserPrincipal() instanceof JsonWebToken token)) {
            return stream;
        }
        Duration left = Duration.between(Instant.now(), Instant.ofEpochSecond(token.getExpirationTime()));
        return stream.select().first(left.isNegative() ? Duration.ZERO : left);
    }

    /** The subject ({@code sub}) of the request's token; empty without one. */
    public static Optional<String> subject(SecurityContext security) {
        return security.getUserPrincipal() instanceof JsonWebToken token
                ? Optional.ofNullable(token.getSubject()) : Optional.empty();
    }
}
