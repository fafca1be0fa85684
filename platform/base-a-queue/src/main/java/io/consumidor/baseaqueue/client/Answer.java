package io.consumidor.baseaqueue.client;

import tools.jackson.databind.JsonNode;

/**
 * An opened answer: the JSON Base A's REST API would have returned for the same question.
 *
 * @param claimChecked true when the sealed answer came through S3 rather than inline
 * @param sealedBytes  the size of the sealed answer as it travelled
 */
public record Answer(String requestId, JsonNode body, boolean claimChecked, long sealedBytes) {
}
