package dev.annals.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code openAPIV3Schema} of a custom resource definition, as a validator that also refuses what the API server
 * would prune or refuse: a field the schema does not name (a misspelling) fails, except where the schema keeps
 * unknown fields on purpose ({@code x-kubernetes-preserve-unknown-fields}, as a topic's {@code config}).
 */
final class CrdSchemas {

    private static final ObjectMapper YAML = new YAMLMapper();
    /** Jackson 2's JSON, which hands the documents to the validator's Jackson 3 as text. */
    private static final ObjectMapper TEXT = new ObjectMapper();
    private static final tools.jackson.databind.ObjectMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    private CrdSchemas() {
    }

    /** The schema of {@code version} of the CRD at {@code resource} on the class path, made strict. */
    static Schema of(String resource, String version) {
        try (InputStream in = CrdSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            JsonNode crd = YAML.readTree(in);
            for (JsonNode served : crd.path("spec").path("versions")) {
                if (version.equals(served.path("name").asText())) {
                    JsonNode schema = served.path("schema").path("openAPIV3Schema").deepCopy();
                    strict(schema);
                    return SCHEMAS.getSchema(JSON.readTree(TEXT.writeValueAsString(schema)));
                }
            }
            throw new IllegalStateException(resource + " serves no version " + version);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** What is wrong with {@code resource} by {@code schema}: empty when it is valid. */
    static List<String> problems(Schema schema, Map<String, Object> resource) {
        try {
            return schema.validate(JSON.readTree(TEXT.writeValueAsString(resource))).stream()
                    .map(error -> error.getInstanceLocation() + ": " + error.getMessage()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot convert " + resource.get("kind"), e);
        }
    }

    /** Every object schema that lists its properties admits no other, unless it says it keeps unknown fields. */
    private static void strict(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                strict(fields.next().getValue());
            }
        } else if (schema != null && schema.isArray()) {
            schema.forEach(CrdSchemas::strict);
        }
    }
}
