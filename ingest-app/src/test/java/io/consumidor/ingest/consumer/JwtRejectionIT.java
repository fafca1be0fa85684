package io.consumidor.ingest.consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way a token can be wrong is refused with 401 (or 403 for a missing scope), as a problem. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtRejectionIT {

    private static final String PATH = "/consumers/529.982.247-25";

    @LocalServerPort
    int port;

    private final LocalIssuer issuer = new LocalIssuer(TestStack.env().settings());

    private JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(LocalIssuer.ISSUER).audience(LocalIssuer.AUDIENCE).subject("intruder")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("scope", "base-a:read");
    }

    private HttpResponse<String> get(String token) {
        return new ApiClient(port).get(PATH, token);
    }

    private void assertUnauthorized(String token) {
        HttpResponse<String> response = get(token);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(response.body()).contains("\"instance\":\"urn:request:").doesNotContain("529.982.247-25");
    }

    @Test
    void rejectsMissingToken() {
        assertUnauthorized(null);
    }

    @Test
    void rejectsGarbageToken() {
        assertUnauthorized("not-a-jwt");
    }

    @Test
    void rejectsExpiredToken() {
        Instant past = Instant.now().minusSeconds(3600);
        assertUnauthorized(issuer.sign(validClaims().issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))).build()));
    }

    @Test
    void rejectsWrongIssuer() {
        assertUnauthorized(issuer.sign(validClaims().issuer("https://evil.example").build()));
    }

    @Test
    void rejectsWrongAudience() {
        assertUnauthorized(issuer.sign(validClaims().audience("another-service").build()));
    }

    @Test
    void rejectsTokenSignedByAnotherKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), validClaims().build());
        jwt.sign(new RSASSASigner(generator.generateKeyPair().getPrivate()));
        assertUnauthorized(jwt.serialize());
    }

    @Test
    void rejectsUnsignedAlgNoneToken() {
        assertUnauthorized(new PlainJWT(validClaims().build()).serialize());
    }

    @Test
    void rejectsHmacTokenSignedWithThePublicKey() throws Exception {
        byte[] publicKeyPem = Files.readAllBytes(issuer.publicKeyFile());
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), validClaims().build());
        jwt.sign(new MACSigner(publicKeyPem));
        assertUnauthorized(jwt.serialize());
    }

    @Test
    void rejectsTokenWithoutTheOperationsScope() {
        HttpResponse<String> response = get(issuer.token("reader-of-nothing", List.of("base-a:write"), Duration.ofMinutes(5),
                LocalIssuer.AUDIENCE));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void eraseNeedsTheEraseScopeEvenWithWrite() {
        HttpResponse<String> response = new ApiClient(port).send("DELETE", PATH,
                issuer.token("writer", List.of("base-a:write", "base-a:read"), Duration.ofMinutes(5), LocalIssuer.AUDIENCE),
                null, java.util.Map.of());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void openApiDocumentIsServedToAuthenticatedCallersOnly() {
        String token = issuer.token("reader", List.of("base-a:read"), Duration.ofMinutes(5), LocalIssuer.AUDIENCE);

        HttpResponse<String> anonymous = new ApiClient(port).get("/v3/api-docs", null);
        HttpResponse<String> document = new ApiClient(port).get("/v3/api-docs", token);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"openapi\"", "/consumers/{cpf}", "/events", "/consumers/{cpf}/debts/{debtId}/settle");
    }
}
