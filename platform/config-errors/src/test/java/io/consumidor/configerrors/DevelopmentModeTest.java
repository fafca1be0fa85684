package io.consumidor.configerrors;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevelopmentModeTest {

    private static StandardEnvironment environment(Map<String, Object> values) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(values)));
        return environment;
    }

    @Test
    void findsTheHostsOfEveryKindOfStoreUrl() {
        assertThat(DevelopmentMode.hosts("jdbc:postgresql://127.0.0.1:15432/consumidor")).containsExactly("127.0.0.1");
        assertThat(DevelopmentMode.hosts("mongodb://user:pw@db1.internal:27017,db2.internal:27017/x?replicaSet=r"))
                .containsExactly("db1.internal", "db2.internal");
        assertThat(DevelopmentMode.hosts("http://localhost:9200,https://es.example.com:9243")).containsExactly("localhost", "es.example.com");
        assertThat(DevelopmentMode.hosts("http://[::1]:19000")).containsExactly("::1");
        assertThat(DevelopmentMode.hosts("")).isEmpty();
        assertThat(DevelopmentMode.hosts(null)).isEmpty();
    }

    @Test
    void loopbackIsLocalhostThe127RangeAndIpv6One() {
        assertThat(DevelopmentMode.loopback("localhost")).isTrue();
        assertThat(DevelopmentMode.loopback("127.0.0.1")).isTrue();
        assertThat(DevelopmentMode.loopback("127.3.2.1")).isTrue();
        assertThat(DevelopmentMode.loopback("::1")).isTrue();
        assertThat(DevelopmentMode.loopback("127.0.0.1.evil.example")).isFalse();
        assertThat(DevelopmentMode.loopback("10.0.0.1")).isFalse();
        assertThat(DevelopmentMode.loopback("postgres")).isFalse();
    }

    @Test
    void isOffUnlessSaidAndThenChecksNothing() {
        StandardEnvironment remote = environment(Map.of("spring.datasource.url", "jdbc:postgresql://rds.example.com/db"));

        assertThat(DevelopmentMode.on(remote)).isFalse();
        assertThatCode(() -> new DevelopmentMode().postProcessEnvironment(remote, null)).doesNotThrowAnyException();
    }

    @Test
    void onAgainstLoopbackStoresStarts() {
        StandardEnvironment local = environment(Map.of(DevelopmentMode.VARIABLE, "true",
                "spring.datasource.url", "jdbc:postgresql://127.0.0.1:15432/consumidor", "MONGODB_URI", "mongodb://localhost:27027/x",
                "ELASTICSEARCH_URL", "${UNSET_PLACEHOLDER}"));

        assertThat(DevelopmentMode.on(local)).isTrue();
        assertThatCode(() -> new DevelopmentMode().postProcessEnvironment(local, null)).doesNotThrowAnyException();
    }

    @Test
    void onAgainstARemoteStoreRefusesNamingTheSettingAndTheHost() {
        StandardEnvironment remote = environment(Map.of(DevelopmentMode.PROPERTY, "true",
                "spring.datasource.url", "jdbc:postgresql://127.0.0.1:15432/consumidor",
                "consumidor.elasticsearch.uris", "https://search.example.com:9243"));

        assertThatThrownBy(() -> new DevelopmentMode().postProcessEnvironment(remote, null))
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("consumidor.elasticsearch.uris (search.example.com)")
                .hasMessageNotContaining("spring.datasource.url");
    }
}
