package dev.annals.query.web;

import dev.annals.core.problem.Problem;

/** Ends a read request with a problem answer ({@code application/problem+json}); thrown where one is found. */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Integer retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    private ProblemException(Problem problem, Integer retryAfterSeconds) {
        super(problem.code() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503 with {@code Retry-After}: the service cannot take the request now, and says when to try again. */
    public static ProblemException unavailable(String code, String detail, int retryAfterSeconds) {
        return new ProblemException(Problem.of(503, "Service Unavailable", code, detail), retryAfterSeconds);
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(Problem.of(400, "Bad Request", code, detail));
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(Problem.of(404, "Not Found", code, detail));
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds for the {@code Retry-After} header, or null for none. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
