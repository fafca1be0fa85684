package io.consumidor.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackSettingsTest {

    private static final Path HOME = Path.of("/srv/consumidor");

    @Test
    void usesDocumentedDefaults() {
        StackSettings settings = StackSettings.from(HOME, Map.of());

        assertThat(settings.stateDir()).isEqualTo(HOME.resolve(".pipeline"));
        assertThat(settings.postgresPort()).isEqualTo(15432);
        assertThat(settings.sqsPort()).isEqualTo(19324);
        assertThat(settings.s3Port()).isEqualTo(19000);
        assertThat(settings.mongoPort()).isEqualTo(27027);
        assertThat(settings.elasticsearchPort()).isEqualTo(19200);
        assertThat(settings.elasticsearchHeap()).isEqualTo("512m");
        assertThat(settings.mongoBackend()).isEqualTo("memory");
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(180));
    }

    @Test
    void readsOverridesFromEnvironment() {
        StackSettings settings = StackSettings.from(HOME, Map.of(
                "PIPELINE_POSTGRES_PORT", "25432", "PIPELINE_MONGO_BACKEND", "h2",
                "PIPELINE_ES_HEAP", "1g", "PIPELINE_STATE_DIR", "/tmp/stack"));

        assertThat(settings.postgresPort()).isEqualTo(25432);
        assertThat(settings.postgresJdbcUrl("consumidor")).isEqualTo("jdbc:postgresql://127.0.0.1:25432/consumidor");
        assertThat(settings.mongoBackend()).isEqualTo("h2");
        assertThat(settings.elasticsearchHeap()).isEqualTo("1g");
        assertThat(settings.envFile()).isEqualTo(Path.of("/tmp/stack/stack.env"));
    }

    @Test
    void rejectsPortThatIsNotANumber() {
        assertThatThrownBy(() -> StackSettings.from(HOME, Map.of("PIPELINE_SQS_PORT", "sqs")))
                .isInstanceOf(StackException.class).hasMessageContaining("PIPELINE_SQS_PORT=sqs is not a number");
    }

    @Test
    void rejectsPrivilegedPort() {
        assertThatThrownBy(() -> StackSettings.from(HOME, Map.of("PIPELINE_S3_PORT", "80")))
                .isInstanceOf(StackException.class).hasMessageContaining("PIPELINE_S3_PORT=80");
    }

    @Test
    void rejectsTwoServersOnOnePort() {
        assertThatThrownBy(() -> StackSettings.from(HOME, Map.of("PIPELINE_MONGO_PORT", "15432")))
                .isInstanceOf(StackException.class).hasMessageContaining("same port");
    }

    @Test
    void rejectsHeapWithoutUnit() {
        assertThatThrownBy(() -> StackSettings.from(HOME, Map.of("PIPELINE_ES_HEAP", "512")))
                .isInstanceOf(StackException.class).hasMessageContaining("PIPELINE_ES_HEAP=512");
    }

    @Test
    void rejectsUnknownMongoBackend() {
        assertThatThrownBy(() -> StackSettings.from(HOME, Map.of("PIPELINE_MONGO_BACKEND", "rocks")))
                .isInstanceOf(StackException.class).hasMessageContaining("PIPELINE_MONGO_BACKEND=rocks");
    }

    @Test
    void namesTheVariableOfEachPort() {
        StackSettings settings = StackSettings.from(HOME, Map.of());

        assertThat(settings.portVariable(19000)).isEqualTo("PIPELINE_S3_PORT");
        assertThat(settings.portVariable(19300)).isEqualTo("PIPELINE_ES_TRANSPORT_PORT");
    }
}
