package io.consumidor.query.keys;

import io.consumidor.configerrors.UnsafeConfigurationException;
import io.consumidor.query.QueryApiApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keys fail closed in the query API too: outside development mode no subject key, no start (the setting named);
 * in development mode a store off loopback is refused before anything connects to it.
 */
class FailClosedStartIT {

    @Test
    void withoutDevelopmentModeAMissingSubjectKeyStopsTheStart() {
        assertThatThrownBy(() -> new SpringApplication(QueryApiApplication.class).run("--server.port=0", "--CONSUMIDOR_DEV_MODE=false",
                "--consumidor.namespace=qfailclosed").close())
                .rootCause().hasMessageContaining("BASE_A_SUBJECT_KEY");
    }

    @Test
    void developmentModeAgainstARemoteStoreIsRefused() {
        assertThatThrownBy(() -> new SpringApplication(QueryApiApplication.class).run("--server.port=0", "--CONSUMIDOR_DEV_MODE=true",
                "--consumidor.elasticsearch.uris=https://base-c.store.invalid:9243").close())
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("consumidor.elasticsearch.uris (base-c.store.invalid)");
    }
}
