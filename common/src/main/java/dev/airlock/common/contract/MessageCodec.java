package dev.airlock.common.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Turns contract records into JSON bytes and back. Decoding checks size, syntax, the major schema version and the
 * fields every message needs; unknown fields are ignored (additive changes within a major version).
 */
public final class MessageCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private MessageCodec() {
    }

    /** @return the mapper used for the wire format, for callers that need trees */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * @param message a contract record
     * @return its JSON as UTF-8
     */
    public static byte[] encode(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new ContractException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * @param body a message body
     * @param type the record type expected
     * @param <T> the record type
     * @return the decoded message
     * @throws ContractException when the body is too large, not JSON, of another major version, or misses a required
     *         field
     */
    public static <T> T decode(byte[] body, Class<T> type) {
        JsonNode tree = readTree(body, type.getSimpleName());
        T message;
        try {
            message = MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new ContractException(type.getSimpleName() + " does not fit the contract at "
                    + e.getOriginalMessage().replaceAll("\\s+", " ").split("\\(")[0].trim(), null);
        }
        ContractValidator.validate(message);
        return message;
    }

    /**
     * Reads a body as a JSON object and checks size and schema version.
     *
     * @param body a message body
     * @param typeName the record name, for messages
     * @return the JSON object
     */
    public static ObjectNode readTree(byte[] body, String typeName) {
        if (body == null || body.length == 0) {
            throw new ContractException(typeName + " is empty");
        }
        if (body.length > Contract.MAX_MESSAGE_BYTES) {
            throw new ContractException(typeName + " is " + body.length + " bytes, more than the limit of "
                    + Contract.MAX_MESSAGE_BYTES);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ContractException(typeName + " is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new ContractException(typeName + " is not a JSON object");
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.isInt()) {
            throw new ContractException(typeName + " has no integer schemaVersion");
        }
        if (version.intValue() != Contract.SCHEMA_VERSION) {
            throw new ContractException(typeName + " has schemaVersion " + version.intValue() + ", this zone reads "
                    + Contract.SCHEMA_VERSION);
        }
        return (ObjectNode) tree;
    }

    /**
     * The bytes a signature covers: the message's JSON object without its {@code signature} field, keys sorted at
     * every level, no white space. Computed on the tree, so fields a newer sender added are covered too.
     *
     * @param tree the message as a JSON object
     * @return the canonical UTF-8 bytes
     */
    public static byte[] canonicalBytes(ObjectNode tree) {
        ObjectNode copy = tree.deepCopy();
        copy.remove("signature");
        try {
            return MAPPER.writeValueAsString(sorted(copy)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new ContractException("cannot write canonical form", e);
        }
    }

    /**
     * @param message a contract record
     * @return its JSON object
     */
    public static ObjectNode toTree(Object message) {
        return MAPPER.valueToTree(message);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.put(field.getKey(), sorted(field.getValue()));
            }
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            fields.forEach(result::set);
            return result;
        }
        if (node.isArray()) {
            var result = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> result.add(sorted(element)));
            return result;
        }
        return node;
    }
}
