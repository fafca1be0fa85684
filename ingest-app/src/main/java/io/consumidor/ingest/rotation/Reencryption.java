package io.consumidor.ingest.rotation;

import io.consumidor.ingest.crypto.FieldEncryption;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Moves every ciphertext of Base A to the primary key after a rotation, bound to its row: walks consumers and
 * debts in id pages (key-set pagination, so memory stays flat), re-encrypts only rows that still carry an old key
 * id or a value written before rows were bound (the column alone as associated data),
 * and writes each page back in one statement through the schema's one-row functions (one round trip and one
 * commit per page, not per row). A consumer is written back only if its version is still the one read, so a
 * replacement made meanwhile is never undone. Safe to re-run: a finished run finds nothing.
 */
public final class Reencryption {

    private static final int PAGE = 500;
    /** Rows between progress lines (a multiple of the page). */
    private static final int PROGRESS_EVERY = 20 * PAGE;

    private final JdbcClient jdbc;
    private final FieldEncryption encryption;

    public Reencryption(JdbcClient jdbc, FieldEncryption encryption) {
        this.jdbc = jdbc;
        this.encryption = encryption;
    }

    /**
     * Rows looked at and rows rewritten; {@code consumersChanged} were replaced while the run held them and
     * were left as the app wrote them (a re-run re-encrypts them if they are still under an old key).
     */
    public record Result(long consumersScanned, long consumersReencrypted, long consumersChanged, long debtsScanned,
                         long debtsReencrypted, long unreadable) {
    }

    /** {@code facts} is null for a consumer registered before Base A kept its facts. */
    private record ConsumerRow(long id, byte[] hmac, long version, byte[] cpf, byte[] name, byte[] address, byte[] birthDate,
                               byte[] facts) {
    }

    /** @param consumerHmac the owning consumer's blind index, which the contract reference is bound to */
    private record DebtRow(long id, byte[] consumerHmac, byte[] contract) {
    }

    public Result run(Consumer<String> progress) {
        long scanned = 0;
        long rewritten = 0;
        long changed = 0;
        long unreadable = 0;
        long after = 0;
        List<ConsumerRow> page;
        while (!(page = consumers(after)).isEmpty()) {
            List<ConsumerRow> renewed = new ArrayList<>();
            for (ConsumerRow row : page) {
                scanned++;
                after = row.id();
                try {
                    byte[] key = row.hmac();
                    if (stale(key, "cpf", row.cpf()) || stale(key, "name", row.name()) || stale(key, "address", row.address())
                            || stale(key, "birth_date", row.birthDate()) || stale(key, "facts", row.facts())) {
                        renewed.add(new ConsumerRow(row.id(), key, row.version(), encryption.reencrypt("cpf", key, row.cpf()),
                                encryption.reencrypt("name", key, row.name()), encryption.reencrypt("address", key, row.address()),
                                encryption.reencrypt("birth_date", key, row.birthDate()),
                                row.facts() == null ? null : encryption.reencrypt("facts", key, row.facts())));
                    }
                } catch (RuntimeException e) {
                    // Not decryptable with any key we hold: report it by row id (never its content) and go on.
                    unreadable++;
                    progress.accept("consumer row " + row.id() + " cannot be read: " + e.getMessage());
                }
            }
            long written = writeConsumers(renewed);
            rewritten += written;
            changed += renewed.size() - written;
            if (scanned % PROGRESS_EVERY == 0 || page.size() < PAGE) {
                progress.accept("consumers: " + scanned + " scanned, " + rewritten + " re-encrypted"
                        + (changed > 0 ? ", " + changed + " changed meanwhile (left as written)" : ""));
            }
        }
        long debtsScanned = 0;
        long debtsRewritten = 0;
        after = 0;
        List<DebtRow> debts;
        while (!(debts = debts(after)).isEmpty()) {
            List<DebtRow> renewed = new ArrayList<>();
            for (DebtRow row : debts) {
                debtsScanned++;
                after = row.id();
                try {
                    if (stale(row.consumerHmac(), "contract", row.contract())) {
                        renewed.add(new DebtRow(row.id(), row.consumerHmac(), encryption.reencrypt("contract", row.consumerHmac(), row.contract())));
                    }
                } catch (RuntimeException e) {
                    unreadable++;
                    progress.accept("debt row " + row.id() + " cannot be read: " + e.getMessage());
                }
            }
            // A debt erased meanwhile is simply not found; its contract reference never changes otherwise.
            debtsRewritten += writeDebts(renewed);
            if (debtsScanned % PROGRESS_EVERY == 0 || debts.size() < PAGE) {
                progress.accept("debts: " + debtsScanned + " scanned, " + debtsRewritten + " re-encrypted");
            }
        }
        return new Result(scanned, rewritten, changed, debtsScanned, debtsRewritten, unreadable);
    }

    /** One statement for the page; returns how many rows were still at the version read, and so rewritten. */
    private long writeConsumers(List<ConsumerRow> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        SELECT count(*) FILTER (WHERE base_a.reencrypt_consumer(r.hmac, r.version, r.cpf, r.name, r.address, r.birth_date,
                                                                                 r.facts))
                          FROM unnest(?::bytea[], ?::bigint[], ?::bytea[], ?::bytea[], ?::bytea[], ?::bytea[], ?::bytea[])
                               AS r(hmac, version, cpf, name, address, birth_date, facts)""")
                .params(rows.stream().map(ConsumerRow::hmac).toArray(byte[][]::new),
                        rows.stream().map(ConsumerRow::version).toArray(Long[]::new),
                        rows.stream().map(ConsumerRow::cpf).toArray(byte[][]::new),
                        rows.stream().map(ConsumerRow::name).toArray(byte[][]::new),
                        rows.stream().map(ConsumerRow::address).toArray(byte[][]::new),
                        rows.stream().map(ConsumerRow::birthDate).toArray(byte[][]::new),
                        rows.stream().map(ConsumerRow::facts).toArray(byte[][]::new))
                .query(Long.class).single();
    }

    private long writeDebts(List<DebtRow> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        SELECT count(*) FILTER (WHERE base_a.reencrypt_debt(r.id, r.contract))
                          FROM unnest(?::bigint[], ?::bytea[]) AS r(id, contract)""")
                .params(rows.stream().map(DebtRow::id).toArray(Long[]::new), rows.stream().map(DebtRow::contract).toArray(byte[][]::new))
                .query(Long.class).single();
    }

    private boolean stale(byte[] row, String field, byte[] ciphertext) {
        return ciphertext != null && encryption.needsReencryption(field, row, ciphertext);
    }

    private List<ConsumerRow> consumers(long after) {
        return jdbc.sql("""
                        SELECT id, cpf_hmac, version, cpf_ciphertext, name_ciphertext, address_ciphertext, birth_date_ciphertext,
                               facts_ciphertext
                          FROM base_a.consumer WHERE id > ? ORDER BY id LIMIT ?""")
                .params(after, PAGE)
                .query((rs, n) -> new ConsumerRow(rs.getLong(1), rs.getBytes(2), rs.getLong(3), rs.getBytes(4), rs.getBytes(5),
                        rs.getBytes(6), rs.getBytes(7), rs.getBytes(8)))
                .list();
    }

    private List<DebtRow> debts(long after) {
        return jdbc.sql("""
                        SELECT d.id, c.cpf_hmac, d.contract_ciphertext
                          FROM base_a.debt d JOIN base_a.consumer c ON c.id = d.consumer_id
                         WHERE d.id > ? ORDER BY d.id LIMIT ?""")
                .params(after, PAGE)
                .query((rs, n) -> new DebtRow(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)))
                .list();
    }
}
