package io.consumidor.testsupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module README's settings table, generated from what Spring Boot's configuration processor wrote at compile time
 * ({@code target/classes/META-INF/spring-configuration-metadata.json}: every property of the module's
 * {@code @ConfigurationProperties} records, its {@code @DefaultValue} and its {@code @param} description). The table
 * sits between {@code <!-- settings:<prefix>:begin -->} and {@code <!-- settings:<prefix>:end -->} and must equal the
 * generated one exactly: a setting added, renamed, re-defaulted or re-described without the README fails the build,
 * and the failure prints the table to paste.
 */
public final class SettingsTable {

    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

    private SettingsTable() {
    }

    /** The table of every property under {@code prefix}, sorted by name, as this module's metadata declares it. */
    public static String render(String prefix) {
        JsonNode metadata;
        try {
            metadata = JsonMapper.builder().build().readTree(Files.readString(METADATA));
        } catch (IOException e) {
            throw new UncheckedIOException(METADATA.toAbsolutePath() + " is missing: the configuration processor did not run", e);
        }
        List<JsonNode> properties = new ArrayList<>(StreamSupport.stream(metadata.path("properties").spliterator(), false)
                .filter(p -> p.path("name").asString().startsWith(prefix + ".")).toList());
        properties.sort(Comparator.comparing(p -> p.path("name").asString()));
        StringBuilder table = new StringBuilder("| setting (`" + prefix + ".`) | default | meaning |\n|---|---|---|\n");
        for (JsonNode property : properties) {
            table.append("| `").append(property.path("name").asString().substring(prefix.length() + 1)).append("` | ")
                    .append(defaultValue(property.path("defaultValue"))).append(" | ")
                    .append(markdown(property.path("description").asString(""))).append(" |\n");
        }
        return table.toString();
    }

    /** Javadoc to Markdown: {@code x} becomes `x` (braces balanced), {@link X} becomes X, on one line. */
    static String markdown(String javadoc) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < javadoc.length()) {
            boolean code = javadoc.startsWith("{@code ", i);
            if (code || javadoc.startsWith("{@link ", i)) {
                int depth = 1;
                int j = i + (code ? 7 : 7);
                int start = j;
                while (j < javadoc.length() && depth > 0) {
                    char c = javadoc.charAt(j);
                    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                    j++;
                }
                String inner = javadoc.substring(start, Math.max(start, j - 1));
                text.append(code ? "`" + inner + "`" : inner);
                i = j;
            } else {
                text.append(javadoc.charAt(i++));
            }
        }
        return text.toString().replace("|", "\\|").replaceAll("\\s+", " ").trim();
    }

    private static String defaultValue(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "—";
        }
        if (value.isArray()) {
            List<String> items = StreamSupport.stream(value.spliterator(), false).map(JsonNode::asString).toList();
            return items.isEmpty() ? "empty" : "`" + String.join(", ", items) + "`";
        }
        String text = value.asString();
        return text.isEmpty() ? "empty" : "`" + text + "`";
    }

    /** The README's table between the markers for {@code prefix} equals {@link #render(String)}, character for character. */
    public static void assertReadmeMatches(Path readme, String prefix) {
        String text;
        try {
            text = Files.readString(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String begin = "<!-- settings:" + prefix + ":begin -->\n";
        String end = "<!-- settings:" + prefix + ":end";
        String expected = render(prefix);
        assertThat(text).as(readme + " marks its settings table for " + prefix + "; put this between the markers:\n\n" + expected)
                .contains(begin).contains(end);
        String documented = text.substring(text.indexOf(begin) + begin.length(), text.indexOf(end));
        assertThat(documented).as(readme + "'s settings table for " + prefix + ", exactly as the code declares it (paste this):\n\n"
                + expected).isEqualTo(expected);
    }
}
