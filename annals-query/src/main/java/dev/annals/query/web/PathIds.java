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
}
