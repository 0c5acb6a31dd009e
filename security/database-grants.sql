-- The grants of the three database roles (docs/security.md), run once in database annals by a superuser after the
-- database (owned by annals) and the roles annals_projector and annals_query exist. devstack runs this file
-- (DatabaseSetup); the Kubernetes manifests' CloudNativePG Cluster runs the same statements at bootstrap
-- (deploy/base/postgres/cluster.yaml, postInitApplicationSQL), and ClusterGrantsTest fails when the two differ.
-- One statement per line, each ending with a semicolon.
REVOKE ALL ON DATABASE annals FROM PUBLIC;
GRANT CONNECT ON DATABASE annals TO annals_projector;
GRANT CONNECT ON DATABASE annals TO annals_query;
-- PostgreSQL 15+ gives the public schema to the database owner; older ones to postgres
ALTER SCHEMA public OWNER TO annals;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- the runtime role gets its rows from annals itself as the projections migrate (annals-consumer's RuntimeGrants);
-- the reader whatever annals creates, in any schema
GRANT USAGE ON SCHEMA public TO annals_query;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO annals_query;
ALTER DEFAULT PRIVILEGES FOR ROLE annals GRANT SELECT ON TABLES TO annals_query;
ALTER DEFAULT PRIVILEGES FOR ROLE annals GRANT USAGE ON SCHEMAS TO annals_query;
-- What keeps the reader from writing is the grants: SELECT only, no CREATE or TEMPORARY anywhere, and none of the
-- functions below. Every role may create large objects, and take advisory locks, unless revoked from PUBLIC: a
-- large object is a write no table grant covers, and an advisory lock held by the reader would stall the
-- projections' batches and their swap, which take theirs (the migration and runtime roles get them back)
REVOKE EXECUTE ON FUNCTION lo_creat(integer), lo_create(oid), lo_from_bytea(oid, bytea), lo_import(text), lo_import(text, oid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_advisory_lock(bigint), pg_advisory_lock(integer, integer), pg_advisory_lock_shared(bigint), pg_advisory_lock_shared(integer, integer), pg_advisory_unlock(bigint), pg_advisory_unlock(integer, integer), pg_advisory_unlock_shared(bigint), pg_advisory_unlock_shared(integer, integer), pg_advisory_xact_lock(bigint), pg_advisory_xact_lock(integer, integer), pg_advisory_xact_lock_shared(bigint), pg_advisory_xact_lock_shared(integer, integer), pg_try_advisory_lock(bigint), pg_try_advisory_lock(integer, integer), pg_try_advisory_lock_shared(bigint), pg_try_advisory_lock_shared(integer, integer), pg_try_advisory_xact_lock(bigint), pg_try_advisory_xact_lock(integer, integer), pg_try_advisory_xact_lock_shared(bigint), pg_try_advisory_xact_lock_shared(integer, integer), pg_advisory_unlock_all() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_advisory_lock(bigint), pg_advisory_lock(integer, integer), pg_advisory_lock_shared(bigint), pg_advisory_lock_shared(integer, integer), pg_advisory_unlock(bigint), pg_advisory_unlock(integer, integer), pg_advisory_unlock_shared(bigint), pg_advisory_unlock_shared(integer, integer), pg_advisory_xact_lock(bigint), pg_advisory_xact_lock(integer, integer), pg_advisory_xact_lock_shared(bigint), pg_advisory_xact_lock_shared(integer, integer), pg_try_advisory_lock(bigint), pg_try_advisory_lock(integer, integer), pg_try_advisory_lock_shared(bigint), pg_try_advisory_lock_shared(integer, integer), pg_try_advisory_xact_lock(bigint), pg_try_advisory_xact_lock(integer, integer), pg_try_advisory_xact_lock_shared(bigint), pg_try_advisory_xact_lock_shared(integer, integer), pg_advisory_unlock_all() TO annals, annals_projector;
-- Every role may also write to the write-ahead log itself (pg_logical_emit_message: as much as it likes, into every
-- logical-decoding stream); its signature differs between PostgreSQL versions, so every one of it is revoked
DO $$ DECLARE f regprocedure; BEGIN FOR f IN SELECT oid::regprocedure FROM pg_proc WHERE proname = 'pg_logical_emit_message' LOOP EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f); END LOOP; END $$;
-- The readers and writers log in to annals alone: PostgreSQL lets every role connect to the cluster's other databases,
-- and make temporary tables and large objects there (one made in template1 is copied into every new database)
REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC;
-- but CloudNativePG's standbys log in to postgres as streaming_replica: a former primary rejoining after a failover
-- or a drain's switchover runs pg_rewind over that connection, and without it never rejoins (CloudNativePG grants the
-- role no CONNECT of its own; it counts on PUBLIC's). devstack's single server has no such role.
DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'streaming_replica') THEN GRANT CONNECT ON DATABASE postgres TO streaming_replica; END IF; END $$;
-- a second lock, not the first: a session default the reader may switch off itself (SET default_transaction_read_only
-- = off), so nothing relies on it; it makes a mistaken GRANT show as a read-only error rather than a write
ALTER ROLE annals_query SET default_transaction_read_only = on;
