package io.consumidor.router.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Puts the index templates of {@code classpath:elasticsearch/templates/*.json} (template name = file name) at
 * start-up, so every index the router creates — {@code events-2026.11}, {@code latest} — gets explicit
 * mappings rather than guessed ones. Putting a template is idempotent.
 */
public final class IndexTemplates {

    private static final Logger log = LoggerFactory.getLogger(IndexTemplates.class);

    private IndexTemplates() {
    }

    public static void apply(ElasticsearchClient client) {
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath:elasticsearch/templates/*.json")) {
                String name = resource.getFilename().replace(".json", "");
                try (InputStream json = resource.getInputStream()) {
                    client.indices().putIndexTemplate(b -> b.withJson(json).name(name));
                }
                log.info("Elasticsearch index template {} is in place", name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the Elasticsearch index templates: " + e.getMessage(), e);
        }
    }
}
