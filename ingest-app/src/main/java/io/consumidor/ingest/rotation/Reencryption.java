package io.consumidor.ingest.rotation;

import io.consumidor.ingest.crypto.FieldEncryption;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.function.Consumer;

/**
 * Moves every ciphertext of Base A to the primary key after a rotation: walks consumers and debts in id
 * pages (key-set pagination, so memory stays flat), re-encrypts only rows that still carry an old key id,
 * and writes them back through the schema's one-row functions. Safe to re-run: a finished run finds nothing.
 */
public final class Reencryption {

    private static final int PAGE = 500;

    private final JdbcClient jdbc;
    private final FieldEncryption encryption;

    public Reencryption(JdbcClient jdbc, FieldEncryption encryption) {
        this.jdbc = jdbc;
        this.encryption = encryption;
    }

    /** Rows looked at and rows rewritten. */
    public record Result(long consumersScanned, long consumersReencrypted, long debtsScanned, long debtsReencrypted,
                         long unreadable) {
    }

    private record ConsumerRow(long id, byte[] hmac, byte[] cpf, byte[] name, byte[] address, byte[] birthDate) {
    }

    private record DebtRow(long id, byte[] contract) {
    }

    public Result run(Consumer<String> progress) {
        long scanned = 0;
        long rewritten = 0;
        long unreadable = 0;
        long after = 0;
        List<ConsumerRow> page;
        while (!(page = consumers(after)).isEmpty()) {
            for (ConsumerRow row : page) {
                scanned++;
                after = row.id();
                try {
                    if (stale(row.cpf(), row.name(), row.address(), row.birthDate())) {
                        jdbc.sql("SELECT base_a.reencrypt_consumer(?, ?, ?, ?, ?)")
                                .params(row.hmac(), encryption.reencrypt("cpf", row.cpf()), encryption.reencrypt("name", row.name()),
                                        encryption.reencrypt("address", row.address()), encryption.reencrypt("birth_date", row.birthDate()))
                                .query(Boolean.class).single();
                        rewritten++;
                    }
                } catch (RuntimeException e) {
                    // Not decryptable with any key we hold: report it by row id (never its content) and go on.
                    unreadable++;
                    progress.accept("consumer row " + row.id() + " cannot be read: " + e.getMessage());
                }
            }
            progress.accept("consumers: " + scanned + " scanned, " + rewritten + " re-encrypted");
        }
        long debtsScanned = 0;
        long debtsRewritten = 0;
        after = 0;
        List<DebtRow> debts;
        while (!(debts = debts(after)).isEmpty()) {
            for (DebtRow row : debts) {
                debtsScanned++;
                after = row.id();
                try {
                    if (encryption.needsReencryption(row.contract())) {
                        jdbc.sql("SELECT base_a.reencrypt_debt(?, ?)").params(row.id(), encryption.reencrypt("contract", row.contract()))
                                .query(Boolean.class).single();
                        debtsRewritten++;
                    }
                } catch (RuntimeException e) {
                    unreadable++;
                    progress.accept("debt row " + row.id() + " cannot be read: " + e.getMessage());
                }
            }
            progress.accept("debts: " + debtsScanned + " scanned, " + debtsRewritten + " re-encrypted");
        }
        return new Result(scanned, rewritten, debtsScanned, debtsRewritten, unreadable);
    }

    private boolean stale(byte[]... ciphertexts) {
        for (byte[] ciphertext : ciphertexts) {
            if (encryption.needsReencryption(ciphertext)) {
                return true;
            }
        }
        return false;
    }

    private List<ConsumerRow> consumers(long after) {
        return jdbc.sql("""
                        SELECT id, cpf_hmac, cpf_ciphertext, name_ciphertext, address_ciphertext, birth_date_ciphertext
                          FROM base_a.consumer WHERE id > ? ORDER BY id LIMIT ?""")
                .params(after, PAGE)
                .query((rs, n) -> new ConsumerRow(rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4), rs.getBytes(5),
                        rs.getBytes(6)))
                .list();
    }

    private List<DebtRow> debts(long after) {
        return jdbc.sql("SELECT id, contract_ciphertext FROM base_a.debt WHERE id > ? ORDER BY id LIMIT ?")
                .params(after, PAGE)
                .query((rs, n) -> new DebtRow(rs.getLong(1), rs.getBytes(2)))
                .list();
    }
}
