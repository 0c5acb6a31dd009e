package dev.annals.command.openapi;

import dev.annals.command.gateway.CommandResource;
import dev.annals.core.problem.Problem;
import dev.annals.core.AggregateTypes;
import dev.annals.core.AggregateId;
import dev.annals.core.AggregateType;
import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.Map;

/**
 * Lists every command of every aggregate type in the OpenAPI document, with the JSON Schema of its body, as if
 * each had its own endpoint; they all share {@link CommandResource}. Runs at start-up because the types are
 * only known then.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class CommandCatalog implements OASFilter {

    private static final String PROBLEM = "Problem";
    private static final String ACCEPTED = "CommandAccepted";

    private static final Map<String, String> ERRORS = Map.of(
            "400", "Malformed or invalid body, id or header (INVALID_JSON, INVALID_COMMAND, INVALID_ID, ...)",
            "404", "Unknown aggregate type or command",
            "409", "Rejected by the domain (its reason code) or VERSION_CONFLICT",
            "413", "Body over annals.gateway.max-body-size",
            "415", "Body is not application/json",
            "422", "Idempotency-Key first used for a different command",
            "503", "Kafka unreachable or the service starting; see Retry-After",
            "504", "No reply in time; the command may still be applied (retry with the same Idempotency-Key)");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        AggregateTypes types = Arc.container().instance(AggregateTypes.class).get();
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.addSchema(PROBLEM, problemSchema());
        components.addSchema(ACCEPTED, acceptedSchema());
        if (openAPI.getPaths() == null) {
            openAPI.setPaths(OASFactory.createPaths());
        }
        for (AggregateType<?, ?, ?> type : types.all()) {
            openAPI.addTag(OASFactory.createTag().name(type.name()).description("Commands of " + type.name()));
            for (String command : type.commandNames()) {
                String schemaName = type.name() + "." + command;
                Schema body = RecordSchemas.of(type.commandClass(command).orElseThrow());
                // what the server draws is not the client's to send
                for (String generated : type.serverGenerated(command)) {
                    body.removeProperty(generated);
                    body.removeRequired(generated);
                }
                components.addSchema(schemaName, body);
                openAPI.getPaths().addPathItem("/api/" + type.name() + "/{id}/" + command,
                        OASFactory.createPathItem().POST(operation(type.name(), command, schemaName)));
                if (type.creates(command)) {
                    openAPI.getPaths().addPathItem("/api/" + type.name() + "/" + command,
                            OASFactory.createPathItem().POST(creation(type.name(), command, schemaName)));
                }
            }
        }
    }

    private static Operation operation(String type, String command, String schemaName) {
        APIResponses responses = OASFactory.createAPIResponses()
                .addAPIResponse("200", OASFactory.createAPIResponse()
                        .description("Accepted: the new version and the events written. Headers: ETag (the version)"
                                + " and " + CommandResource.CONSISTENCY_TOKEN)
                        .content(json("application/json", ACCEPTED)));
        ERRORS.forEach((status, description) -> responses.addAPIResponse(status,
                OASFactory.createAPIResponse().description(description).content(json(Problem.MEDIA_TYPE, PROBLEM))));
        return OASFactory.createOperation()
                .operationId(type + "." + command)
                .summary(command + " a " + type)
                .addTag(type)
                .addParameter(OASFactory.createParameter().name("id").in(Parameter.In.PATH).required(true)
                        .description("the aggregate id")
                        .schema(OASFactory.createSchema().addType(SchemaType.STRING).minLength(1)
                                .maxLength(AggregateId.MAX_LENGTH).pattern("^[A-Za-z0-9._:-]+$")))
                .addParameter(OASFactory.createParameter().name(CommandResource.IDEMPOTENCY_KEY)
                        .in(Parameter.In.HEADER)
                        .description("a retry with the same key returns the first outcome and writes nothing")
                        .schema(OASFactory.createSchema().addType(SchemaType.STRING).maxLength(255)))
                .addParameter(OASFactory.createParameter().name("If-Match").in(Parameter.In.HEADER)
                        .description("the version the aggregate must be at, in quotes: \"3\" (\"0\": new)")
                        .schema(OASFactory.createSchema().addType(SchemaType.STRING)))
                .requestBody(OASFactory.createRequestBody().required(true).content(json("application/json",
                        schemaName)))
                .responses(responses);
    }

    /** The same command without an id: the server names the new aggregate. */
    private static Operation creation(String type, String command, String schemaName) {
        Operation withId = operation(type, command, schemaName);
        APIResponses responses = OASFactory.createAPIResponses()
                .addAPIResponse("201", OASFactory.createAPIResponse()
                        .description("Created: the new aggregate's id, version and events. Headers: Location"
                                + " (/api/" + type + "/{id}), ETag and " + CommandResource.CONSISTENCY_TOKEN)
                        .content(json("application/json", ACCEPTED)));
        withId.getResponses().getAPIResponses().forEach((status, response) -> {
            if (!status.equals("200")) {
                responses.addAPIResponse(status, response);
            }
        });
        return OASFactory.createOperation()
                .operationId(type + "." + command + ".new")
                .summary(command + " a new " + type + ", named by the server (from the Idempotency-Key if given)")
                .addTag(type)
                .parameters(withId.getParameters().stream().filter(parameter -> !"id".equals(parameter.getName()))
                        .toList())
                .requestBody(withId.getRequestBody())
                .responses(responses);
    }

    private static Content json(String mediaType, String schemaName) {
        return OASFactory.createContent().addMediaType(mediaType, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(schemaName)));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("RFC 9457 problem details; code is the stable machine-readable reason")
                .addProperty("type", string()).addProperty("title", string())
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER))
                .addProperty("code", string()).addProperty("detail", string());
    }

    private static Schema acceptedSchema() {
        Schema event = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("type", string())
                .addProperty("version", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int64"))
                .addProperty("data", OASFactory.createSchema().addType(SchemaType.OBJECT));
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("type", string()).addProperty("id", string())
                .addProperty("version", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int64"))
                .addProperty("events", OASFactory.createSchema().addType(SchemaType.ARRAY).items(event));
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(SchemaType.STRING);
    }
}
