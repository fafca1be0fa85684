package io.consumidor.features.dataset;

import io.consumidor.testsupport.StartupReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broken {@code datasets.yml} stops the start with a report naming the file, the dataset and the field —
 * one case per kind of mistake a person editing it makes. Only what the export does with the file at start-up
 * runs (binding, validation, the catalog checks of {@link Datasets}).
 */
class BrokenDatasetsFileTest {

    @SpringBootConfiguration
    @EnableConfigurationProperties(DatasetsProperties.class)
    static class DatasetsOnly {
        @Bean
        Datasets datasets(DatasetsProperties properties) {
            return new Datasets(properties, Set.of("ml-train", "ml-score"));
        }
    }

    private static String shipped() throws IOException {
        try (InputStream in = BrokenDatasetsFileTest.class.getResourceAsStream("/datasets.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static StartupReport.Result start(String yaml) {
        return StartupReport.withFile(DatasetsOnly.class, "DATASETS_FILE", "datasets.yml", yaml);
    }

    @Test
    void theShippedFileStarts() throws IOException {
        StartupReport.Result result = start(shipped());
        assertThat(result.started()).as(result.output()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown feature      | [age, region,                    | [age, regoin,                     | dataset 'credit-default-12m'~features.profile[1]: unknown feature 'regoin'
            unknown rating field | rating: [score,                  | rating: [scroe,                   | features.rating[0]: unknown feature 'scroe'
            fixed-offset zone    | zone: America/Sao_Paulo          | zone: '-03:00'                    | zone: '-03:00' is a fixed offset
            unknown zone         | zone: America/Sao_Paulo          | zone: Mars/Olympus                | zone: 'Mars/Olympus' is not a time zone
            unknown key id       | pseudonym-key-id: ml-score       | pseudonym-key-id: ml-nope         | dataset 'credit-scoring'~pseudonym-key-id: no key 'ml-nope'
            unknown label kind   | kind: default-or-90-days-overdue | kind: default-ever                | label.kind: unknown 'default-ever'
            horizon of zero      | horizon-months: 12               | horizon-months: 0                 | datasets[0].label.horizonMonths: must be greater than or equal to 1
            repeated window      | [7, 30, 90, 180]                 | [7, 30, 30, 180]                  | features.activity-windows-days: a window is listed twice
            bad name             | name: credit-scoring             | name: Credit Scoring              | datasets[1].name
            duplicate name       | name: credit-scoring             | name: credit-default-12m          | name: defined twice
            no key id            | '        pseudonym-key-id: ml-train' | ''                           | datasets[0].pseudonymKeyId: must not be blank
            not YAML             | 'consumidor:'                    | 'consumidor: ['                   | line
            """)
    void aBrokenFileStopsTheStartNamingDatasetAndField(String mistake, String original, String broken, String expected) throws IOException {
        String yaml = shipped();
        assertThat(yaml).as("the case's original text is in the shipped file").contains(original);
        StartupReport.Result result = start(yaml.replaceFirst(java.util.regex.Pattern.quote(original), java.util.regex.Matcher.quoteReplacement(broken)));
        assertThat(result.started()).as(mistake + " must not start:\n" + result.output()).isFalse();
        assertThat(result.output()).contains("APPLICATION FAILED TO START", "datasets.yml");
        Arrays.stream(expected.split("~")).forEach(part -> assertThat(result.output()).as(mistake).contains(part));
    }
}
