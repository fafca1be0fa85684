package io.consumidor.jobs.mlexport;

import io.consumidor.testsupport.SettingsTable;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** The README's settings table is the configuration processor's metadata of {@link io.consumidor.jobs.mlexport.job.ExportProperties}, exactly. */
class SettingsReadmeTest {

    @Test
    void theReadmeDocumentsEverySettingAsTheCodeDeclaresIt() {
        SettingsTable.assertReadmeMatches(Path.of("README.md"), "consumidor.export");
    }
}
