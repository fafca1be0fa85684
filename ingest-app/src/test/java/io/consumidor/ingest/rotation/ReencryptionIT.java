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
import io.consumidor.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * In a database of its own: a re-encryption run walks every row it is given, and the test must see exactly
 * its own rows (and must not rewrite other tests' or a developer's).
 */
@SpringBootTest
class ReencryptionIT {

    private static final String DATABASE = TestDatabases.createPostgres("reencrypt_it");

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE);
    }

    @AfterAll
    static void dropDatabase() {
        TestDatabases.dropPostgres(DATABASE);
    }

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
        consumers.register(TestCpfs.random(), request(), null);
        long rows = jdbc.sql("SELECT count(*) FROM base_a.consumer").query(Long.class).single();
        long debts = jdbc.sql("SELECT count(*) FROM base_a.debt").query(Long.class).single();
        KeysetHandle current = Keysets.parse(Files.readString(properties.keys().devKeyDir().resolve("base-a-encryption.json")));
        KeysetHandle rotatedKeyset = Keysets.rotate(current, Kind.ENCRYPTION);
        FieldEncryption rotated = new FieldEncryption(rotatedKeyset);
        List<String> progress = new ArrayList<>();

        Reencryption.Result first;
        Reencryption.Result second;
        List<byte[][]> names;
        try {
            first = new Reencryption(jdbc, rotated).run(progress::add);
            second = new Reencryption(jdbc, rotated).run(progress::add);
            names = jdbc.sql("SELECT cpf_hmac, name_ciphertext FROM base_a.consumer")
                    .query((rs, n) -> new byte[][]{rs.getBytes(1), rs.getBytes(2)}).list();
        } finally {
            // The shared database must stay readable with the development key: rotate back the same way.
            new Reencryption(jdbc, new FieldEncryption(primaryAgain(rotatedKeyset, current.getPrimary().getId()))).run(line -> { });
        }

        assertThat(first.consumersScanned()).isEqualTo(rows);
        assertThat(first.consumersReencrypted()).isEqualTo(rows);
        assertThat(first.debtsReencrypted()).isEqualTo(debts);
        assertThat(first.unreadable()).isZero();
        assertThat(second.consumersReencrypted()).isZero();
        assertThat(second.debtsReencrypted()).isZero();
        assertThat(progress).anyMatch(line -> line.startsWith("consumers: "));
        assertThat(names).allSatisfy(name -> assertThat(FieldEncryption.keyIdOf(name[1])).isEqualTo(rotated.primaryKeyId()));
        assertThat(names).allSatisfy(name -> assertThat(rotated.decrypt("name", name[0], name[1])).isNotBlank());
    }

    @Test
    void aConsumerReplacedAfterThePageWasReadKeepsItsNewValues() {
        Cpf cpf = TestCpfs.random();
        consumers.register(cpf, request(), null);
        byte[] hmac = blindIndex.of(cpf);
        byte[] oldName = jdbc.sql("SELECT name_ciphertext FROM base_a.consumer WHERE cpf_hmac = ?").param(hmac).query(byte[].class).single();
        long readVersion = jdbc.sql("SELECT version FROM base_a.consumer WHERE cpf_hmac = ?").param(hmac).query(Long.class).single();
        ConsumerRequest replacement = request();
        consumers.register(cpf, new ConsumerRequest("Nome Novo", replacement.address(), replacement.birthDate(), replacement.debts(),
                replacement.assets(), replacement.incomeSources()), readVersion);

        // What a run that read the row at the first version would write back: the old values, re-encrypted.
        Boolean written = jdbc.sql("""
                        SELECT base_a.reencrypt_consumer(cpf_hmac, ?, cpf_ciphertext, ?, address_ciphertext, birth_date_ciphertext,
                                                         facts_ciphertext)
                          FROM base_a.consumer WHERE cpf_hmac = ?""")
                .params(readVersion, encryption.reencrypt("name", hmac, oldName), hmac).query(Boolean.class).single();

        assertThat(written).isFalse();
        byte[] name = jdbc.sql("SELECT name_ciphertext FROM base_a.consumer WHERE cpf_hmac = ?").param(hmac).query(byte[].class).single();
        assertThat(encryption.decrypt("name", hmac, name)).isEqualTo("Nome Novo");
    }

    @Test
    void aValueMovedOntoAnotherConsumersRowDoesNotDecryptAndAnUnboundOneIsBoundByTheRun() throws Exception {
        Cpf maria = TestCpfs.random();
        Cpf joao = TestCpfs.random();
        consumers.register(maria, request(), null);
        consumers.register(joao, request(), null);
        byte[] mariaName = jdbc.sql("SELECT name_ciphertext FROM base_a.consumer WHERE cpf_hmac = ?").param(blindIndex.of(maria))
                .query(byte[].class).single();

        // Whoever can write a row (here through the app role's own re-encryption function) moves Maria's name onto João's.
        assertThat(overwriteName(joao, mariaName)).isTrue();
        assertThatThrownBy(() -> consumers.find(joao, "test", "test", "credit")).hasMessageContaining("cannot decrypt name");

        // A value written before rows were bound (the column alone as associated data): the run binds it.
        KeysetHandle current = Keysets.parse(Files.readString(properties.keys().devKeyDir().resolve("base-a-encryption.json")));
        byte[] unbound = current.getPrimitive(com.google.crypto.tink.RegistryConfiguration.get(), com.google.crypto.tink.Aead.class)
                .encrypt("João Antigo".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "consumidor/base-a/name".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(overwriteName(joao, unbound)).isTrue();
        assertThatThrownBy(() -> consumers.find(joao, "test", "test", "credit")).hasMessageContaining("cannot decrypt name");

        Reencryption.Result run = new Reencryption(jdbc, encryption).run(line -> { });

        assertThat(run.consumersReencrypted()).isEqualTo(1);
        assertThat(consumers.find(joao, "test", "test", "credit").name()).isEqualTo("João Antigo");
    }

    private boolean overwriteName(Cpf cpf, byte[] name) {
        byte[] hmac = blindIndex.of(cpf);
        long version = jdbc.sql("SELECT version FROM base_a.consumer WHERE cpf_hmac = ?").param(hmac).query(Long.class).single();
        return jdbc.sql("""
                        SELECT base_a.reencrypt_consumer(cpf_hmac, ?, cpf_ciphertext, ?, address_ciphertext, birth_date_ciphertext,
                                                         facts_ciphertext)
                          FROM base_a.consumer WHERE cpf_hmac = ?""")
                .params(version, name, hmac).query(Boolean.class).single();
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
