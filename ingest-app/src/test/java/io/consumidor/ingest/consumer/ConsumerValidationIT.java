package io.consumidor.ingest.consumer;

import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.consumidor.ingest.consumer.ConsumerApiIT.body;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a 400 problem naming the field, and nothing of it is stored. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsumerValidationIT {

    @LocalServerPort
    int port;

    private final LocalIssuer issuer = new LocalIssuer(TestStack.env().settings());

    private HttpResponse<String> put(String cpf, String json) {
        return new ApiClient(port).put("/consumers/" + cpf, issuer.token("t", List.of("base-a:write", "base-a:read"),
                Duration.ofMinutes(5), LocalIssuer.AUDIENCE), json);
    }

    private long storedRows() {
        return JdbcClient.create(TestStack.env().postgresAdmin()).sql("SELECT (SELECT count(*) FROM base_a.consumer) + (SELECT count(*) FROM base_a.outbox)").query(Long.class).single();
    }

    @Test
    void rejectsCpfWithWrongCheckDigits() {
        long before = storedRows();

        HttpResponse<String> response = put("529.982.247-24", body("Ana", "10.00", "OPEN"));

        assertProblem(response, "\"field\":\"cpf\"");
        assertThat(response.body()).doesNotContain("529.982.247-24", "52998224724");
        assertThat(storedRows()).isEqualTo(before);
    }

    @Test
    void rejectsNegativeAmountNamingTheField() {
        long before = storedRows();

        assertProblem(put("529.982.247-25", body("Ana", "-5.00", "OPEN")), "\"field\":\"debts[0].amount\"");
        assertThat(storedRows()).isEqualTo(before);
    }

    @Test
    void rejectsUnknownEnumValueNamingTheField() {
        long before = storedRows();

        assertProblem(put("529.982.247-25", body("Ana", "5.00", "FORGOTTEN")), "debts[0].status");
        assertThat(storedRows()).isEqualTo(before);
    }

    @Test
    void rejectsMalformedJson() {
        long before = storedRows();

        assertProblem(put("529.982.247-25", "{\"name\": \"Ana\", "), "(body)");
        assertThat(storedRows()).isEqualTo(before);
    }

    @Test
    void rejectsMissingRequiredFields() {
        assertProblem(put("529.982.247-25", "{\"name\":\"\"}"), "\"field\":\"name\"");
    }

    @Test
    void unknownCpfIsNotFound() {
        HttpResponse<String> response = new ApiClient(port).get("/consumers/868.912.740-28",
                issuer.token("t", List.of("base-a:read"), Duration.ofMinutes(5), LocalIssuer.AUDIENCE));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"status\":404").doesNotContain("868.912.740-28");
    }

    private static void assertProblem(HttpResponse<String> response, String expected) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("\"status\":400", expected);
    }

    @Test
    void refusesOversizedBodyWith413BeforeReadingIt() {
        long before = storedRows();
        String huge = body("A".repeat(2_000_000), "10.00", "OPEN");

        HttpResponse<String> response = put("529.982.247-25", huge);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(storedRows()).isEqualTo(before);
    }
}
