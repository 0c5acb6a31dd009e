package dev.annals.system.badinput;

import java.util.List;

/**
 * Where the bad requests go: both command-service replicas, the query-service, and aggregates that exist (so
 * that a request wrongly accepted would write an event, which the test would see).
 */
public record Targets(List<String> commandUrls, String queryUrl, String account, String cart, String foodOrder,
                      String book) {
}
