-- 1. One ordering stamp for Base B, exact across re-registrations. A consumer's version now comes from one
--    sequence for the whole table instead of counting from 0 per row. Per consumer it still only grows (and
--    is still the ETag), but a consumer erased and then registered again gets a version higher than the
--    erasure's, so downstream the new facts win over the tombstone while late events of the erased row
--    still lose to it. Erasure takes a version from the same sequence and returns it for the tombstone.
CREATE SEQUENCE base_a.consumer_version_seq AS bigint MINVALUE 1;
SELECT setval('base_a.consumer_version_seq', greatest((SELECT max(version) FROM base_a.consumer), 1));
ALTER TABLE base_a.consumer ALTER COLUMN version SET DEFAULT nextval('base_a.consumer_version_seq');
GRANT USAGE ON SEQUENCE base_a.consumer_version_seq TO ${appRole};

-- 2. Base B must be rebuildable from Base A, so Base A now keeps the assets and income sources it used to
--    pass on only: one encrypted JSON document per consumer (NULL for consumers registered before).
ALTER TABLE base_a.consumer ADD COLUMN facts_ciphertext bytea;

DROP FUNCTION base_a.update_consumer(bytea, bigint, bytea, bytea, bytea);
CREATE FUNCTION base_a.update_consumer(p_cpf_hmac bytea, p_expected_version bigint, p_name bytea, p_address bytea,
                                       p_birth_date bytea, p_facts bytea) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    new_version bigint;
BEGIN
    IF p_cpf_hmac IS NULL THEN
        RAISE EXCEPTION 'a consumer must be named' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE base_a.consumer
       SET name_ciphertext = p_name, address_ciphertext = p_address, birth_date_ciphertext = p_birth_date,
           facts_ciphertext = p_facts, updated_at = now(), version = nextval('base_a.consumer_version_seq')
     WHERE cpf_hmac = p_cpf_hmac AND version = p_expected_version
    RETURNING version INTO new_version;
    RETURN new_version; -- NULL: unknown consumer or stale version
END
$$;

CREATE OR REPLACE FUNCTION base_a.touch_consumer(p_cpf_hmac bytea) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    new_version bigint;
BEGIN
    IF p_cpf_hmac IS NULL THEN
        RAISE EXCEPTION 'a consumer must be named' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE base_a.consumer SET version = nextval('base_a.consumer_version_seq'), updated_at = now()
     WHERE cpf_hmac = p_cpf_hmac
    RETURNING version INTO new_version;
    RETURN new_version;
END
$$;

DROP FUNCTION base_a.erase_consumer(bytea);
CREATE FUNCTION base_a.erase_consumer(p_cpf_hmac bytea) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_cpf_hmac IS NULL THEN
        RAISE EXCEPTION 'a consumer must be named' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM base_a.consumer WHERE cpf_hmac = p_cpf_hmac;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN nextval('base_a.consumer_version_seq'); -- the tombstone's version
END
$$;

DROP FUNCTION base_a.reencrypt_consumer(bytea, bigint, bytea, bytea, bytea, bytea);
CREATE FUNCTION base_a.reencrypt_consumer(p_cpf_hmac bytea, p_version bigint, p_cpf bytea, p_name bytea, p_address bytea,
                                          p_birth_date bytea, p_facts bytea)
    RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_cpf_hmac IS NULL OR p_version IS NULL THEN
        RAISE EXCEPTION 'a consumer and the version read must be named' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE base_a.consumer
       SET cpf_ciphertext = p_cpf, name_ciphertext = p_name, address_ciphertext = p_address, birth_date_ciphertext = p_birth_date,
           facts_ciphertext = p_facts
     WHERE cpf_hmac = p_cpf_hmac AND version = p_version;
    RETURN FOUND;
END
$$;

REVOKE ALL ON FUNCTION base_a.update_consumer(bytea, bigint, bytea, bytea, bytea, bytea), base_a.erase_consumer(bytea),
    base_a.reencrypt_consumer(bytea, bigint, bytea, bytea, bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION base_a.update_consumer(bytea, bigint, bytea, bytea, bytea, bytea), base_a.erase_consumer(bytea),
    base_a.reencrypt_consumer(bytea, bigint, bytea, bytea, bytea, bytea, bytea) TO ${appRole};

-- 3. The outbox column takes the envelope's name for the ordering stamp.
ALTER TABLE base_a.outbox RENAME COLUMN subject_version TO source_version;

-- 4. `./pipeline replay base-b`: where an unfinished replay stands, so a stopped one resumes.
CREATE TABLE base_a.replay (
    name              text        PRIMARY KEY,
    last_consumer_id  bigint      NOT NULL DEFAULT 0,
    consumers         bigint      NOT NULL DEFAULT 0,
    events            bigint      NOT NULL DEFAULT 0,
    started_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz
);
GRANT SELECT, INSERT, UPDATE, DELETE ON base_a.replay TO ${appRole};
