package dev.annals.consumer;

/**
 * A read model fed by events: a name and one handler per event it cares about. Register it as a CDI bean
 * ({@code @ApplicationScoped}) in a service built on annals-consumer, and the runtime
 * <ul>
 *   <li>consumes the event topics of the aggregate types its handlers name, as consumer group
 *       {@code annals.projection.<name>}, from the beginning of the log the first time;</li>
 *   <li>runs each batch of events and the projection's checkpoint in ONE PostgreSQL transaction, so every
 *       event's effect is applied exactly once, across crashes and rebalances;</li>
 *   <li>creates the read model's tables with Flyway from {@link #migrations()}, in a schema of its own.</li>
 * </ul>
 *
 * <p>Handlers write with Hibernate Reactive Panache entities or with {@link Sql}. Table names stay unqualified:
 * during a batch the search path points at the projection's current tables. Readers use the schema
 * {@code <name with _ for ->} ({@code bank-accounts} reads from {@code bank_accounts.accounts}), which always
 * shows the generation in service, including across a rebuild.
 */
public interface Projection {

    /** Lower-case kebab-case, unique in the service: {@code bank-accounts}. */
    String name();

    /** What the projection does with each event; events without a handler only advance its checkpoint. */
    ProjectionHandlers handlers();

    /** Flyway location of the read model's migrations; they run in the projection's own schema. */
    default String migrations() {
        return "classpath:db/projections/" + name();
    }
}
