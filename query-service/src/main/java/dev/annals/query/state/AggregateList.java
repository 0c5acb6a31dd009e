package dev.annals.query.state;

import java.util.List;

/**
 * {@code GET /api/{type}}: the type's aggregates in id order, a page at a time, with the link to the next page
 * ({@code null} on the last one).
 */
public record AggregateList(String type, List<AggregateStates.Listed> items, String next) {
}
