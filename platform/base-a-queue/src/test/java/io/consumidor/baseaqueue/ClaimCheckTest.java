package io.consumidor.baseaqueue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimCheckTest {

    private final byte[] sealed = "sealed bytes of an answer".getBytes(StandardCharsets.UTF_8);

    @Test
    void aPointerNamesItsBytesBySizeAndTheKnownSha256() {
        QueueReply.ClaimCheck pointer = QueueReply.ClaimCheck.of("bucket", "base-a-queue/payloads/r1", sealed);

        assertThat(pointer.size()).isEqualTo(sealed.length);
        // sha256sum of the same 25 bytes, worked out apart from the code under test
        assertThat(pointer.sha256()).isEqualTo("a6f132ce30c2a5f29e13f97ef7a3ebbafb0384961d6e70b8754ebb9e7eae7f8a");
        assertThat(QueueReply.ClaimCheck.sha256(new byte[0])).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(pointer.matches(sealed.clone())).isTrue();
    }

    @Test
    void aChangedByteOrAnotherLengthDoesNotMatch() {
        QueueReply.ClaimCheck pointer = QueueReply.ClaimCheck.of("bucket", "key", sealed);
        byte[] flipped = sealed.clone();
        flipped[3] ^= 1;

        assertThat(pointer.matches(flipped)).isFalse();
        assertThat(pointer.matches(Arrays.copyOf(sealed, sealed.length - 1))).isFalse();
        assertThat(pointer.matches(Arrays.copyOf(sealed, sealed.length + 1))).isFalse();
    }

    @Test
    void aRequesterFetchesOnlyItsOwnRequestsObjectInItsBucket() {
        QueueReply.ClaimCheck own = QueueReply.ClaimCheck.of("bucket", BaseAQueue.payloadKey("r1"), sealed);

        assertThat(own.names("bucket", "r1", 1024)).isTrue();
        assertThat(own.names("other-bucket", "r1", 1024)).as("another bucket").isFalse();
        assertThat(own.names("bucket", "r2", 1024)).as("another request's object").isFalse();
        assertThat(own.names("bucket", "r1", sealed.length - 1)).as("larger than the limit").isFalse();
        assertThat(new QueueReply.ClaimCheck("bucket", "private/secrets", sealed.length, own.sha256()).names("bucket", "r1", 1024))
                .as("a key outside the payload prefix").isFalse();
        assertThat(new QueueReply.ClaimCheck("bucket", own.key(), 0, own.sha256()).names("bucket", "r1", 1024)).as("empty").isFalse();
        assertThat(new QueueReply.ClaimCheck("bucket", own.key(), sealed.length, "abc").names("bucket", "r1", 1024)).as("no hash").isFalse();
    }
}
