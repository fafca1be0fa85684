-- Re-encryption after a key rotation replaces ciphertexts of one named row; the values (and so the
-- version) do not change.
CREATE FUNCTION base_a.reencrypt_consumer(p_cpf_hmac bytea, p_cpf bytea, p_name bytea, p_address bytea, p_birth_date bytea)
    RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_cpf_hmac IS NULL THEN
        RAISE EXCEPTION 'a consumer must be named' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE base_a.consumer
       SET cpf_ciphertext = p_cpf, name_ciphertext = p_name, address_ciphertext = p_address, birth_date_ciphertext = p_birth_date
     WHERE cpf_hmac = p_cpf_hmac;
    RETURN FOUND;
END
$$;

CREATE FUNCTION base_a.reencrypt_debt(p_debt_id bigint, p_contract bytea) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE base_a.debt SET contract_ciphertext = p_contract WHERE id = p_debt_id;
    RETURN FOUND;
END
$$;

REVOKE ALL ON FUNCTION base_a.reencrypt_consumer(bytea, bytea, bytea, bytea, bytea), base_a.reencrypt_debt(bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION base_a.reencrypt_consumer(bytea, bytea, bytea, bytea, bytea), base_a.reencrypt_debt(bigint, bytea) TO ${appRole};
