package dev.annals.query.web;

import dev.annals.core.problem.Problem;

/** Ends a read request with a problem answer ({@code application/problem+json}); thrown where one is found. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.code() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
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
}
