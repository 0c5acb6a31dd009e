package dev.annals.command.gateway;

import dev.annals.core.problem.Problem;
import dev.annals.core.AggregateType;
import dev.annals.core.json.DomainJson;
import dev.annals.core.json.InvalidJsonException;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a command body into the type's command record and validates it (Bean Validation on the record). Stricter
 * than reading events: a field the record does not have, a missing one, a wrong type or a fraction where a whole
 * number belongs is a 400, whatever annotations the domain wrote.
 */
@Singleton
public class CommandParser {

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private final Validator validator;

    CommandParser(Validator validator) {
        this.validator = validator;
    }

    /** A valid command, and its JSON as the processor will read it. */
    public record Parsed(Object command, byte[] payload) {
    }

    public Parsed parse(AggregateType<?, ?, ?> type, String commandName, byte[] body) {
        Class<?> commandClass = type.commandClass(commandName).orElseThrow();
        Object command;
        try {
            command = DomainJson.readComplete(body.length == 0 ? EMPTY_OBJECT : body, commandClass);
        } catch (InvalidJsonException e) {
            Problem problem = Problem.of(400, "Bad Request", "INVALID_JSON", e.getMessage());
            throw new ProblemException(e.path().isEmpty() ? problem : problem.with("field", e.path()));
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
        return new Parsed(command, DomainJson.write(command));
    }
}
