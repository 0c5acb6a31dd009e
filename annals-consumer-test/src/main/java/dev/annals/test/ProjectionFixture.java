package dev.annals.test;

import dev.annals.consumer.Projection;
import dev.annals.consumer.runtime.ConsumerPlan;
import dev.annals.consumer.runtime.failure.Parking;
import dev.annals.core.AggregateType;
import org.opentest4j.AssertionFailedError;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Given/then tests for a {@link Projection}, against its real tables: given events, then these rows.
 *
 * <pre>{@code
 * private final ProjectionFixture accounts = ProjectionFixture.of(new BankAccountsProjection());
 *
 * @Test
 * void a_deposit_raises_the_balance() {
 *     accounts.given(Events.of(BankAccountType.TYPE, "acc-1", new AccountOpened("ann"), new MoneyDeposited(100)))
 *             .thenRows("select id, balance, version from accounts", row("acc-1", 100, 2));
 * }
 * }</pre>
 *
 * <p>What runs is what the runtime runs: the projection's Flyway migrations create its tables in a schema of the
 * fixture's own on devstack's PostgreSQL (started once per test JVM); each {@code given} or {@code when} is one
 * poll's batch for the runtime's own runner, on the path a service's runner takes: the events encoded as the command
 * processor writes them and decoded as the runner reads them, then in one transaction with the checkpoint's lock
 * the version rule and the handlers, their queued statements sent together before the commit. A batch that fails
 * is applied again a command, then an event, at a time, as in a service: the event that cannot be applied is
 * dead-lettered ({@link Then#thenRefused} says why) and its aggregate parked — its later events held, not applied —
 * while the batch's other aggregates are applied. Envelopes are numbered per aggregate (1, 2, 3…), unless {@link
 * Events#at} says otherwise, which is how a test shows that a replayed or skipped version is refused; each event is
 * its command's only one. Close the fixture (or let the test JVM end) to drop its schema.
 */
public final class ProjectionFixture implements AutoCloseable {

    private final FixtureDatabase database;
    private final EmbeddedRunner runner;
    private final EventLog log = new EventLog();

    private ProjectionFixture(Projection projection) {
        Map<String, AggregateType<?, ?, ?>> types = new HashMap<>(projection.handlers().types());
        this.database = FixtureDatabase.create(projection.name(), projection.migrations(), Parking.CREATE);
        this.runner = new EmbeddedRunner(ConsumerPlan.of(projection, types), database);
    }

    public static ProjectionFixture of(Projection projection) {
        return new ProjectionFixture(projection);
    }

    /** A row of {@link Then#thenRows}: its columns in the query's order. */
    public static List<Object> row(Object... columns) {
        return Arrays.stream(columns).map(FixtureDatabase::comparable).toList();
    }

    /** Applies one batch, which must be accepted. */
    public Then given(Events... batch) {
        return when(batch).thenApplied();
    }

    /**
     * Applies one batch, an event of which may be refused (dead-lettered, its aggregate parked): say which with
     * {@link Then#thenRefused} or {@link Then#thenRows}.
     */
    public Then when(Events... batch) {
        List<EventLog.Logged> events = log.number(List.of(batch));
        List<EmbeddedRunner.Letter> refused = runner.apply(events);
        log.applied(events); // in the log whatever became of them: the next events are numbered after them
        return new Then(refused);
    }

    /** The aggregates parked in the projection (by a refused event), as {@code <type>/<id>}, in the order parked. */
    public List<String> parked() {
        return database.rows("select aggregate_type || '/' || aggregate_id from " + Parking.PARKED
                + " order by parked_at, aggregate_type, aggregate_id").stream().map(row -> (String) row.getFirst())
                .toList();
    }

    /** The rows of any query on the projection's tables (unqualified names), for assertions of one's own. */
    public List<List<Object>> rows(String query, Object... parameters) {
        return database.rows(query, parameters);
    }

    @Override
    public void close() {
        database.close();
    }

    /** What a batch did: applied, or an event of it refused with a reason. */
    public final class Then {

        private final List<EmbeddedRunner.Letter> refused;

        private Then(List<EmbeddedRunner.Letter> refused) {
            this.refused = refused;
        }

        /** Every event of the batch was applied. */
        public Then thenApplied() {
            if (!refused.isEmpty()) {
                throw new AssertionFailedError("an event of the batch was refused: " + refused.getFirst().reason());
            }
            return this;
        }

        /**
         * An event of the batch was refused, with a reason that contains {@code reason}: it was dead-lettered and
         * its aggregate parked (see {@link #parked}), as a service's runner does; the rest of the batch applied.
         */
        public Then thenRefused(String reason) {
            if (refused.isEmpty()) {
                throw new AssertionFailedError("the batch was applied; expected an event refused for " + reason);
            }
            if (refused.stream().noneMatch(letter -> letter.reason().contains(reason))) {
                throw new AssertionFailedError("an event was refused for another reason", reason,
                        refused.getFirst().reason());
            }
            return this;
        }

        /** The batch was applied, and {@code query} now answers exactly these rows, in this order. */
        @SafeVarargs
        public final Then thenRows(String query, List<Object>... expected) {
            thenApplied();
            List<List<Object>> actual = rows(query);
            if (!actual.equals(List.of(expected))) {
                throw new AssertionFailedError(query + " answers other rows", List.of(expected), actual);
            }
            return this;
        }

        /** Another batch after this one, which must be accepted. */
        public Then given(Events... batch) {
            thenApplied();
            return ProjectionFixture.this.given(batch);
        }

        /** Another batch after this one, which may be refused. */
        public Then when(Events... batch) {
            thenApplied();
            return ProjectionFixture.this.when(batch);
        }
    }
}
