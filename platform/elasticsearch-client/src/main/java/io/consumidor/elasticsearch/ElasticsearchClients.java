package io.consumidor.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * Builds the 8.19 {@link ElasticsearchClient} on the low-level {@link RestClient}.
 *
 * <p>Why by hand: Spring Boot 4.0 manages the 9.x Java client, which an 8.19 server rejects (it sends
 * compatibility headers for version 9), and Boot's Elasticsearch auto-configuration is built on the
 * 9.x-only {@code Rest5Client}. We therefore pin the client to 8.19 and wire the transport ourselves.
 */
public final class ElasticsearchClients {

    private ElasticsearchClients() {
    }

    public static RestClient restClient(ElasticsearchProperties properties) {
        HttpHost[] hosts = properties.uris().stream()
                .map(uri -> new HttpHost(uri.getHost(), uri.getPort(), uri.getScheme()))
                .toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts)
                .setRequestConfigCallback(config -> config
                        .setConnectTimeout((int) properties.connectTimeout().toMillis())
                        .setSocketTimeout((int) properties.socketTimeout().toMillis()));
        BasicCredentialsProvider credentials = properties.username() == null || properties.username().isBlank() ? null
                : new BasicCredentialsProvider();
        if (credentials != null) {
            credentials.setCredentials(AuthScope.ANY,
                    new UsernamePasswordCredentials(properties.username(), properties.password()));
        }
        builder.setHttpClientConfigCallback(http -> {
            http.setMaxConnPerRoute(properties.maxConnections()).setMaxConnTotal(properties.maxConnections() * hosts.length);
            return credentials == null ? http : http.setDefaultCredentialsProvider(credentials);
        });
        return builder.build();
    }

    public static ElasticsearchClient client(RestClient restClient) {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper(mapper)));
    }
}
