package dev.annals.query.consistency;

import dev.annals.query.access.Ownership;

import java.util.Objects;
import java.util.Set;

/**
 * What serves a read endpoint: the projection whose checkpoint a consistency token is compared with, the aggregate
 * types it reads, and whose its items are. Positions of other types in a token are not waited for: that projection
 * will never reach them.
 *
 * <p>Ownership is what the read side's access rule goes by ({@link dev.annals.query.access.ReadAccess}): an item is
 * read by its owner and by the staff of the model's types; a listing of every item by the staff only. A model that
 * declares none has items nobody owns: staff only. A read model that routes name in {@code @ReadAccess} is a CDI
 * bean, produced where it is declared: {@code @Produces static final ReadModel ACCOUNTS = ReadModel.of(...)}.
 *
 * @param types     the aggregate types the projection reads; empty for a projection of every type (the journal, the
 *                  aggregate state), which reads every type this service knows
 * @param ownership whose each item is
 */
public record ReadModel(String projection, Set<String> types, Ownership ownership) {

    public ReadModel {
        Objects.requireNonNull(projection, "projection");
        types = Set.copyOf(types);
        Objects.requireNonNull(ownership, "ownership");
    }

    /** A projection of the given aggregate types only, e.g. {@code bank-accounts} of {@code bank-account}. */
    public static ReadModel of(String projection, String... types) {
        if (types.length == 0) {
            throw new IllegalArgumentException("name the types " + projection + " reads, or use ofEveryType");
        }
        return new ReadModel(projection, Set.of(types), new Ownership.Nobody());
    }

    /** A projection of every aggregate type, e.g. {@code event-journal}. */
    public static ReadModel ofEveryType(String projection) {
        return new ReadModel(projection, Set.of(), new Ownership.Nobody());
    }

    /**
     * This model, each item owned by the subject in a column of its table: {@code select <owner> from <table> where
     * <key> = :item}, e.g. {@code itemsOwnedBy("bank_accounts.accounts", "id", "owner")}.
     */
    public ReadModel itemsOwnedBy(String table, String keyColumn, String ownerColumn) {
        return with(new Ownership.Column(table, keyColumn, ownerColumn));
    }

    /** This model, each item's key naming its owner: one user's orders, keyed by the user. */
    public ReadModel itemsOwnedByTheirKey() {
        return with(new Ownership.Key());
    }

    /**
     * This model, each item an aggregate owned as its type says ({@link dev.annals.core.AggregateType#ownedBy}): the
     * generic state, history and streams of an aggregate.
     */
    public ReadModel itemsOwnedByTheirAggregate() {
        return with(new Ownership.Aggregate());
    }

    /** This model, its items meant for every caller its routes' rules admit (the market of an order book). */
    public ReadModel shared() {
        return with(new Ownership.Shared());
    }

    public boolean readsEveryType() {
        return types.isEmpty();
    }

    private ReadModel with(Ownership declared) {
        return new ReadModel(projection, types, declared);
    }
}
