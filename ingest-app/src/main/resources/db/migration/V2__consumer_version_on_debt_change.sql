-- A debt change is a change of the consumer: its version (ETag, and subjectVersion of the events) moves on.
CREATE FUNCTION base_a.touch_consumer(p_cpf_hmac bytea) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    new_version bigint;
BEGIN
    IF p_cpf_hmac IS NULL THEN
        RAISE EXCEPTION 'a consumer must be named' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE base_a.consumer SET version = version + 1, updated_at = now()
     WHERE cpf_hmac = p_cpf_hmac
    RETURNING version INTO new_version;
    RETURN new_version;
END
$$;
REVOKE ALL ON FUNCTION base_a.touch_consumer(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION base_a.touch_consumer(bytea) TO ${appRole};
