package io.consumidor.baseaqueue;

import com.google.crypto.tink.KeysetHandle;
import io.consumidor.core.wire.Namespace;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealingTest {

    private final KeysetHandle keys = Sealing.generate();
    private final byte[] secret = "{\"cpf\":\"52998224725\",\"name\":\"Maria\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void opensWhatWasSealedToItForTheSameRequest() throws GeneralSecurityException {
        byte[] sealed = Sealing.seal(Sealing.sealerTo(Sealing.publicKeyset(keys)), secret, "request-0001");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("52998224725", "Maria");
        assertThat(Sealing.open(Sealing.opener(keys), sealed, "request-0001")).isEqualTo(secret);
    }

    @Test
    void aSealedAnswerCannotBeReplayedAsAnotherRequestsOrOpenedByAnotherKey() {
        byte[] sealed = Sealing.seal(Sealing.sealerTo(Sealing.publicKeyset(keys)), secret, "request-0001");

        assertThatThrownBy(() -> Sealing.open(Sealing.opener(keys), sealed, "request-0002")).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> Sealing.open(Sealing.opener(Sealing.generate()), sealed, "request-0001"))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void thePublishedKeysetHoldsNoSecretAndGarbageIsRefused() {
        String published = Sealing.publicKeyset(keys);

        assertThat(published).contains("HpkePublicKey").doesNotContain("HpkePrivateKey");
        assertThatThrownBy(() -> Sealing.sealerTo("{\"not\":\"a keyset\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sealing.sealerTo(Sealing.privateKeysetJson(keys))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replyQueuesOutsideTheAllowListAreRefused() {
        Namespace test = Namespace.of("test");

        assertThat(BaseAQueue.replyQueues(test).matcher("test-consumidor-base-a-replies-desk-1").matches()).isTrue();
        assertThat(BaseAQueue.replyQueues(test).matcher("consumidor-base-a-replies-desk-1").matches()).isFalse();
        assertThat(BaseAQueue.replyQueues(test).matcher("test-consumidor-profile-events").matches()).isFalse();
        assertThat(BaseAQueue.replyQueues(test).matcher("test-consumidor-base-a-replies-x.fifo").matches()).isFalse();
        assertThatThrownBy(() -> BaseAQueue.replyQueue(test, "../profile")).isInstanceOf(IllegalArgumentException.class);
    }
}
