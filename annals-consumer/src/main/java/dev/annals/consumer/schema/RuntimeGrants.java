package dev.annals.consumer.schema;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What the migration role grants the runtime role (the batches' login), when the two are different logins: rows
 * in the projections' tables and the checkpoints, and no DDL anywhere. Reading and writing rows of a generation's
 * tables (not its Flyway history); reading, inserting and updating checkpoints; reading the projections' registry
 * and keeping a rebuild's lease in it. Everything else (creating, altering and dropping schemas, tables and views,
 * the rebuild's swap) stays with the migration role.
 */
record RuntimeGrants(String role) {

    /** One login for both: nothing to grant. */
    static final RuntimeGrants NONE = new RuntimeGrants(null);

    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");

    static RuntimeGrants to(String role) {
        return new RuntimeGrants(role);
    }

    List<String> onRuntimeTables() {
        if (role == null) {
            return List.of();
        }
        String to = quoted(role);
        return List.of(
                "grant usage on schema public to " + to,
                "grant select, insert, update on public.annals_checkpoint to " + to,
                "grant select on public.annals_projection to " + to,
                "grant update (rebuild_runner, rebuild_heartbeat) on public.annals_projection to " + to);
    }

    List<String> onGeneration(String schema, String historyTable) {
        if (role == null) {
            return List.of();
        }
        String to = quoted(role);
        return List.of(
                "grant usage on schema " + schema + " to " + to,
                "grant select, insert, update, delete on all tables in schema " + schema + " to " + to,
                "grant usage, select, update on all sequences in schema " + schema + " to " + to,
                "revoke all on " + schema + "." + historyTable + " from " + to);
    }

    /** A role name as SQL: plain if it is one, else double-quoted. */
    static String quoted(String name) {
        return PLAIN_NAME.matcher(name).matches() ? name : '"' + name.replace("\"", "\"\"") + '"';
    }
}
