package dev.annals.consumer;

/**
 * A consumer that reacts to events with effects outside a read model: it sends commands to aggregates (a process
 * manager, a saga) or calls another system. Register it as a CDI bean ({@code @ApplicationScoped}) in a service
 * built on annals-consumer, and the runtime
 * <ul>
 *   <li>consumes the event topics of the aggregate types its handlers name, as consumer group
 *       {@code annals.reactor.<name>}, from the beginning of the log the first time;</li>
 *   <li>runs a handler with no database transaction open, each aggregate's events in order and different
 *       aggregates side by side, and records the reaction — the reactor's own state ({@link Reaction#sql()}) —
 *       in a short transaction once its effects succeeded; its checkpoint moves past an event only then;</li>
 *   <li>sends its commands with idempotency keys derived from the event and the reaction, so that an event
 *       handled again after a crash applies nothing twice: <b>commands exactly once</b>; calls to other systems
 *       happen <b>at least once</b>, with the same derived key for the other side to deduplicate;</li>
 *   <li>keeps its deadlines ({@link Reaction#schedule}) in the database, so a timeout survives a restart.</li>
 * </ul>
 *
 * <p>A reactor is never replayed: its effects happened. It has no rebuild; a new reactor starts at the beginning of
 * the log like any consumer, so write one that reacts to history only if sending those commands again is what
 * you want (its keys make the old ones answer as they did).
 */
public interface Reactor {

    /** Lower-case kebab-case, unique in the service among projections and reactors: {@code payments}. */
    String name();

    /** What the reactor does with each event; events without a handler only advance its checkpoint. */
    ReactorHandlers handlers();

    /** Flyway location of the reactor's own tables (a process manager's state); none is fine. */
    default String migrations() {
        return "classpath:db/reactors/" + name();
    }
}
