package io.consumidor.batchsupport.partition;

import org.junit.jupiter.api.Test;
import org.springframework.batch.integration.partition.StepExecutionRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The partition request's wire form: ids and a step name only, and anything else refused, never instantiated. */
class PartitionRequestsTest {

    @Test
    void aRequestRoundTripsAsTwoFields() {
        String body = PartitionRequests.write(new StepExecutionRequest("exportWorker", 42));
        assertThat(body).isEqualTo("{\"step\":\"exportWorker\",\"stepExecution\":42}");
        StepExecutionRequest read = PartitionRequests.read(body);
        assertThat(read.getStepName()).isEqualTo("exportWorker");
        assertThat(read.getStepExecutionId()).isEqualTo(42L);
    }

    @Test
    void whatIsNotARequestIsRefused() {
        for (String hostile : new String[]{"", "null", "[]", "{}", "{\"step\":\"x\"}", "{\"step\":\" \",\"stepExecution\":1}",
                "{\"step\":\"x\",\"stepExecution\":-1}", "{\"step\":\"x\",\"stepExecution\":\"1; DROP\"}",
                "{\"@class\":\"java.net.URL\",\"step\":\"x\",\"stepExecution\":1,\"extra\":{\"@type\":\"x\"}}", "not json"}) {
            assertThatThrownBy(() -> PartitionRequests.read(hostile)).as(hostile).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
