package dev.annals.security;

import dev.annals.core.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The answers to a request without a valid token (401) or without the role it needs (403): problem documents
 * with the RFC 6750 {@code WWW-Authenticate} challenge, so that a client learns both what is wrong and how to
 * authenticate.
 */
public final class AuthProblems {

    static final String REALM = "annals";

    /** The {@code WWW-Authenticate} of a request without a token. */
    public static final String MISSING_CHALLENGE = "Bearer realm=\"" + REALM + "\"";

    /** The {@code WWW-Authenticate} of a caller without the role it needs. */
    public static final String FORBIDDEN_CHALLENGE = "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\"";

    private AuthProblems() {
    }

    /** No {@code Authorization: Bearer} header at all. */
    public static Response missing(String detail) {
        return respond(missingProblem(detail), MISSING_CHALLENGE);
    }

    /** The problem of {@link #missing}, for code that answers through its own exception (with its challenge). */
    public static Problem missingProblem(String detail) {
        return Problem.of(401, "Unauthorized", "AUTHENTICATION_REQUIRED", detail);
    }

    /** A token that is not accepted: unparseable, badly signed, expired, not for this issuer or audience. */
    public static Response invalid(String code, String detail) {
        return respond(Problem.of(401, "Unauthorized", code, detail),
                "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"");
    }

    /** A valid token whose roles do not include one that may do this. */
    public static Response forbidden(String detail) {
        return respond(forbiddenProblem(detail), FORBIDDEN_CHALLENGE);
    }

    /** The problem of {@link #forbidden}, for code that answers through its own exception (with its challenge). */
    public static Problem forbiddenProblem(String detail) {
        return Problem.of(403, "Forbidden", "FORBIDDEN", detail);
    }

    private static Response respond(Problem problem, String challenge) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }
}
