package io.consumidor.testsupport;

import io.consumidor.stack.StackException;
import io.consumidor.stack.StackSettings;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.util.Map;

/**
 * Where the local stack's servers are, for tests: the keys of {@code .pipeline/stack.env}, pointing at the
 * tests' own databases, bucket and namespace ({@code StackEnvFile.testEntries}).
 */
public record StackEnv(Map<String, String> values, StackSettings settings) {

    public StackEnv {
        values = Map.copyOf(values);
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new StackException("the local stack defines no " + key);
        }
        return value;
    }

    public String postgresUrl() {
        return get("POSTGRES_URL");
    }

    public String postgresUser() {
        return get("POSTGRES_USER");
    }

    public String postgresPassword() {
        return get("POSTGRES_PASSWORD");
    }

    /** A data source on the stack's database as the given role. */
    public DataSource postgres(String user, String password) {
        return postgres(user, password, postgresUrl());
    }

    /** A data source on another database of the stack's server ({@link TestDatabases}) as the given role. */
    public DataSource postgres(String user, String password, String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    /** The stack's superuser: for tests that check what is really stored, whatever the app's privileges. */
    public DataSource postgresAdmin() {
        return postgres(postgresUser(), postgresPassword());
    }

    public String sqsEndpoint() {
        return get("SQS_ENDPOINT");
    }

    public String s3Endpoint() {
        return get("S3_ENDPOINT");
    }

    public String s3Bucket() {
        return get("S3_BUCKET");
    }

    public String awsRegion() {
        return get("AWS_REGION");
    }

    public String awsAccessKeyId() {
        return get("AWS_ACCESS_KEY_ID");
    }

    public String awsSecretAccessKey() {
        return get("AWS_SECRET_ACCESS_KEY");
    }

    public String mongoUri() {
        return get("MONGODB_URI");
    }

    public String elasticsearchUrl() {
        return get("ELASTICSEARCH_URL");
    }

    /** The namespace of the tests' queues and indices ({@code CONSUMIDOR_NAMESPACE}). */
    public String namespace() {
        return get("CONSUMIDOR_NAMESPACE");
    }
}
