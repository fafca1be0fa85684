package io.consumidor.core.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamespaceTest {

    @Test
    void noNamespaceLeavesNamesAsTheyAre() {
        assertThat(Queues.of(Feed.PROFILE, Namespace.NONE)).isEqualTo("consumidor-profile-events");
        assertThat(Namespace.of(null).isNone()).isTrue();
    }

    @Test
    void aNamespacePrefixesSharedNames() {
        assertThat(Queues.of(Feed.ACTIVITY, Namespace.of("test"))).isEqualTo("test-consumidor-activity-events");
        assertThat(Queues.deadLetters("test-consumidor-activity-events")).isEqualTo("test-consumidor-activity-events-dlq");
    }

    @Test
    void refusesNamesThatCouldNotPrefixEveryStore() {
        assertThatThrownBy(() -> Namespace.of("Test_1")).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> Namespace.of("a".repeat(17))).hasMessageContaining("16");
    }
}
