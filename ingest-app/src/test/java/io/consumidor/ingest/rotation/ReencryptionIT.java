package io.consumidor.ingest.rotation;

import com.google.crypto.tink.KeysetHandle;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.ingest.crypto.BlindIndex;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.ingest.IngestProperties;
import io.consumidor.ingest.consumer.ConsumerRequest;
import io.consumidor.ingest.consumer.ConsumerService;
import io.consumidor.ingest.crypto.FieldEncryption;
import io.consumidor.ingest.crypto.Keysets;
import io.consumidor.ingest.crypto.Keysets.Kind;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
class ReencryptionIT {

    @Autowired
    ConsumerService consumers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IngestProperties properties;

    @Autowired
    BlindIndex blindIndex;

    @Autowired
    FieldEncryption encryption;

    @Test
    void afterARotationEveryCiphertextMovesToTheNewKeyAndStillDecrypts() throws Exception {
        consumers.register(TestCpfs.random(), request(), null);
        KeysetHandle current = Keysets.parse(Files.readString(properties.keys().devKeyDir().resolve("base-a-encryption.json")));
        KeysetHandle rotatedKeyset = Keysets.rotate(current, Kind.ENCRYPTION);
        FieldEncryption rotated = new FieldEncryption(rotatedKeyset);
        List<String> progress = new ArrayList<>();

        Reencryption.Result first;
        Reencryption.Result second;
        List<byte[]> names;
        try {
            first = new Reencryption(jdbc, rotated).run(progress::add);
            second = new Reencryption(jdbc, rotated).run(progress::add);
            names = jdbc.sql("SELECT name_ciphertext FROM base_a.consumer WHERE get_byte(name_ciphertext, 0) = 1 AND octet_length(name_ciphertext) > 5")
                    .query(byte[].class).list();
        } finally {
            // The shared database must stay readable with the development key: rotate back the same way.
            new Reencryption(jdbc, new FieldEncryption(primaryAgain(rotatedKeyset, current.getPrimary().getId()))).run(line -> { });
        }

        // Rows written by the privilege tests hold placeholder bytes, not ciphertext: counted as unreadable, not fatal.
        assertThat(first.consumersReencrypted()).isPositive();
        assertThat(first.consumersReencrypted() + first.consumersChanged() + first.debtsReencrypted() + first.unreadable())
                .isEqualTo(first.consumersScanned() + first.debtsScanned());
        assertThat(second.consumersReencrypted()).isZero();
        assertThat(second.debtsReencrypted()).isZero();
        assertThat(progress).anyMatch(line -> line.startsWith("consumers: "));
        assertThat(names).allSatisfy(name -> assertThat(FieldEncryption.keyIdOf(name)).isEqualTo(rotated.primaryKeyId()));
        assertThat(names).allSatisfy(name -> assertThat(rotated.decrypt("name", name)).isNotBlank());
    }

    @Test
    void aConsumerReplacedAfterThePageWasReadKeepsItsNewValues() {
        Cpf cpf = TestCpfs.random();
        consumers.register(cpf, request(), null);
        byte[] hmac = blindIndex.of(cpf);
        byte[] oldName = jdbc.sql("SELECT name_ciphertext FROM base_a.consumer WHERE cpf_hmac = ?").param(hmac).query(byte[].class).single();
        ConsumerRequest replacement = request();
        consumers.register(cpf, new ConsumerRequest("Nome Novo", replacement.address(), replacement.birthDate(), replacement.debts(),
                replacement.assets(), replacement.incomeSources()), 0L);

        // What a run that read the row at version 0 would write back: the old values, re-encrypted.
        Boolean written = jdbc.sql("""
                        SELECT base_a.reencrypt_consumer(cpf_hmac, 0, cpf_ciphertext, ?, address_ciphertext, birth_date_ciphertext)
                          FROM base_a.consumer WHERE cpf_hmac = ?""")
                .params(encryption.reencrypt("name", oldName), hmac).query(Boolean.class).single();

        assertThat(written).isFalse();
        byte[] name = jdbc.sql("SELECT name_ciphertext FROM base_a.consumer WHERE cpf_hmac = ?").param(hmac).query(byte[].class).single();
        assertThat(encryption.decrypt("name", name)).isEqualTo("Nome Novo");
    }

    private static KeysetHandle primaryAgain(KeysetHandle keyset, int keyId) throws Exception {
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
        for (int i = 0; i < builder.size(); i++) {
            if (keyset.getAt(i).getId() == keyId) {
                builder.getAt(i).makePrimary();
            }
        }
        return builder.build();
    }

    private static ConsumerRequest request() {
        return new ConsumerRequest("Rotação Teste", new ConsumerRequest.Address("Rua Dois", "2", null, "Natal", "RN", "59000000"),
                LocalDate.of(1975, 3, 3),
                List.of(new ConsumerRequest.Debt("11222333000181", new BigDecimal("12.00"), "BRL", LocalDate.of(2027, 1, 1),
                        ConsumerRequest.DebtStatus.OPEN, "CTR-ROT")),
                List.of(), List.of());
    }
}
