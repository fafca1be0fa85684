-- The audit log stays append-only for every role, with one exception an owner applies on purpose: rows older
-- than a cut-off the deleting session names (base_a.audit_retention_before), and only a cut-off at least 180
-- days back (Marco Civil da Internet, art. 15: access logs are kept six months). The app role has no DELETE
-- privilege at all, and TRUNCATE stays refused, so the app cannot empty the log.
CREATE OR REPLACE FUNCTION base_a.reject_audit_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    cutoff timestamptz := nullif(current_setting('base_a.audit_retention_before', true), '')::timestamptz;
BEGIN
    IF TG_OP = 'DELETE' AND cutoff IS NOT NULL AND cutoff <= now() - interval '180 days' AND OLD.occurred_at < cutoff THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'base_a.audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Migrations run as their own step (as the owner); the running app, connected as the app role, only checks that
-- the schema is current, which needs to read Flyway's history.
GRANT SELECT ON base_a.flyway_schema_history TO ${appRole};
