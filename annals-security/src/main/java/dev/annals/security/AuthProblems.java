package dev.annals.security;

import dev.annals.core.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/**
 * The answers to a request without a valid token (401) or without the role it needs (403): problem documents
 * with the RFC 6750 {@code WWW-Authenticate} challenge, so that a client learns both what is wrong and how to
 * authenticate.
 */
public final class AuthProblems {

    static final String REALM = "annals";

    /** The {@code WWW-Authenticate} of a request without a token. */
    public static final String MISSING_CHALLENGE = "Bearer realm=\"" + REALM + "\"";

    /** The {@code WWW-Authenticate} of a token that is not accepted. */
    public static final String INVALID_CHALLENGE = "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"";

    /** The {@code WWW-Authenticate} of a caller without the role it needs. */
    public static final String FORBIDDEN_CHALLENGE = "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\"";

    /** What a request without a token is told, wherever it is refused. */
    static final String TOKEN_NEEDED = "this endpoint needs a token: send Authorization: Bearer <JWT>";

    private static final String BEARER = "Bearer ";

    /** Why a request is refused: its problem, and the {@code WWW-Authenticate} challenge to send with it. */
    public record Refusal(Problem problem, String challenge) {
    }

    private AuthProblems() {
    }

    /**
     * What is wrong with an {@code Authorization} header before its token is looked at: none, too long to read, or
     * not {@code Bearer}. Empty when the token is worth verifying.
     */
    static Optional<Refusal> unreadable(String authorization, int maxTokenSize) {
        if (authorization == null) {
            return Optional.of(missingRefusal(TOKEN_NEEDED));
        }
        if (authorization.length() > maxTokenSize) {
            return Optional.of(invalidRefusal("TOKEN_TOO_LARGE", "the Authorization header is "
                    + authorization.length() + " characters; at most " + maxTokenSize + " are read"));
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(invalidRefusal("NOT_A_BEARER_TOKEN", "the Authorization header must be Bearer <JWT>"));
        }
        return Optional.empty();
    }

    /** The token of a header {@link #unreadable} found nothing wrong with. */
    static String token(String authorization) {
        return authorization.substring(BEARER.length()).strip();
    }

    /** A token that did not verify: which check failed is for the log, not for a caller probing tokens. */
    static Refusal tokenNotAccepted() {
        return invalidRefusal("INVALID_TOKEN", "the bearer token was not accepted: its signature, issuer, audience"
                + " or validity period did not verify");
    }

    /** A verified token without a subject Annals can record. */
    static Refusal unusableSubject() {
        return invalidRefusal("INVALID_SUBJECT", "the token's subject (sub) is missing, longer than 255 characters"
                + " or not printable");
    }

    static Refusal missingRefusal(String detail) {
        return new Refusal(missingProblem(detail), MISSING_CHALLENGE);
    }

    static Refusal invalidRefusal(String code, String detail) {
        return new Refusal(Problem.of(401, "Unauthorized", code, detail), INVALID_CHALLENGE);
    }

    static Refusal forbiddenRefusal(String detail) {
        return new Refusal(forbiddenProblem(detail), FORBIDDEN_CHALLENGE);
    }

    /** A refusal as the REST layer answers it. */
    public static Response respond(Refusal refusal) {
        return Response.status(refusal.problem().status()).type(Problem.MEDIA_TYPE).entity(refusal.problem())
                .header(HttpHeaders.WWW_AUTHENTICATE, refusal.challenge()).build();
    }

    /** No {@code Authorization: Bearer} header at all. */
    public static Response missing(String detail) {
        return respond(missingRefusal(detail));
    }

    /** The problem of {@link #missing}, for code that answers through its own exception (with its challenge). */
    public static Problem missingProblem(String detail) {
        return Problem.of(401, "Unauthorized", "AUTHENTICATION_REQUIRED", detail);
    }

    /** A token that is not accepted: unparseable, badly signed, expired, not for this issuer or audience. */
    public static Response invalid(String code, String detail) {
        return respond(invalidRefusal(code, detail));
    }

    /** A valid token whose roles do not include one that may do this. */
    public static Response forbidden(String detail) {
        return respond(forbiddenRefusal(detail));
    }

    /** The problem of {@link #forbidden}, for code that answers through its own exception (with its challenge). */
    public static Problem forbiddenProblem(String detail) {
        return Problem.of(403, "Forbidden", "FORBIDDEN", detail);
    }
}
