package io.consumidor.apisecurity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared decoder refuses every token the APIs must refuse, and takes the one they must take. */
class BearerTokensTest {

    @TempDir
    static Path keys;
    private static KeyPair trusted;
    private static KeyPair foreign;
    private static JwtDecoder decoder;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        trusted = generator.generateKeyPair();
        foreign = generator.generateKeyPair();
        Path pem = keys.resolve("public.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(trusted.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        decoder = BearerTokens.decoder(new BearerTokens.Trust("issuer-a", "audience-a", "file:" + pem, null), "test.jwt");
    }

    private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("issuer-a").audience(List.of("audience-a")).subject("client-1")
                .claim("scope", "base-c:read").issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 60_000));
        return change.apply(claims).build();
    }

    private static String rs256(KeyPair keys, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        return jwt.serialize();
    }

    @Test
    void aWellFormedTokenOfTheTrustedIssuerIsTaken() throws Exception {
        assertThat(decoder.decode(rs256(trusted, claims(c -> c))).getSubject()).isEqualTo("client-1");
    }

    @Test
    void everyBadTokenIsRefused() throws Exception {
        String noExpiry = rs256(trusted, claims(c -> c.expirationTime(null)));
        String expired = rs256(trusted, claims(c -> c.expirationTime(new Date(System.currentTimeMillis() - 600_000))));
        String wrongIssuer = rs256(trusted, claims(c -> c.issuer("issuer-b")));
        String wrongAudience = rs256(trusted, claims(c -> c.audience(List.of("audience-b"))));
        String foreignKey = rs256(foreign, claims(c -> c));
        String none = new PlainJWT(new PlainHeader(), claims(c -> c)).serialize();
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(c -> c));
        hmac.sign(new MACSigner(padded(trusted.getPublic().getEncoded()))); // "algorithm confusion": the public key as HMAC secret
        String tampered = rs256(trusted, claims(c -> c));
        tampered = tampered.substring(0, tampered.length() - 4) + (tampered.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (String token : List.of(noExpiry, expired, wrongIssuer, wrongAudience, foreignKey, none, hmac.serialize(), tampered, "not-a-token")) {
            assertThatThrownBy(() -> decoder.decode(token)).as(token).isInstanceOf(JwtException.class);
        }
    }

    @Test
    void aTokenLivingLongerThanAnHourOrOfAnotherTypeIsRefused() throws Exception {
        long hour = 3_600_000;
        String dayLong = rs256(trusted, claims(c -> c.expirationTime(new Date(System.currentTimeMillis() + 24 * hour))));
        String issuedLongAgo = rs256(trusted, claims(c -> c.issueTime(new Date(System.currentTimeMillis() - 2 * hour))));
        SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("id_token+jwt")).build(),
                claims(c -> c));
        idToken.sign(new RSASSASigner((RSAPrivateKey) trusted.getPrivate()));
        String anHour = rs256(trusted, claims(c -> c.expirationTime(new Date(System.currentTimeMillis() + hour - 60_000))));

        for (String token : List.of(dayLong, issuedLongAgo, idToken.serialize())) {
            assertThatThrownBy(() -> decoder.decode(token)).as(token).isInstanceOf(JwtException.class);
        }
        assertThat(decoder.decode(anHour).getSubject()).isEqualTo("client-1");
    }

    @Test
    void noKeyConfiguredNamesTheSettingToFix() {
        assertThatThrownBy(() -> BearerTokens.decoder(new BearerTokens.Trust("i", "a", null, null), "consumidor.query.jwt"))
                .hasMessageContaining("consumidor.query.jwt.public-key-location");
    }

    private static byte[] padded(byte[] key) {
        return key.length >= 32 ? key : java.util.Arrays.copyOf(key, 32);
    }
}
