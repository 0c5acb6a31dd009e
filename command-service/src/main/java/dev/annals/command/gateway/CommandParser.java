package dev.annals.command.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annals.core.AggregateType;
import dev.annals.core.Caller;
import dev.annals.core.ServerValues;
import dev.annals.core.problem.Problem;
import dev.annals.core.json.DomainJson;
import dev.annals.core.json.InvalidJsonException;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Reads a command body into the type's command record and validates it (Bean Validation on the record). Stricter
 * than reading events: a field the record does not have, a missing one, a wrong type or a fraction where a whole
 * number belongs is a 400, whatever annotations the domain wrote.
 */
@Singleton
public class CommandParser {

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private final Validator validator;
    private final Clock clock = Clock.systemUTC();
    private final RandomGenerator random = new SecureRandom();

    CommandParser(Validator validator) {
        this.validator = validator;
    }

    /** A valid command, and its JSON as the processor will read it. */
    public record Parsed(Object command, byte[] payload) {
    }

    /**
     * @param aggregateId the aggregate the command goes to, which the type's completion may use
     * @param caller      who sends it, which the type's completion may fill in
     */
    public Parsed parse(AggregateType<?, ?, ?> type, String commandName, byte[] body, String aggregateId,
                        Caller caller) {
        Class<?> commandClass = type.commandClass(commandName).orElseThrow();
        Set<String> generated = type.serverGenerated(commandName);
        Object command;
        try {
            byte[] json = body.length == 0 ? EMPTY_OBJECT : body;
            command = DomainJson.readComplete(generated.isEmpty() ? json : withServerSlots(json, generated),
                    commandClass);
        } catch (InvalidJsonException e) {
            Problem problem = Problem.of(400, "Bad Request", "INVALID_JSON", e.getMessage());
            throw new ProblemException(e.path().isEmpty() ? problem : problem.with("field", e.path()));
        }
        if (!generated.isEmpty()) {
            command = complete(type, command, ServerValues.of(aggregateId, clock.instant(), random, caller));
        }
        Set<ConstraintViolation<Object>> violations = validator.validate(command);
        if (!violations.isEmpty()) {
            List<Map<String, String>> fields = violations.stream()
                    .sorted(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                    .map(violation -> Map.of("field", violation.getPropertyPath().toString(),
                            "message", violation.getMessage()))
                    .toList();
            throw new ProblemException(Problem.of(400, "Bad Request", "INVALID_COMMAND",
                    commandName + " is not valid: " + fields.stream()
                            .map(field -> field.get("field") + " " + field.get("message")).toList())
                    .with("violations", fields));
        }
        byte[] payload = DomainJson.write(command);
        if (containsNul(DomainJson.readTree(payload))) {
            throw new ProblemException(Problem.of(400, "Bad Request", "INVALID_JSON",
                    "text may not contain the character U+0000 (NUL)"));
        }
        return new Parsed(command, payload);
    }

    /**
     * PostgreSQL's text and jsonb cannot hold U+0000: an event carrying one would be accepted here and then fail
     * in every projection that stores it. So no text of a command (value or key) may contain it.
     */
    private static boolean containsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') >= 0;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (names.next().indexOf('\u0000') >= 0) {
                return true;
            }
        }
        for (JsonNode child : node) {
            if (containsNul(child)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The body with {@code null} in each server-generated component, so that "every component present" still
     * holds for the client's part; a client that sets one is told it may not.
     */
    private static byte[] withServerSlots(byte[] json, Set<String> generated) {
        JsonNode tree = DomainJson.readTree(json);
        if (!(tree instanceof ObjectNode object)) {
            return json; // binding reports what is wrong with it
        }
        for (String name : generated) {
            if (object.has(name)) {
                throw new ProblemException(Problem.of(400, "Bad Request", "SERVER_GENERATED_FIELD",
                        name + " is chosen by the server; leave it out of the request").with("field", name));
            }
            object.putNull(name);
        }
        return DomainJson.write(object);
    }

    @SuppressWarnings("unchecked")
    private static <C> Object complete(AggregateType<C, ?, ?> type, Object command, ServerValues values) {
        return type.complete((C) command, values);
    }
}
