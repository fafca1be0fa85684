package io.consumidor.query;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.testsupport.TestCpfs;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile bodies against both lookup endpoints ({@code POST /v1/features} and {@code POST
 * /v1/consumers/summary}), over real HTTP: a valid body's fields replaced by generated values of every JSON kind
 * (strings with control characters, odd Unicode, huge lengths; numbers, booleans, arrays, objects, null), dropped,
 * or joined by unknown fields; and bodies that are not JSON at all. Whatever the body: never a 5xx, every refusal an
 * RFC 9457 problem, and neither an answer nor the log echoes a CPF that was sent. The CPFs sent are valid and
 * unknown, so a well-formed body is a 404, not an answer. Tries: {@code consumidor.hostile.tries} (300).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.uri=${MONGODB_URI}_query_hostile", "spring.data.mongodb.uri=${MONGODB_URI}_query_hostile",
        "consumidor.namespace=" + HostileBodiesIT.NAMESPACE})
class HostileBodiesIT {

    static final String NAMESPACE = "qhostileit";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int TRIES = Integer.getInteger("consumidor.hostile.tries", 300);
    private static final Set<Integer> ALLOWED = Set.of(400, 404, 413, 415);

    @LocalServerPort int port;

    @BeforeAll
    static void activityQueue() {
        Fixture.createQueue(Queues.of(Feed.ACTIVITY, Namespace.of(NAMESPACE)));
    }

    @AfterAll
    static void clean() {
        Fixture.deleteQueue(Queues.of(Feed.ACTIVITY, Namespace.of(NAMESPACE)));
    }

    /** Any JSON value, hostile strings weighted in. */
    private static Arbitrary<Object> value() {
        Arbitrary<Object> strings = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.strings().all().ofMaxLength(80).map(s -> (Object) s)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withChars("0123456789.-/ ").ofMinLength(1).ofMaxLength(20).map(s -> (Object) s)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(60).ofMaxLength(5000).map(s -> (Object) s)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("credit-default-12m", "credit-scoring", "../credit-scoring", "CREDIT-SCORING",
                        "credit-scoring\u0000", "credit-analysis", " ", "", "\u202e", "${jndi:ldap://x}", "' OR 1=1 --").map(s -> (Object) s)));
        Arbitrary<Object> scalars = Arbitraries.oneOf(strings, Arbitraries.integers().map(i -> (Object) i), Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b), Arbitraries.just(null));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalars),
                net.jqwik.api.Tuple.of(1, scalars.list().ofMaxSize(4).map(l -> (Object) l)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.strings().alpha().ofLength(3), scalars).as((k, v) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put(k, v);
                    return (Object) m;
                })));
    }

    @Test
    void everyGeneratedBodyIsAProblemOrA404AndNoCpfIsEchoed(CapturedOutput output) throws Exception {
        String token = Fixture.token("features:read", "base-c:read", "rating:read");
        Random random = new Random(42);
        Arbitrary<Object> values = value();
        List<String> sent = new ArrayList<>();
        java.util.Iterator<Object> generated = values.sampleStream().iterator();
        for (int i = 0; i < TRIES; i++) {
            Cpf cpf = TestCpfs.random();
            sent.add(cpf.digits());
            boolean features = i % 2 == 0;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cpf", random.nextBoolean() ? cpf.digits() : cpf.formatted());
            if (features) {
                body.put("dataset", "credit-scoring");
            }
            body.put("purpose", "credit-analysis");
            List<String> fields = new ArrayList<>(body.keySet());
            String raw;
            switch (random.nextInt(5)) {
                case 0, 1 -> body.put(fields.get(random.nextInt(fields.size())), generated.next());
                case 2 -> body.remove(fields.get(random.nextInt(fields.size())));
                case 3 -> body.put(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).sample(), generated.next());
                default -> {
                }
            }
            raw = random.nextInt(10) == 0 ? JSON.writeValueAsString(body).substring(0, 1 + random.nextInt(10)) : JSON.writeValueAsString(body);
            HttpResponse<String> response = features ? Fixture.features(port, token, raw) : Fixture.summary(port, token, raw);
            assertThat(ALLOWED).as("%s -> %d %s", raw.length() > 300 ? raw.substring(0, 300) : raw, response.statusCode(), response.body())
                    .contains(response.statusCode());
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(raw).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
            assertThat(response.body()).as("no CPF echoed").doesNotContain(cpf.digits()).doesNotContain(cpf.formatted());
        }
        String log = output.getAll();
        assertThat(sent).allSatisfy(cpf -> assertThat(log).doesNotContain(cpf));
    }
}
