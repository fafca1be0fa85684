package io.consumidor.ingest.consumer;

import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer holds at most {@code max-debts-per-consumer} debts (3 here): one more is a 409 problem and nothing is
 * stored; and the debts a page asks for are read in SQL — a page past the end is empty, the total is the real one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"consumidor.ingest.max-debts-per-consumer=3", "consumidor.ingest.outbox.poll-interval=1h"})
class DebtLimitIT {

    private static final String DEBT = """
            {"creditorCnpj":"11222333000181","amount":10.00,"currency":"BRL","dueDate":"2026-01-10","status":"OPEN","contractReference":"CTR-%d"}""";

    @LocalServerPort
    int port;

    @Autowired
    ConsumerService consumers;

    private final LocalIssuer issuer = new LocalIssuer(TestStack.env().settings());

    private String token(String... scopes) {
        return issuer.token("test-client", List.of(scopes), Duration.ofMinutes(5), LocalIssuer.AUDIENCE);
    }

    @Test
    void theDebtPastTheCapIsRefusedAndPagesAreReadInSql() {
        var cpf = TestCpfs.random();
        ApiClient api = new ApiClient(port);
        HttpResponse<String> created = api.put("/consumers/" + cpf.digits(), token("base-a:write"), """
                {"name":"Ana","address":{"street":"Rua A","number":"1","complement":null,"city":"Recife","state":"PE","postalCode":"50000000"},
                 "birthDate":"1985-04-12","debts":[%s,%s],"assets":[],"incomeSources":[]}""".formatted(DEBT.formatted(1), DEBT.formatted(2)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        HttpResponse<String> third = api.send("POST", "/consumers/" + cpf.digits() + "/debts", token("base-a:write"), DEBT.formatted(3), Map.of());
        HttpResponse<String> fourth = api.send("POST", "/consumers/" + cpf.digits() + "/debts", token("base-a:write"), DEBT.formatted(4), Map.of());

        assertThat(third.statusCode()).as(third.body()).isEqualTo(201);
        assertThat(fourth.statusCode()).isEqualTo(409);
        assertThat(fourth.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(fourth.body()).contains("maximum of 3 debts").doesNotContain(cpf.digits());
        assertThat(api.send("POST", "/consumers/" + TestCpfs.random().digits() + "/debts", token("base-a:write"), DEBT.formatted(5), Map.of())
                .statusCode()).as("a consumer Base A does not hold").isEqualTo(404);

        ConsumerService.DebtsView first = consumers.debts(cpf, "test", "test-client", "credit", 0, 2);
        ConsumerService.DebtsView second = consumers.debts(cpf, "test", "test-client", "credit", 1, 2);
        ConsumerService.DebtsView past = consumers.debts(cpf, "test", "test-client", "credit", 7, 2);
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.debts()).extracting(ConsumerView.DebtView::contractReference).containsExactly("CTR-1", "CTR-2");
        assertThat(first.hasMore()).isTrue();
        assertThat(second.debts()).extracting(ConsumerView.DebtView::contractReference).containsExactly("CTR-3");
        assertThat(second.hasMore()).isFalse();
        assertThat(past.debts()).isEmpty();
        assertThat(past.total()).isEqualTo(3);
    }
}
