package io.consumidor.elasticsearch;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Where Elasticsearch is and how long to wait for it ({@code consumidor.elasticsearch.*}).
 *
 * @param uris           node addresses; the local stack's is {@code ${ELASTICSEARCH_URL}}
 * @param username       optional basic-auth user (production clusters)
 * @param password       optional basic-auth password
 * @param connectTimeout TCP connect time-out
 * @param socketTimeout  time-out for a whole response, bulk requests included
 * @param maxConnections pooled, kept-alive connections per node (the low-level client's default of 10 queues
 *                       the requests of a busy read API behind each other)
 */
@Validated
@ConfigurationProperties("consumidor.elasticsearch")
public record ElasticsearchProperties(
        @NotEmpty List<URI> uris,
        String username,
        String password,
        @NotNull @DefaultValue("2s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration socketTimeout,
        @Min(1) @DefaultValue("10") int maxConnections) {

    @ConstructorBinding
    public ElasticsearchProperties {
    }

    /** With the default pool, for clients that send one request at a time (tests, tools, jobs). */
    public ElasticsearchProperties(List<URI> uris, String username, String password, Duration connectTimeout, Duration socketTimeout) {
        this(uris, username, password, connectTimeout, socketTimeout, 10);
    }
}
