package io.consumidor.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class S3StackIT {

    private static final int PART = 5 * 1024 * 1024;

    private final StackEnv stack = TestStack.env();
    private final S3Client s3 = S3Client.builder()
            .endpointOverride(URI.create(stack.s3Endpoint()))
            .forcePathStyle(true)
            .region(Region.of(stack.awsRegion()))
            .credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(stack.awsAccessKeyId(), stack.awsSecretAccessKey())))
            .build();

    @AfterEach
    void closeClient() {
        s3.close();
    }

    @Test
    void multipartUploadThenRangedGetReturnsTheExactBytes() {
        String bucket = stack.s3Bucket();
        String key = "smoke/" + UUID.randomUUID() + ".bin";
        byte[] first = filled(PART, (byte) 'a');
        byte[] second = filled(1024, (byte) 'b');

        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int number = 1;
        for (byte[] part : List.of(first, second)) {
            int partNumber = number++;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));

        byte[] range = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)
                .range("bytes=" + (PART - 2) + "-" + (PART + 1))).asByteArray();
        long size = s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();

        assertThat(new String(range)).isEqualTo("aabb");
        assertThat(size).isEqualTo(PART + 1024L);
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    private static byte[] filled(int size, byte value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
