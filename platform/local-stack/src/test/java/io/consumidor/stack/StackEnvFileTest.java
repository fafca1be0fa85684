package io.consumidor.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StackEnvFileTest {

    @Test
    void writesEveryConnectionSettingAsKeyValueLines(@TempDir Path home) throws Exception {
        StackSettings settings = StackSettings.from(home, Map.of());

        StackEnvFile.write(settings);

        String text = Files.readString(settings.envFile());
        assertThat(text).contains("POSTGRES_URL=jdbc:postgresql://127.0.0.1:15432/consumidor\n",
                "SQS_ENDPOINT=http://127.0.0.1:19324\n", "S3_ENDPOINT=http://127.0.0.1:19000\n",
                "MONGODB_URI=mongodb://127.0.0.1:27027/consumidor\n", "ELASTICSEARCH_URL=http://127.0.0.1:19200\n",
                "AWS_REGION=us-east-1\n", "PGPORT=15432\n");
        assertThat(StackEnvFile.read(settings.envFile())).isEqualTo(StackEnvFile.entries(settings));
    }

    @Test
    void testsGetTheirOwnDatabasesBucketAndNamespaceOnTheSameServers(@TempDir Path home) {
        StackSettings settings = StackSettings.from(home, Map.of());

        Map<String, String> test = StackEnvFile.testEntries(settings);

        assertThat(test).containsEntry("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:15432/consumidor_test")
                .containsEntry("MONGODB_URI", "mongodb://127.0.0.1:27027/consumidor_test")
                .containsEntry("S3_BUCKET", "consumidor-test").containsEntry("CONSUMIDOR_NAMESPACE", "test")
                .containsEntry("SQS_ENDPOINT", "http://127.0.0.1:19324");
        assertThat(StackEnvFile.entries(settings)).doesNotContainKey("CONSUMIDOR_NAMESPACE")
                .containsEntry("S3_BUCKET", "consumidor-local");
    }

    @Test
    void deleteRemovesTheFile(@TempDir Path home) {
        StackSettings settings = StackSettings.from(home, Map.of());
        StackEnvFile.write(settings);

        StackEnvFile.delete(settings);

        assertThat(settings.envFile()).doesNotExist();
    }
}
