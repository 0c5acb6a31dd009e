package dev.annals.test;

import dev.annals.consumer.Projection;
import dev.annals.consumer.runtime.ConsumerPlan;
import dev.annals.core.AggregateType;
import io.smallrye.mutiny.Multi;
import org.opentest4j.AssertionFailedError;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * batch, applied in one transaction through the runtime's own path — the version rule, then the handlers, their
 * queued statements sent together before the commit. Envelopes are numbered per aggregate (1, 2, 3…), unless
 * {@link Events#at} says otherwise, which is how a test shows that a replayed or skipped version is refused.
 * Close the fixture (or let the test JVM end) to drop its schema.
 */
public final class ProjectionFixture implements AutoCloseable {

    private final ConsumerPlan plan;
    private final FixtureDatabase database;
    private final EventLog log = new EventLog();

    private ProjectionFixture(Projection projection) {
        Map<String, AggregateType<?, ?, ?>> types = new HashMap<>(projection.handlers().types());
        this.plan = ConsumerPlan.of(projection, types);
        this.database = FixtureDatabase.create(projection.name(), projection.migrations(), List.of());
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

    /** Applies one batch, which may be refused: say which with {@link Then#thenRefused} or {@link Then#thenRows}. */
    public Then when(Events... batch) {
        List<EventLog.Logged> events = log.number(List.of(batch));
        try {
            database.inTransaction(sql -> Multi.createFrom().iterable(events)
                    .onItem().transformToUniAndConcatenate(event -> plan.apply(event.type(), event.event(),
                            event.envelope(), event.position(), sql))
                    .collect().last());
            log.applied(events);
            return new Then(Optional.empty());
        } catch (RuntimeException refused) {
            return new Then(Optional.of(refused));
        }
    }

    /** The rows of any query on the projection's tables (unqualified names), for assertions of one's own. */
    public List<List<Object>> rows(String query, Object... parameters) {
        return database.rows(query, parameters);
    }

    @Override
    public void close() {
        database.close();
    }

    /** What a batch did: applied, or refused with a reason. */
    public final class Then {

        private final Optional<RuntimeException> refusal;

        private Then(Optional<RuntimeException> refusal) {
            this.refusal = refusal;
        }

        /** The batch was applied. */
        public Then thenApplied() {
            refusal.ifPresent(failure -> {
                throw new AssertionFailedError("the batch was refused: " + failure.getMessage(), failure);
            });
            return this;
        }

        /** The batch was refused, with a reason that contains {@code reason}; nothing of it was written. */
        public Then thenRefused(String reason) {
            RuntimeException failure = refusal.orElseThrow(() -> new AssertionFailedError(
                    "the batch was applied; expected it to be refused for " + reason));
            if (failure.getMessage() == null || !failure.getMessage().contains(reason)) {
                throw new AssertionFailedError("the batch was refused for another reason", reason,
                        failure.getMessage());
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
