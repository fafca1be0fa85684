-- Re-encryption reads a page of consumers, re-encrypts their ciphertexts in the application and writes them
-- back. Without a guard, a consumer replaced between that read and the write got its old values back (the
-- new name or address silently lost, while Base B had already been told of them). The write now names the
-- version it read and does nothing when the row has moved on; the row's new ciphertexts were written by the
-- app anyway, and a re-run picks the row up if they are still under an old key.
DROP FUNCTION base_a.reencrypt_consumer(bytea, bytea, bytea, bytea, bytea);

CREATE FUNCTION base_a.reencrypt_consumer(p_cpf_hmac bytea, p_version bigint, p_cpf bytea, p_name bytea, p_address bytea,
                                          p_birth_date bytea)
    RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_cpf_hmac IS NULL OR p_version IS NULL THEN
        RAISE EXCEPTION 'a consumer and the version read must be named' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE base_a.consumer
       SET cpf_ciphertext = p_cpf, name_ciphertext = p_name, address_ciphertext = p_address, birth_date_ciphertext = p_birth_date
     WHERE cpf_hmac = p_cpf_hmac AND version = p_version;
    RETURN FOUND;
END
$$;

REVOKE ALL ON FUNCTION base_a.reencrypt_consumer(bytea, bigint, bytea, bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION base_a.reencrypt_consumer(bytea, bigint, bytea, bytea, bytea, bytea) TO ${appRole};
