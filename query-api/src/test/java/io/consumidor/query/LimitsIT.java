package io.consumidor.query;

import io.consumidor.testsupport.JwtAttacks;
import io.consumidor.testsupport.TestCpfs;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query API is bounded per client and per request: past its burst a client gets 429 problems with
 * {@code Retry-After} while another is answered; a body past {@code max-request-size} gets a 413 problem unread.
 * Tiny limits here; the defaults are a safety net.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.uri=${MONGODB_URI}_query_limits", "spring.data.mongodb.uri=${MONGODB_URI}_query_limits",
        "consumidor.namespace=qlimitsit", "consumidor.query.rate-limit.per-second=0.02", "consumidor.query.rate-limit.burst=3",
        "consumidor.query.max-request-size=1KB"})
class LimitsIT {

    @LocalServerPort
    int port;

    private final JwtAttacks tokens = new JwtAttacks(Fixture.ISSUER);

    @org.junit.jupiter.api.AfterAll
    static void dropActivityQueue() {
        try {
            Fixture.deleteQueue(io.consumidor.core.wire.Queues.of(io.consumidor.core.wire.Feed.ACTIVITY, io.consumidor.core.wire.Namespace.of("qlimitsit")));
        } catch (RuntimeException neverCreated) {
            // no answered page recorded anything
        }
    }

    private String tokenOf(String client) {
        return Fixture.ISSUER.sign(tokens.validClaims(List.of("base-c:read")).claim("azp", client).build());
    }

    @Test
    void aFloodingClientGets429sWithRetryAfterWhileAnotherIsServed() {
        String flooder = tokenOf("flooder-" + System.nanoTime());
        String path = "/v1/subjects/" + "0".repeat(64) + "/events?purpose=credit-analysis";
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = Fixture.get(port, flooder, path);
            statuses.add(response.statusCode());
            refused = response.statusCode() == 429 ? response : refused;
        }

        assertThat(statuses.subList(0, 3)).doesNotContain(429);
        assertThat(statuses.subList(3, 5)).containsOnly(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Fixture.get(port, tokenOf("neighbour-" + System.nanoTime()), path).statusCode()).isNotEqualTo(429);
    }

    @Test
    void aBodyPastTheLimitIsA413ProblemUnread() {
        String body = "{\"cpf\":\"" + TestCpfs.random().digits() + "\",\"purpose\":\"" + "x".repeat(2000) + "\"}";

        HttpResponse<String> response = Fixture.summary(port, Fixture.token("base-c:read", "rating:read"), body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("xxxx");
    }
}
