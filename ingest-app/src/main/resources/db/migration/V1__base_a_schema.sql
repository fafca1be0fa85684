-- Base A: consumers and their debts, an append-only audit log and the transactional outbox.
-- Run by the schema owner. Sensitive values arrive already encrypted by the application (AES-GCM, key id
-- inside each ciphertext), so neither this schema, its logs nor a pg_dump ever see them in clear.

-- The schema itself is created by Flyway (schemas=base_a), owned by the migrating owner role.
REVOKE ALL ON SCHEMA base_a FROM PUBLIC;

-- CNPJ check digits (modulo 11, weights 5..2,9..2 then 6..2,9..2); all-equal digits are rejected.
CREATE FUNCTION base_a.valid_cnpj(cnpj text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    weights1 int[] := ARRAY[5,4,3,2,9,8,7,6,5,4,3,2];
    weights2 int[] := ARRAY[6,5,4,3,2,9,8,7,6,5,4,3,2];
    total int;
    digit int;
BEGIN
    IF cnpj !~ '^[0-9]{14}$' OR cnpj ~ '^(.)\1{13}$' THEN
        RETURN false;
    END IF;
    total := 0;
    FOR i IN 1..12 LOOP total := total + substr(cnpj, i, 1)::int * weights1[i]; END LOOP;
    digit := CASE WHEN total % 11 < 2 THEN 0 ELSE 11 - total % 11 END;
    IF digit <> substr(cnpj, 13, 1)::int THEN RETURN false; END IF;
    total := 0;
    FOR i IN 1..13 LOOP total := total + substr(cnpj, i, 1)::int * weights2[i]; END LOOP;
    digit := CASE WHEN total % 11 < 2 THEN 0 ELSE 11 - total % 11 END;
    RETURN digit = substr(cnpj, 14, 1)::int;
END
$$;

CREATE TABLE base_a.consumer (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Blind index: HMAC-SHA-256 of the CPF under the lookup key, so a CPF is found without decrypting rows.
    cpf_hmac           bytea       NOT NULL CONSTRAINT consumer_cpf_hmac_key UNIQUE
                                   CONSTRAINT consumer_cpf_hmac_length CHECK (octet_length(cpf_hmac) = 32),
    cpf_ciphertext     bytea       NOT NULL,
    name_ciphertext    bytea       NOT NULL,
    address_ciphertext bytea       NOT NULL,
    birth_date_ciphertext bytea    NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            bigint      NOT NULL DEFAULT 0 CHECK (version >= 0)
);

CREATE TABLE base_a.debt (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consumer_id          bigint        NOT NULL REFERENCES base_a.consumer (id) ON DELETE CASCADE,
    creditor_cnpj        char(14)      NOT NULL CONSTRAINT debt_creditor_cnpj_valid CHECK (base_a.valid_cnpj(creditor_cnpj)),
    amount               numeric(15,2) NOT NULL CONSTRAINT debt_amount_positive CHECK (amount > 0),
    currency             char(3)       NOT NULL CONSTRAINT debt_currency_iso CHECK (currency ~ '^[A-Z]{3}$'),
    due_date             date          NOT NULL,
    status               text          NOT NULL CONSTRAINT debt_status_known
                                       CHECK (status IN ('OPEN', 'DEFAULTED', 'RENEGOTIATED', 'SETTLED')),
    -- The contract reference identifies the consumer at the creditor: encrypted like the other PII.
    contract_ciphertext  bytea         NOT NULL,
    settled_at           timestamptz,
    created_at           timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT debt_settled_consistent CHECK ((status = 'SETTLED') = (settled_at IS NOT NULL))
);
CREATE INDEX debt_consumer_idx ON base_a.debt (consumer_id);

-- Every request, whatever its outcome. Never the raw CPF or body: the route template and outcome only.
CREATE TABLE base_a.audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    request_id     text        NOT NULL,
    principal      text,
    client_id      text,
    client_address text,
    method         text        NOT NULL,
    route          text        NOT NULL,
    status         int         NOT NULL CHECK (status BETWEEN 100 AND 599),
    outcome        text        NOT NULL,
    latency_ms     int         NOT NULL CHECK (latency_ms >= 0)
);
CREATE INDEX audit_log_occurred_idx ON base_a.audit_log (occurred_at);

-- Append-only, enforced for every role including the owner: rows can be added, never changed or removed.
CREATE FUNCTION base_a.reject_audit_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'base_a.audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON base_a.audit_log
    FOR EACH ROW EXECUTE FUNCTION base_a.reject_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON base_a.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION base_a.reject_audit_change();

-- Transactional outbox: written in the same transaction as the change it describes, relayed to SQS.
CREATE TABLE base_a.outbox (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id       uuid        NOT NULL CONSTRAINT outbox_event_id_key UNIQUE,
    destination    text        NOT NULL,
    subject        text        NOT NULL,
    event_type     text        NOT NULL,
    -- Per-subject sequence, so consumers can discard a stale update that overtakes a newer one.
    subject_version bigint     NOT NULL,
    envelope       jsonb       NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    attempts       int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error     text,
    sent_at        timestamptz
);
CREATE INDEX outbox_pending_idx ON base_a.outbox (next_attempt_at, id) WHERE sent_at IS NULL;

-- Consumers can only be changed or erased one at a time, named by their blind index: the app role has no
-- UPDATE or DELETE on the table, only these functions (SECURITY DEFINER, owned by the schema owner).
CREATE FUNCTION base_a.update_consumer(p_cpf_hmac bytea, p_expected_version bigint, p_name bytea, p_address bytea,
                                       p_birth_date bytea) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    new_version bigint;
BEGIN
    IF p_cpf_hmac IS NULL THEN
        RAISE EXCEPTION 'a consumer must be named' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE base_a.consumer
       SET name_ciphertext = p_name, address_ciphertext = p_address, birth_date_ciphertext = p_birth_date,
           updated_at = now(), version = version + 1
     WHERE cpf_hmac = p_cpf_hmac AND version = p_expected_version
    RETURNING version INTO new_version;
    RETURN new_version; -- NULL: unknown consumer or stale version
END
$$;

CREATE FUNCTION base_a.erase_consumer(p_cpf_hmac bytea) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_cpf_hmac IS NULL THEN
        RAISE EXCEPTION 'a consumer must be named' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM base_a.consumer WHERE cpf_hmac = p_cpf_hmac;
    RETURN FOUND;
END
$$;

CREATE FUNCTION base_a.settle_debt(p_cpf_hmac bytea, p_debt_id bigint) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE base_a.debt d
       SET status = 'SETTLED', settled_at = now()
      FROM base_a.consumer c
     WHERE d.id = p_debt_id AND d.consumer_id = c.id AND c.cpf_hmac = p_cpf_hmac AND d.status <> 'SETTLED';
    RETURN FOUND;
END
$$;

-- Replacing a consumer's debts on re-registration goes through the same one-consumer door.
CREATE FUNCTION base_a.clear_debts(p_cpf_hmac bytea) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    removed integer;
BEGIN
    DELETE FROM base_a.debt d USING base_a.consumer c WHERE d.consumer_id = c.id AND c.cpf_hmac = p_cpf_hmac;
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA base_a FROM PUBLIC;

-- The app role: read and insert; changes only through the functions above; no DDL, no TRUNCATE.
GRANT USAGE ON SCHEMA base_a TO ${appRole};
GRANT SELECT, INSERT ON base_a.consumer, base_a.debt TO ${appRole};
GRANT SELECT, INSERT ON base_a.audit_log TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON base_a.outbox TO ${appRole};
GRANT EXECUTE ON FUNCTION base_a.update_consumer(bytea, bigint, bytea, bytea, bytea),
                          base_a.erase_consumer(bytea),
                          base_a.settle_debt(bytea, bigint),
                          base_a.clear_debts(bytea),
                          base_a.valid_cnpj(text) TO ${appRole};
