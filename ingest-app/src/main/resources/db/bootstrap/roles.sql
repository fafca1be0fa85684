-- Base A's grants on its database, run by an administrator (the local stack's superuser; on RDS, the master user)
-- once the two roles exist: the schema owner runs the Flyway migrations; the app role owns nothing and gets only
-- what V1 grants. DatabaseRoles creates the roles first (their passwords set through the driver as SCRAM
-- verifiers, never pasted into SQL) and fills in ${database}, ${owner} and ${app}, plain identifiers only.
-- By hand: CREATE ROLE <owner> LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; CREATE ROLE <app> LOGIN NOSUPERUSER
-- NOCREATEDB NOCREATEROLE NOINHERIT; then \password each in psql, then this file.
-- The owner may create the base_a schema (and the trusted pgcrypto extension) in this database only.
GRANT CREATE, CONNECT ON DATABASE ${database} TO ${owner};
GRANT CONNECT ON DATABASE ${database} TO ${app};
-- Nobody else may create objects in public (PostgreSQL 15+ already revokes this; older servers do not).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
