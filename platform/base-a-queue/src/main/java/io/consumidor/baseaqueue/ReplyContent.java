package io.consumidor.baseaqueue;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a reply says, sealed to the requester: a status (200, 400, 401, 403, 404, 409, 429, 503) with the answer —
 * the JSON Base A's REST API would return — or an RFC 9457-style problem that names what went wrong and never
 * echoes the request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplyContent(int status, JsonNode answer, Problem problem) {

    /** An error, shaped like RFC 9457's problem details. */
    public record Problem(String type, String title, int status, String detail) {
    }

    public static ReplyContent problem(int status, String title, String detail) {
        return new ReplyContent(status, null, new Problem("urn:consumidor:base-a-queue:" + status, title, status, detail));
    }

    /** A 200 around {@code answerJson} as it is: large answers are not parsed again just to be wrapped. */
    public static byte[] answer(byte[] answerJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(answerJson.length + 32);
        out.writeBytes("{\"status\":200,\"answer\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(answerJson);
        out.write('}');
        return out.toByteArray();
    }
}
