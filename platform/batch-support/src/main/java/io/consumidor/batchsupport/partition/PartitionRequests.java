package io.consumidor.batchsupport.partition;

import org.springframework.batch.integration.partition.StepExecutionRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A partition request on the wire: Spring Batch's {@link StepExecutionRequest} — the worker step's name and the step
 * execution's id, nothing else — as a small JSON body, {@code {"step":"ratingWorker","stepExecution":42}}. Everything a
 * worker needs (the subject range, the job's parameters) it reads from the job repository by that id, so a partition
 * message carries no personal data and a forged one can only name a step execution that exists and is unclaimed.
 */
public final class PartitionRequests {

    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private PartitionRequests() {
    }

    /** The request's body. */
    public static String write(StepExecutionRequest request) {
        return JSON.writeValueAsString(new Body(request.getStepName(), request.getStepExecutionId()));
    }

    /** The request a body holds; {@link IllegalArgumentException} when it holds none. */
    public static StepExecutionRequest read(String body) {
        try {
            Body parsed = JSON.readValue(body, Body.class);
            if (parsed == null || parsed.step() == null || parsed.step().isBlank() || parsed.stepExecution() == null || parsed.stepExecution() < 1) {
                throw new IllegalArgumentException("a partition request names a step and a step execution");
            }
            return new StepExecutionRequest(parsed.step(), parsed.stepExecution());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a partition request: " + e.getOriginalMessage());
        }
    }

    record Body(String step, Long stepExecution) {
    }
}
