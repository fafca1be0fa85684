package io.consumidor.elasticsearch;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
 */
@Validated
@ConfigurationProperties("consumidor.elasticsearch")
public record ElasticsearchProperties(
        @NotEmpty List<URI> uris,
        String username,
        String password,
        @NotNull @DefaultValue("2s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration socketTimeout) {
}
