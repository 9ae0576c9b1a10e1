package dev.airlock.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class MessageCodecTest {

    @Test
    void goldenTrainRequestDecodesToItsRecord() {
        // Given
        byte[] golden = GoldenFixtures.read(GoldenFixtures.TASK_REQUEST_TRAIN);

        // When
        TaskRequest request = MessageCodec.decode(golden, TaskRequest.class);

        // Then
        assertThat(request.schemaVersion()).isEqualTo(1);
        assertThat(request.taskId()).isEqualTo("5f0c7a1e-3b7d-4c2a-9a61-0d2b8f4e6c11");
        assertThat(request.type()).isEqualTo(TaskType.TRAIN);
        assertThat(request.dataSource()).isEqualTo("penguins");
        assertThat(request.modelConfig().path("synthesizer").asText()).isEqualTo("default");
        assertThat(request.parameters()).containsEntry("seed", 42);
        assertThat(request.output().prefix()).isEqualTo("projects/demo/tasks/5f0c7a1e-3b7d-4c2a-9a61-0d2b8f4e6c11/");
        assertThat(request.requestedBy().email()).isEqualTo("ada@example.org");
        assertThat(request.limits().maxDurationSeconds()).isEqualTo(3600);
        assertThat(request.issuedAt()).isEqualTo(Instant.parse("2026-11-22T10:15:30Z"));
        assertThat(request.signature().keyId()).isEqualTo(TestKeys.KEY_ID);
    }

    @Test
    void goldenEventsDecodeToTheirRecords() {
        // Given
        byte[] completed = GoldenFixtures.read(GoldenFixtures.TASK_EVENT_COMPLETED);
        byte[] error = GoldenFixtures.read(GoldenFixtures.TASK_EVENT_ERROR);
        byte[] active = GoldenFixtures.read(GoldenFixtures.TASK_EVENT_ACTIVE);

        // When
        TaskEvent completedEvent = MessageCodec.decode(completed, TaskEvent.class);
        TaskEvent errorEvent = MessageCodec.decode(error, TaskEvent.class);
        TaskEvent activeEvent = MessageCodec.decode(active, TaskEvent.class);

        // Then
        assertThat(completedEvent.state()).isEqualTo(TaskState.COMPLETED);
        assertThat(completedEvent.artifacts()).extracting(Artifact::name).containsExactly("model", "synthetic");
        assertThat(completedEvent.metrics()).containsEntry("rows.synthetic", 344.0);
        assertThat(errorEvent.error().code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(activeEvent.progress()).isEqualTo(new Progress("train", 0.5));
    }

    @Test
    void encodingTheDecodedRecordGivesTheGoldenJsonBack() throws Exception {
        // Given
        byte[] golden = GoldenFixtures.read(GoldenFixtures.TASK_EVENT_COMPLETED);
        TaskEvent event = MessageCodec.decode(golden, TaskEvent.class);

        // When
        byte[] encoded = MessageCodec.encode(event);

        // Then
        JsonNode expected = MessageCodec.mapper().readTree(golden);
        assertThat(MessageCodec.mapper().readTree(encoded)).isEqualTo(expected);
    }

    @Test
    void goldenHeartbeatAndSourceRequestRoundTrip() throws Exception {
        for (var fixture : List.of(Map.entry(GoldenFixtures.ZONE_HEARTBEAT, ZoneHeartbeat.class),
                Map.entry(GoldenFixtures.TASK_REQUEST_DATABASE_SOURCE, TaskRequest.class))) {
            // Given
            byte[] golden = GoldenFixtures.read(fixture.getKey());

            // When
            Object decoded = MessageCodec.decode(golden, fixture.getValue());

            // Then
            assertThat(MessageCodec.mapper().readTree(MessageCodec.encode(decoded)))
                    .isEqualTo(MessageCodec.mapper().readTree(golden));
        }
        TaskRequest request = MessageCodec.decode(GoldenFixtures.read(GoldenFixtures.TASK_REQUEST_DATABASE_SOURCE),
                TaskRequest.class);
        assertThat(request.source().jdbcUrl()).isEqualTo("jdbc:postgresql://db.zone.local:5432/sales");
        assertThat(request.source().credentials().keyId()).isEqualTo("3f1a9c0d5e7b2a64");
    }

    @Test
    void aSourceThatIsNotSafeToReachIsRefusedNamingTheField() {
        // Given
        String body = new String(GoldenFixtures.read(GoldenFixtures.TASK_REQUEST_DATABASE_SOURCE),
                java.nio.charset.StandardCharsets.UTF_8).replace("public.orders", "orders; drop table x");

        // When / Then
        assertThatThrownBy(() -> MessageCodec.decode(body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                TaskRequest.class)).isInstanceOf(ContractException.class)
                .hasMessage("TaskRequest.source: table must be table or schema.table (letters, digits, underscores)");
    }

    @Test
    void unknownFieldsAreIgnoredWithinTheMajorVersion() {
        // Given
        String json = new String(GoldenFixtures.read(GoldenFixtures.TASK_EVENT_ACTIVE), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"addedLater\": {\"x\": 1},");

        // When
        TaskEvent event = MessageCodec.decode(json.getBytes(StandardCharsets.UTF_8), TaskEvent.class);

        // Then
        assertThat(event.state()).isEqualTo(TaskState.ACTIVE);
    }

    @Test
    void anotherMajorVersionIsRefused() {
        // Given
        String json = new String(GoldenFixtures.read(GoldenFixtures.TASK_EVENT_ACTIVE), StandardCharsets.UTF_8)
                .replace("\"schemaVersion\": 1", "\"schemaVersion\": 2");

        // When / Then
        assertThatThrownBy(() -> MessageCodec.decode(json.getBytes(StandardCharsets.UTF_8), TaskEvent.class))
                .isInstanceOf(ContractException.class)
                .hasMessage("TaskEvent has schemaVersion 2, this zone reads 1");
    }

    @Test
    void malformedAndOversizedBodiesAreRefusedWithTheReason() {
        // Given
        byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
        byte[] oversized = new byte[Contract.MAX_MESSAGE_BYTES + 1];
        byte[] missingField = "{\"schemaVersion\":1,\"taskId\":\"5f0c7a1e-3b7d-4c2a-9a61-0d2b8f4e6c11\"}"
                .getBytes(StandardCharsets.UTF_8);

        // When / Then
        assertThatThrownBy(() -> MessageCodec.decode(notJson, TaskRequest.class))
                .hasMessage("TaskRequest is not valid JSON");
        assertThatThrownBy(() -> MessageCodec.decode(oversized, TaskRequest.class))
                .hasMessageContaining("more than the limit");
        assertThatThrownBy(() -> MessageCodec.decode(missingField, TaskRequest.class))
                .hasMessage("TaskRequest.project must be 1-63 lower-case letters, digits, dots, dashes or underscores");
    }

    @Test
    void anErrorEventNeedsACodeAndMetricsMustBeFinite() {
        // Given
        TaskEvent noCode = new TaskEvent(1, "5f0c7a1e-3b7d-4c2a-9a61-0d2b8f4e6c12",
                "5f0c7a1e-3b7d-4c2a-9a61-0d2b8f4e6c11", "default", TaskState.ERROR, Instant.now(), null, Map.of(),
                List.of(), null);
        TaskEvent infinite = new TaskEvent(1, "5f0c7a1e-3b7d-4c2a-9a61-0d2b8f4e6c12",
                "5f0c7a1e-3b7d-4c2a-9a61-0d2b8f4e6c11", "default", TaskState.COMPLETED, Instant.now(), null,
                Map.of("quality", Double.POSITIVE_INFINITY), List.of(), null);

        // When / Then
        assertThatThrownBy(() -> ContractValidator.validate(noCode))
                .hasMessage("TaskEvent.error.code is required in state error");
        assertThatThrownBy(() -> ContractValidator.validate(infinite))
                .hasMessage("TaskEvent.metrics.quality must be a finite number");
    }

    @Test
    void aGenerateTaskNamesItsFormatFromTheAllowedOnes() {
        // Given
        TaskRequest golden = MessageCodec.decode(GoldenFixtures.read(GoldenFixtures.TASK_REQUEST_TRAIN),
                TaskRequest.class);
        TaskRequest parquet = withTypeAndParameters(golden, TaskType.GENERATE, Map.of("format", "parquet"));
        TaskRequest xlsx = withTypeAndParameters(golden, TaskType.GENERATE, Map.of("format", "xlsx"));
        TaskRequest trainParquet = withTypeAndParameters(golden, TaskType.TRAIN, Map.of("format", "parquet"));

        // When / Then
        ContractValidator.validate(parquet);
        assertThat(OutputFormat.of(parquet.parameters()).fileName()).isEqualTo("synthetic.parquet");
        assertThat(OutputFormat.of(Map.of()).fileName()).isEqualTo(TaskPaths.SYNTHETIC);
        assertThat(OutputFormat.contentTypeOf("synthetic.jsonl")).isEqualTo("application/x-ndjson");
        assertThatThrownBy(() -> ContractValidator.validate(xlsx)).isInstanceOf(ContractException.class)
                .hasMessage("TaskRequest: parameter format must be one of csv, csv.gz, jsonl, parquet");
        assertThatThrownBy(() -> ContractValidator.validate(trainParquet))
                .hasMessage("TaskRequest: parameter format applies to generate tasks only");
    }

    private static TaskRequest withTypeAndParameters(TaskRequest request, TaskType type,
            Map<String, Object> parameters) {
        return new TaskRequest(request.schemaVersion(), request.taskId(), request.project(), type,
                request.dataSource(), request.source(), "5f0c7a1e-3b7d-4c2a-9a61-0d2b8f4e6c12", request.modelConfig(),
                parameters, request.output(), request.requestedBy(), request.limits(), request.issuedAt(), null);
    }

    @Test
    void statesOnlyMoveForward() {
        assertThat(TaskState.CREATED.canMoveTo(TaskState.PENDING)).isTrue();
        assertThat(TaskState.PENDING.canMoveTo(TaskState.COMPLETED)).isTrue();
        assertThat(TaskState.ACTIVE.canMoveTo(TaskState.PENDING)).isFalse();
        assertThat(TaskState.ACTIVE.canMoveTo(TaskState.ACTIVE)).isFalse();
        assertThat(TaskState.COMPLETED.canMoveTo(TaskState.ERROR)).isFalse();
        assertThat(TaskState.LOST.canMoveTo(TaskState.COMPLETED)).isFalse();
    }
}
