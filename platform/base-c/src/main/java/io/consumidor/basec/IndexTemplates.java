package io.consumidor.basec;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The index templates of Base C ({@code basec/templates/*.json}), put under the deployment's names: every
 * index the router creates gets explicit mappings rather than guessed ones. The templates' index patterns
 * are the {@link BaseCIndices} of the namespace, so a test namespace's templates never touch a developer's
 * indices. Putting a template is idempotent.
 */
public final class IndexTemplates {

    private static final List<String> TEMPLATES = List.of("events", "erasures");

    private IndexTemplates() {
    }

    public static void apply(ElasticsearchClient client, BaseCIndices indices) {
        for (String template : TEMPLATES) {
            String json = read(template)
                    .replace("${events}", indices.events())
                    .replace("${latest}", indices.latest())
                    .replace("${erasures}", indices.erasures());
            try (InputStream body = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
                client.indices().putIndexTemplate(b -> b.withJson(body).name(templateName(indices, template)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot put the Elasticsearch index template " + template + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Deletes every index and template of a namespace (tests and benchmarks clean up after themselves). The
     * indices are resolved to their names first: Elasticsearch refuses to delete by wildcard.
     */
    public static void dropNamespace(ElasticsearchClient client, BaseCIndices indices) throws IOException {
        if (indices.namespace().isNone()) {
            throw new IllegalArgumentException("refusing to drop the default namespace: it is the pipeline's data");
        }
        var names = client.indices().get(g -> g.index(indices.events(), indices.latest(), indices.erasures())
                .allowNoIndices(true).ignoreUnavailable(true)).result().keySet();
        if (!names.isEmpty()) {
            client.indices().delete(d -> d.index(List.copyOf(names)));
        }
        delete(client, indices);
    }

    /** Deletes this namespace's templates. */
    public static void delete(ElasticsearchClient client, BaseCIndices indices) throws IOException {
        for (String template : TEMPLATES) {
            String name = templateName(indices, template);
            if (client.indices().existsIndexTemplate(b -> b.name(name)).value()) {
                client.indices().deleteIndexTemplate(b -> b.name(name));
            }
        }
    }

    public static String templateName(BaseCIndices indices, String template) {
        return indices.namespace().apply("consumidor-" + template);
    }

    public static Map<String, String> names(BaseCIndices indices) {
        return Map.of("events", templateName(indices, "events"), "erasures", templateName(indices, "erasures"));
    }

    private static String read(String template) {
        try (InputStream in = IndexTemplates.class.getResourceAsStream("/basec/templates/" + template + ".json")) {
            if (in == null) {
                throw new IllegalStateException("index template " + template + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
