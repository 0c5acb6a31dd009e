package dev.annals.query.web;

import jakarta.ws.rs.core.UriInfo;

/**
 * Whole-number query parameters, read from their text so that a bad value gets a 400 problem naming the
 * parameter. (JAX-RS answers 404 when it cannot convert a query parameter itself.)
 */
public final class QueryParams {

    private QueryParams() {
    }

    /**
     * {@code raw} as a number in {@code [min, max]}, or {@code absent} when the parameter is not given.
     *
     * @throws ProblemException 400 {@code INVALID_PARAMETER} for anything else, including an empty value
     */
    public static long number(String name, String raw, long absent, long min, long max) {
        if (raw == null) {
            return absent;
        }
        String text = raw.strip();
        long value;
        try {
            if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c == '-' || Character.isDigit(c))) {
                throw new NumberFormatException();
            }
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(name, raw, min, max);
        }
        if (value < min || value > max) {
            throw invalid(name, raw, min, max);
        }
        return value;
    }

    /**
     * The parameter's value as the client sent it: {@code ""} for {@code ?name=} (which JAX-RS hands over as
     * null, as if it were absent), null only when it is absent.
     */
    public static String raw(UriInfo uri, String name, String value) {
        if (value == null && uri.getQueryParameters().containsKey(name)) {
            return "";
        }
        return value;
    }

    /** Like {@link #number} for parameters that fit an int. */
    public static int integer(String name, String raw, int absent, int min, int max) {
        return (int) number(name, raw, absent, min, max);
    }

    private static ProblemException invalid(String name, String raw, long min, long max) {
        String range = max == Long.MAX_VALUE ? "a whole number >= " + min : "a whole number from " + min + " to " + max;
        return ProblemException.badRequest("INVALID_PARAMETER", name + " must be " + range + ", not \""
                + Printable.of(raw) + "\"");
    }
}
