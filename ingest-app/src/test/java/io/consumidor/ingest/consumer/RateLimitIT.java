package io.consumidor.ingest.consumer;

import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.JwtAttacks;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client that floods the API spends its own rate only: past its burst it gets 429 problems with
 * {@code Retry-After}, while another client is answered as usual. A tiny rate here; the default is a safety net.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "consumidor.ingest.rate-limit.per-second=0.02", "consumidor.ingest.rate-limit.burst=3"})
class RateLimitIT {

    @LocalServerPort
    int port;

    private final JwtAttacks tokens = new JwtAttacks(new LocalIssuer(TestStack.env().settings()));

    private String tokenOf(String client) {
        return new LocalIssuer(TestStack.env().settings()).sign(tokens.validClaims(List.of("base-a:read")).claim("azp", client).build());
    }

    @Test
    void aFloodingClientGets429sWithRetryAfterWhileAnotherIsServed() {
        ApiClient api = new ApiClient(port);
        String flooder = tokenOf("flooder-" + System.nanoTime());
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = api.get("/consumers/" + TestCpfs.random().digits(), flooder);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                refused = response;
            }
        }

        assertThat(statuses).containsExactly(404, 404, 404, 429, 429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(api.get("/consumers/" + TestCpfs.random().digits(), tokenOf("neighbour-" + System.nanoTime())).statusCode())
                .as("another client keeps its share").isEqualTo(404);
    }
}
