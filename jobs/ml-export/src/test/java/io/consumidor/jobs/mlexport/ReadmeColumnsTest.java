package io.consumidor.jobs.mlexport;

import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.dataset.Datasets;

import io.consumidor.features.schema.Column;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module README documents every column of the shipped datasets with the same type, meaning, source and
 * window the Parquet footer carries: the table between the README's markers is the code's, compared exactly, so it
 * cannot drift. The table to paste is written to {@code target/README-columns.md}.
 */
class ReadmeColumnsTest {

    static Datasets shipped() {
        return Datasets.shipped();
    }

    static String table(Dataset dataset) {
        return "| column | type | role | meaning | source | window |\n|---|---|---|---|---|---|\n" + dataset.schema().columns().stream()
                .map(ReadmeColumnsTest::row).collect(Collectors.joining("\n")) + "\n";
    }

    private static String row(Column c) {
        return "| `%s` | %s%s | %s | %s | %s | %s |".formatted(c.name(), c.type(), c.nullable() ? "" : ", required",
                c.role().name().toLowerCase(java.util.Locale.ROOT), c.meaning(), c.source(), c.window().isEmpty() ? "" : c.window());
    }

    @Test
    void theReadmeDocumentsEveryColumnAsTheFooterDoes() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Dataset training = shipped().find("credit-default-12m").orElseThrow();
        String begin = "<!-- columns:credit-default-12m:begin -->\n";
        String end = "<!-- columns:credit-default-12m:end";
        assertThat(readme).as("README.md marks the generated table").contains(begin).contains(end);
        // the table to paste, should it differ
        Files.writeString(Path.of("target", "README-columns.md"), table(training));
        assertThat(readme.substring(readme.indexOf(begin) + begin.length(), readme.indexOf(end)))
                .as("README.md's table between the markers, exactly (no row more, none stale)").isEqualTo(table(training));
        Dataset scoring = shipped().find("credit-scoring").orElseThrow();
        for (Column column : scoring.schema().columns()) {
            assertThat(training.schema().columns()).as("credit-scoring's columns are credit-default-12m's").contains(column);
        }
    }
}
