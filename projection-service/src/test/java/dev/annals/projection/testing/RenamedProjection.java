package dev.annals.projection.testing;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.domain.bank.projection.BankAccountsProjection;

/**
 * A projection's handlers and tables under another name: its own consumer group, checkpoints, schema and
 * dead-letter topic, started by a test after the service is up.
 */
public record RenamedProjection(String name, Projection original) implements Projection {

    /** The bank accounts read model under another name. */
    public static RenamedProjection bank(String name) {
        return new RenamedProjection(name, new BankAccountsProjection());
    }

    @Override
    public ProjectionHandlers handlers() {
        return original.handlers();
    }

    @Override
    public String migrations() {
        return original.migrations();
    }

    public String schema() {
        return name.replace('-', '_');
    }
}
