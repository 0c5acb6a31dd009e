package dev.annals.query.web;

import dev.annals.core.AggregateId;

/** Checks an aggregate id taken from a read path, so a bad one is a 400 before any query runs. */
public final class PathIds {

    private PathIds() {
    }

    /**
     * @param what how the endpoint names it ("a cart id")
     * @throws ProblemException 400 {@code INVALID_ID} unless the id follows {@link AggregateId}'s rule
     */
    public static String require(String id, String what) {
        if (!AggregateId.isValid(id)) {
            throw ProblemException.badRequest("INVALID_ID", what + " is 1-" + AggregateId.MAX_LENGTH
                    + " characters of A-Z a-z 0-9 . _ : -");
        }
        return id;
    }

    /**
     * Checks free text a reader looks something up by (a user id, an owner): 1 to {@code maxLength} characters,
     * not blank, and without U+0000, which PostgreSQL text cannot hold (a query with it would fail, not miss).
     *
     * @param code {@code INVALID_ID} for a path segment, {@code INVALID_PARAMETER} for a query parameter
     * @throws ProblemException 400 with {@code code} otherwise
     */
    public static String requireText(String value, String what, String code, int maxLength) {
        if (value.isBlank() || value.length() > maxLength || value.indexOf('\u0000') >= 0) {
            throw ProblemException.badRequest(code, what + " is 1-" + maxLength
                    + " characters, not blank and without U+0000, not \"" + Printable.of(value) + "\"");
        }
        return value;
    }
}
