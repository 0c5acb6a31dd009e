package dev.annals.query.access;

import io.smallrye.mutiny.Uni;

import java.util.Optional;

/**
 * Finds whose an aggregate is, for read models whose items are aggregates ({@link Ownership.Aggregate}): a bean of
 * the service that serves them (query-service reads the aggregate-state projection).
 */
public interface AggregateOwners {

    /**
     * The owner of aggregate {@code id} of {@code type}, as the type says ({@code AggregateType.ownedBy}); empty when
     * there is no such aggregate yet, or it has no owner.
     */
    Uni<Optional<String>> ownerOf(String type, String id);
}
