package io.consumidor.ingest.consumer;

import com.nimbusds.jwt.JWTClaimsSet;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The holes a check from outside found in Base A's API (each answered differently before its fix): a CNPJ
 * with wrong check digits reached the database's constraint and came back as Spring's default 500 body, whose
 * {@code path} echoed the CPF; a currency that is no ISO 4217 code was stored; a token without {@code exp} was
 * accepted; an enum error did not name the allowed values; a formatted CNPJ was refused while a formatted CPF
 * was accepted; an error outside the controllers answered with the path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReportedHolesIT {

    @LocalServerPort
    int port;

    private final LocalIssuer issuer = new LocalIssuer(TestStack.env().settings());

    private String token() {
        return issuer.token("t", List.of("base-a:write", "base-a:read"), Duration.ofMinutes(5), LocalIssuer.AUDIENCE);
    }

    private static String body(String cnpj, String currency, String status) {
        return """
                {"name":"Ana Lima","address":{"street":"Rua A","number":"1","complement":null,"city":"Recife","state":"PE","postalCode":"50000000"},
                 "birthDate":"1985-04-12",
                 "debts":[{"creditorCnpj":"%s","amount":10.00,"currency":"%s","dueDate":"2026-01-10","status":"%s","contractReference":"CTR-1"}],
                 "assets":[],"incomeSources":[]}""".formatted(cnpj, currency, status);
    }

    private long storedRows() {
        return JdbcClient.create(TestStack.env().postgresAdmin())
                .sql("SELECT (SELECT count(*) FROM base_a.consumer) + (SELECT count(*) FROM base_a.debt) + (SELECT count(*) FROM base_a.outbox)")
                .query(Long.class).single();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String cpfDigits) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("\"instance\":\"urn:request:").doesNotContain("\"path\"", cpfDigits);
    }

    @Test
    void aCnpjWithWrongCheckDigitsIsA400NamingTheFieldNotA500EchoingTheCpf() {
        String cpf = TestCpfs.random().digits();
        long before = storedRows();

        HttpResponse<String> response = new ApiClient(port).put("/consumers/" + cpf, token(), body("11222333000182", "BRL", "OPEN"));

        assertProblem(response, 400, cpf);
        assertThat(response.body()).contains("\"field\":\"debts[0].creditorCnpj\"", "check digits");
        assertThat(storedRows()).isEqualTo(before);
    }

    @Test
    void aCurrencyThatIsNoIso4217CodeIsRefused() {
        String cpf = TestCpfs.random().digits();
        long before = storedRows();

        HttpResponse<String> response = new ApiClient(port).put("/consumers/" + cpf, token(), body("11222333000181", "XYZ", "OPEN"));

        assertProblem(response, 400, cpf);
        assertThat(response.body()).contains("\"field\":\"debts[0].currency\"", "ISO 4217");
        assertThat(storedRows()).isEqualTo(before);
    }

    @Test
    void aTokenWithoutExpiryIsRefusedEvenWhenSignedByTheTrustedKey() {
        Instant now = Instant.now();
        String forever = issuer.sign(new JWTClaimsSet.Builder().issuer(LocalIssuer.ISSUER).audience(LocalIssuer.AUDIENCE)
                .subject("immortal").issueTime(Date.from(now)).claim("scope", "base-a:read").build());

        HttpResponse<String> response = new ApiClient(port).get("/consumers/529.982.247-25", forever);

        assertProblem(response, 401, "52998224725");
    }

    @Test
    void anUnknownEnumValueNamesTheAllowedValues() {
        String cpf = TestCpfs.random().digits();

        HttpResponse<String> response = new ApiClient(port).put("/consumers/" + cpf, token(), body("11222333000181", "BRL", "FORGOTTEN"));

        assertProblem(response, 400, cpf);
        assertThat(response.body()).contains("\"field\":\"debts[0].status\"", "must be one of [OPEN, DEFAULTED, RENEGOTIATED]")
                .doesNotContain("FORGOTTEN");
    }

    @Test
    void anUnknownFieldNamesTheKnownOnes() {
        String cpf = TestCpfs.random().digits();

        HttpResponse<String> response = new ApiClient(port).put("/consumers/" + cpf, token(),
                body("11222333000181", "BRL", "OPEN").replace("\"birthDate\"", "\"nickname\":\"x\",\"birthDate\""));

        assertProblem(response, 400, cpf);
        assertThat(response.body()).contains("\"field\":\"nickname\"", "known fields here: [address, assets, birthDate");
    }

    @Test
    void aFormattedCnpjIsAcceptedAsAFormattedCpfIsAndStoredAsDigits() {
        String cpf = TestCpfs.random().formatted();

        HttpResponse<String> response = new ApiClient(port).put("/consumers/" + cpf, token(), body("11.222.333/0001-81", "BRL", "OPEN"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).contains("\"creditorCnpj\":\"11222333000181\"");
    }

    @Test
    void anErrorRaisedOutsideTheControllersIsAProblemWithoutThePath() {
        String cpf = TestCpfs.random().digits();

        HttpResponse<String> response = new ApiClient(port).send("POST", "/consumers/" + cpf + "/debts/not-a-number/settle", token(), null,
                Map.of());
        HttpResponse<String> unknownRoute = new ApiClient(port).get("/consumers/" + cpf + "/nowhere/" + cpf, token());

        assertProblem(response, 400, cpf);
        assertThat(response.body()).contains("\"field\":\"debtId\"");
        assertThat(unknownRoute.statusCode()).isBetween(400, 499);
        assertThat(unknownRoute.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(unknownRoute.body()).doesNotContain(cpf, "\"path\"");
    }

    /**
     * Found by {@code HostileHttpIT} (shrunk to {@code GET /consumers/529.982.247%2F25}): Tomcat refuses an encoded
     * slash before any filter runs and answered with its own HTML page.
     */
    @Test
    void aPathTomcatRefusesIsAProblemNotTomcatsHtmlPage() {
        HttpResponse<String> response = new ApiClient(port).get("/consumers/529.982.247%2F25", token());

        assertThat(response.statusCode()).isEqualTo(400);
        assertProblem(response, 400, "52998224725");
        assertThat(response.body()).doesNotContain("529.982.247");
    }

    /**
     * Found by {@code HostileHttpIT}: the error controller appeared in the OpenAPI document, and asked for directly
     * answered 500. Now it is no route of the API at all: denied like any path outside the route table.
     */
    @Test
    void theErrorPathAskedForDirectlyIsRefused() {
        HttpResponse<String> response = new ApiClient(port).get("/error", token());

        assertProblem(response, 403, "52998224725");
    }
}
