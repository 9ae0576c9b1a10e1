package dev.airlock.common.crypto;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.airlock.common.contract.GoldenFixtures;
import dev.airlock.common.contract.MessageCodec;
import dev.airlock.common.contract.TaskRequest;
import dev.airlock.common.contract.TestKeys;

class MessageVerifierTest {

    private static final Clock AT_ISSUE = Clock.fixed(Instant.parse("2026-11-22T10:20:00Z"), ZoneOffset.UTC);

    private final MessageVerifier verifier = new MessageVerifier(Map.of(TestKeys.KEY_ID, TestKeys.publicKey()),
            Duration.ofHours(1), AT_ISSUE);

    @Test
    void theGoldenRequestVerifies() {
        // Given
        ObjectNode tree = MessageCodec.readTree(GoldenFixtures.read(GoldenFixtures.TASK_REQUEST_TRAIN), "TaskRequest");

        // When / Then
        assertThatCode(() -> verifier.verify(tree, "TaskRequest")).doesNotThrowAnyException();
    }

    @Test
    void aSignatureMadeBySignerVerifiesAndCoversFieldsAddedLater() {
        // Given
        TaskRequest unsigned = MessageCodec.decode(GoldenFixtures.read(GoldenFixtures.TASK_REQUEST_TRAIN),
                TaskRequest.class).withSignature(null);
        TaskRequest signed = new MessageSigner(TestKeys.privateKey(), TestKeys.KEY_ID).sign(unsigned);
        ObjectNode tree = MessageCodec.toTree(signed);

        // When / Then
        assertThatCode(() -> verifier.verify(tree, "TaskRequest")).doesNotThrowAnyException();
        tree.put("addedLater", "x");
        assertThatThrownBy(() -> verifier.verify(tree, "TaskRequest"))
                .isInstanceOf(SignatureException.class)
                .hasMessage("TaskRequest signature does not verify with key 'test-hub-1'");
    }

    @Test
    void aTamperedRequestIsRefused() {
        // Given
        String json = new String(GoldenFixtures.read(GoldenFixtures.TASK_REQUEST_TRAIN), StandardCharsets.UTF_8)
                .replace("\"penguins\"", "\"payroll\"");
        ObjectNode tree = MessageCodec.readTree(json.getBytes(StandardCharsets.UTF_8), "TaskRequest");

        // When / Then
        assertThatThrownBy(() -> verifier.verify(tree, "TaskRequest"))
                .hasMessage("TaskRequest signature does not verify with key 'test-hub-1'");
    }

    @Test
    void aRequestSignedWithAnotherKeyIsRefused() {
        // Given
        TaskRequest golden = MessageCodec.decode(GoldenFixtures.read(GoldenFixtures.TASK_REQUEST_TRAIN),
                TaskRequest.class);
        TaskRequest signedByStranger = new MessageSigner(Ed25519Keys.generate().getPrivate(), TestKeys.KEY_ID)
                .sign(golden.withSignature(null));
        TaskRequest unknownKey = new MessageSigner(Ed25519Keys.generate().getPrivate(), "someone-else")
                .sign(golden.withSignature(null));

        // When / Then
        assertThatThrownBy(() -> verifier.verify(MessageCodec.toTree(signedByStranger), "TaskRequest"))
                .hasMessage("TaskRequest signature does not verify with key 'test-hub-1'");
        assertThatThrownBy(() -> verifier.verify(MessageCodec.toTree(unknownKey), "TaskRequest"))
                .hasMessage("TaskRequest is signed with unknown key id 'someone-else'");
    }

    @Test
    void unsignedAndStaleRequestsAreRefused() {
        // Given
        ObjectNode tree = MessageCodec.readTree(GoldenFixtures.read(GoldenFixtures.TASK_REQUEST_TRAIN), "TaskRequest");
        ObjectNode unsigned = tree.deepCopy();
        unsigned.remove("signature");
        MessageVerifier later = new MessageVerifier(Map.of(TestKeys.KEY_ID, TestKeys.publicKey()), Duration.ofHours(1),
                Clock.offset(AT_ISSUE, Duration.ofHours(2)));

        // When / Then
        assertThatThrownBy(() -> verifier.verify(unsigned, "TaskRequest")).hasMessage("TaskRequest is not signed");
        assertThatThrownBy(() -> later.verify(tree, "TaskRequest")).isInstanceOf(StaleMessageException.class)
                .hasMessage("TaskRequest is stale: issued 7470 s ago, the limit is 3600 s");
    }

    @Test
    void badKeysAreNamedBySetting() {
        assertThatThrownBy(() -> Ed25519Keys.decodePublic("bm90IGEga2V5", "AIRLOCK_TASK_VERIFY_KEY"))
                .hasMessage("AIRLOCK_TASK_VERIFY_KEY is not a base64 X.509 Ed25519 public key");
        assertThatThrownBy(() -> Ed25519Keys.decodePrivate("%%%", "AIRLOCK_TASK_SIGNING_KEY"))
                .hasMessage("AIRLOCK_TASK_SIGNING_KEY is not a base64 PKCS#8 Ed25519 private key");
    }
}
