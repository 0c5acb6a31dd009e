package dev.annals.projection.testing;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.domain.bank.projection.BankAccountsProjection;

/** The bank read model under another name: its own consumer group, checkpoints, schema and dead-letter topic. */
public record RenamedBankProjection(String name) implements Projection {

    @Override
    public ProjectionHandlers handlers() {
        return new BankAccountsProjection().handlers();
    }

    @Override
    public String migrations() {
        return new BankAccountsProjection().migrations();
    }

    public String schema() {
        return name.replace('-', '_');
    }
}
