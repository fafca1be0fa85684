package io.consumidor.stack;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The embedded stack's token issuer: an RSA key pair under {@code .pipeline/keys/} whose public half the
 * apps trust in local mode, and short-lived RS256 tokens for {@code ./pipeline token}. Production apps
 * trust a real issuer's JWKS instead; this key never leaves the developer's machine.
 */
public final class LocalIssuer {

    public static final String ISSUER = "consumidor-local";
    public static final String AUDIENCE = "consumidor";

    private final Path privateKeyFile;
    private final Path publicKeyFile;

    public LocalIssuer(StackSettings settings) {
        this.privateKeyFile = settings.stateDir().resolve("keys/jwt-signing-key.pem");
        this.publicKeyFile = settings.stateDir().resolve("keys/jwt-public-key.pem");
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** Creates the key pair on first use; returns true when it did. */
    public boolean ensureKeys() {
        if (Files.isRegularFile(privateKeyFile) && Files.isRegularFile(publicKeyFile)) {
            return false;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(privateKeyFile.getParent());
            // Owner-only from the first byte: created with mode 600 under a temporary name, written, then moved.
            Path temp = privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.move(temp, privateKeyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(publicKeyFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return true;
        } catch (GeneralSecurityException e) {
            throw new StackException("cannot generate the local JWT key pair: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String token(String subject, List<String> scopes, Duration ttl, String audience) {
        ensureKeys();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER).subject(subject).audience(audience)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", String.join(" ", scopes))
                .claim("azp", "pipeline-cli")
                .build();
        return sign(claims);
    }

    /** Signs any claims with the local key (tests use it to forge wrong issuers and the like). */
    public String sign(JWTClaimsSet claims) {
        ensureKeys();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("local").build(), claims);
        try {
            jwt.sign(new RSASSASigner(privateKey()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new StackException("cannot sign the token: " + e.getMessage(), e);
        }
    }

    private RSAPrivateKey privateKey() {
        try {
            String base64 = Files.readString(privateKeyFile).replaceAll("-----[A-Z ]+-----|\\s", "");
            return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException | GeneralSecurityException e) {
            throw new StackException("cannot read the local JWT signing key " + privateKeyFile + ": " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
