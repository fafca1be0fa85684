package io.consumidor.batchsupport.partition;

import io.consumidor.testsupport.SettingsTable;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** The README's partitioning settings are the configuration processor's metadata of {@link PartitioningProperties}, exactly. */
class SettingsReadmeTest {

    @Test
    void theReadmeDocumentsEverySettingAsTheCodeDeclaresIt() {
        SettingsTable.assertReadmeMatches(Path.of("README.md"), "consumidor.jobs.partitioning");
    }
}
