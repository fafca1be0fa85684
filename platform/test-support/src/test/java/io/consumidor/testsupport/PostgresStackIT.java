package io.consumidor.testsupport;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresStackIT {

    private final StackEnv stack = TestStack.env();

    @Test
    void servesJdbcWithPgcryptoAvailable() throws Exception {
        try (Connection connection = DriverManager.getConnection(stack.postgresUrl(), stack.postgresUser(), stack.postgresPassword());
             Statement statement = connection.createStatement()) {
            statement.execute("create extension if not exists pgcrypto");

            try (ResultSet digest = statement.executeQuery("select encode(digest('abc', 'sha256'), 'hex')")) {
                digest.next();
                assertThat(digest.getString(1)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            }
            try (PreparedStatement roundTrip = connection.prepareStatement(
                    "select pgp_sym_decrypt(pgp_sym_encrypt(?, 'k3y'), 'k3y')")) {
                roundTrip.setString(1, "segredo");
                try (ResultSet plain = roundTrip.executeQuery()) {
                    plain.next();
                    assertThat(plain.getString(1)).isEqualTo("segredo");
                }
            }
            try (ResultSet version = statement.executeQuery("show server_version_num")) {
                version.next();
                assertThat(Integer.parseInt(version.getString(1))).isGreaterThanOrEqualTo(170000);
            }
        }
    }
}
