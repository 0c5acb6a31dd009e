package dev.annals.query.web;

import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;

/** The {@code next} link of a paged answer. */
public final class PageLinks {

    private PageLinks() {
    }

    /**
     * The request itself, as a path and query, with its {@code cursor} and {@code size} parameters set to these
     * values and every other parameter kept: relative, so that it works behind any proxy.
     */
    public static String sameRequestWith(UriInfo uri, String cursor, Object cursorValue, String size,
                                         Object sizeValue) {
        URI next = UriBuilder.fromUri(uri.getRequestUri()).replaceQueryParam(cursor, cursorValue)
                .replaceQueryParam(size, sizeValue).build();
        return next.getRawPath() + "?" + next.getRawQuery();
    }
}
