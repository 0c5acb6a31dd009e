package dev.annals.query.journal;

import java.util.List;

/**
 * {@code GET /api/{type}/{id}/events}: events in version order, and the link to the next page; {@code null} when
 * this page reached the aggregate's latest event.
 */
public record HistoryPage(List<HistoryItem> items, String next) {
}
