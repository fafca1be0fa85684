-- Base A roles, created once by an administrator (the local stack's superuser; on RDS, the master user).
-- The schema owner runs the Flyway migrations; the app role owns nothing and gets only what V1 grants.
-- Placeholders ${owner}, ${ownerPassword}, ${app} and ${appPassword} are filled in by DatabaseRoles.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${owner}') THEN
        CREATE ROLE ${owner} LOGIN PASSWORD '${ownerPassword}' NOSUPERUSER NOCREATEDB NOCREATEROLE;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app}') THEN
        CREATE ROLE ${app} LOGIN PASSWORD '${appPassword}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
END
$$;
-- The owner may create the base_a schema (and the trusted pgcrypto extension) in this database only.
GRANT CREATE, CONNECT ON DATABASE ${database} TO ${owner};
GRANT CONNECT ON DATABASE ${database} TO ${app};
-- Nobody else may create objects in public (PostgreSQL 15+ already revokes this; older servers do not).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
