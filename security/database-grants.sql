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
-- a second lock on the same door: even a mistaken GRANT cannot make the reader write
ALTER ROLE annals_query SET default_transaction_read_only = on;
