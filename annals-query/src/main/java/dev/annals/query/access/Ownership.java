package dev.annals.query.access;

import java.util.Objects;
import java.util.regex.Pattern;

/** Whose the items of a read model are: what the read side's access rule goes by ({@link ReadAccess}). */
public sealed interface Ownership {

    /** Items nobody owns: only the staff of the model's types read them. */
    record Nobody() implements Ownership {
    }

    /** Each item owned by the subject in a column of its row: {@code select <owner> from <table> where <key> = ?}. */
    record Column(String table, String key, String owner) implements Ownership {

        private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
        private static final Pattern QUALIFIED = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

        public Column {
            // names, never text from a request; checked all the same, since they are spliced into SQL
            require(table, QUALIFIED, "a table, schema.table");
            require(key, IDENTIFIER, "a key column");
            require(owner, IDENTIFIER, "an owner column");
        }

        String query() {
            return "select " + owner + " from " + table + " where " + key + " = $1";
        }

        private static void require(String name, Pattern pattern, String what) {
            if (!pattern.matcher(Objects.requireNonNull(name, what)).matches()) {
                throw new IllegalArgumentException(what + " is lower-case letters, digits and _, not " + name);
            }
        }
    }

    /** Each item's key names its owner: one user's orders, keyed by the user. */
    record Key() implements Ownership {
    }

    /**
     * Each item is an aggregate, owned as its type says ({@code AggregateType.ownedBy}), found by the service's
     * {@link AggregateOwners}.
     */
    record Aggregate() implements Ownership {
    }

    /** Items meant for every caller the route's rule admits: the market of an order book. */
    record Shared() implements Ownership {
    }
}
