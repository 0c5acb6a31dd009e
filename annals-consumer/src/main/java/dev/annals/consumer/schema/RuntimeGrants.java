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
public record RuntimeGrants(String role) {

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
                "grant select, insert on public.annals_dead_letter to " + to,
                "grant update (rebuild_runner, rebuild_heartbeat) on public.annals_projection to " + to);
    }

    /**
     * A database the migration role owns is the service's own (payment-service's, a generated service's, each
     * made by its component's CloudNativePG {@code Database}): closed to every other login, since PostgreSQL lets
     * PUBLIC connect to a new database; the runtime role, if another login, let in. A database another role owns
     * ({@code annals}, whose grants are {@code security/database-grants.sql}) is left as it is.
     */
    String onOwnDatabase() {
        String letIn = role == null ? ""
                : " execute format('grant connect on database %I to %I', current_database(), "
                  + literal(role) + ");";
        return "do $own$ begin"
                + " if exists (select 1 from pg_database d join pg_roles r on r.oid = d.datdba"
                + " where d.datname = current_database() and r.rolname = current_user) then"
                + " execute format('revoke all on database %I from public', current_database());"
                + letIn
                + " end if; end $own$";
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

    /** A string as an SQL literal. */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A role name as SQL: plain if it is one, else double-quoted. */
    static String quoted(String name) {
        return PLAIN_NAME.matcher(name).matches() ? name : '"' + name.replace("\"", "\"\"") + '"';
    }
}
