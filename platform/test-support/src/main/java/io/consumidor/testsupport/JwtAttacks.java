package io.consumidor.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.consumidor.stack.LocalIssuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The known ways a bearer token can be wrong, by name, for every API's rejection suite and generated-input
 * tests: each must be refused with a 401 problem (a missing scope with 403). Built on the local issuer, so
 * "signed by the trusted key" really is.
 */
public final class JwtAttacks {

    private final LocalIssuer issuer;
    private final String audience;
    private final PrivateKey foreignKey;

    public JwtAttacks(LocalIssuer issuer) {
        this(issuer, LocalIssuer.AUDIENCE);
    }

    /** Attacks on tokens meant for {@code audience} (the Base A queue's own, say). */
    public JwtAttacks(LocalIssuer issuer, String audience) {
        this.issuer = issuer;
        this.audience = audience;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.foreignKey = generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims of a token the API accepts, for the given scopes. */
    public JWTClaimsSet.Builder validClaims(List<String> scopes) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(LocalIssuer.ISSUER).audience(audience).subject("attacker")
                .jwtID(java.util.UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("scope", String.join(" ", scopes));
    }

    public String valid(List<String> scopes) {
        return issuer.sign(validClaims(scopes).build());
    }

    /** Every attack token, by name; each carries the scopes, so only the flaw named is wrong with it. */
    public Map<String, String> all(List<String> scopes) {
        Instant past = Instant.now().minusSeconds(3600);
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("missing", null);
        attacks.put("garbage", "not-a-jwt");
        attacks.put("empty", "");
        attacks.put("expired", issuer.sign(validClaims(scopes).issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))).build()));
        attacks.put("no exp", issuer.sign(new JWTClaimsSet.Builder(validClaims(scopes).build()).expirationTime(null).build()));
        attacks.put("not yet valid", issuer.sign(validClaims(scopes).notBeforeTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build()));
        attacks.put("wrong issuer", issuer.sign(validClaims(scopes).issuer("https://evil.example").build()));
        attacks.put("wrong audience", issuer.sign(validClaims(scopes).audience("another-service").build()));
        attacks.put("no audience", issuer.sign(new JWTClaimsSet.Builder(validClaims(scopes).build()).audience((String) null).build()));
        attacks.put("foreign key", sign(new RSASSASigner(foreignKey), JWSAlgorithm.RS256, validClaims(scopes).build()));
        attacks.put("alg none", new PlainJWT(validClaims(scopes).build()).serialize());
        attacks.put("hmac with the public key", hmacWithPublicKey(validClaims(scopes).build()));
        String valid = valid(scopes);
        attacks.put("tampered payload", valid.substring(0, valid.indexOf('.') + 1) + base64("{\"iss\":\"" + LocalIssuer.ISSUER
                + "\",\"aud\":\"" + audience + "\",\"scope\":\"" + String.join(" ", scopes) + " admin\",\"exp\":9999999999}")
                + valid.substring(valid.lastIndexOf('.')));
        attacks.put("truncated signature", valid.substring(0, valid.length() - 10));
        attacks.put("huge", "x".repeat(20_000));
        return attacks;
    }

    private String hmacWithPublicKey(JWTClaimsSet claims) {
        try {
            return sign(new MACSigner(Files.readAllBytes(issuer.publicKeyFile())), JWSAlgorithm.HS256, claims);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(com.nimbusds.jose.JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(String json) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
