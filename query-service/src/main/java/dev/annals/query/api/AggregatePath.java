package dev.annals.query.api;

import dev.annals.core.AggregateId;
import dev.annals.core.AggregateType;
import dev.annals.core.AggregateTypes;
import dev.annals.query.web.Printable;
import dev.annals.query.web.ProblemException;

/** The {@code {type}/{id}} of a generic read path, checked: a known aggregate type and a well-formed id. */
public record AggregatePath(AggregateType<?, ?, ?> type, String id) {

    /**
     * @throws ProblemException 404 {@code UNKNOWN_TYPE}, 400 {@code INVALID_ID}
     */
    public static AggregatePath of(AggregateTypes types, String typeName, String id) {
        AggregateType<?, ?, ?> type = typeOf(types, typeName);
        if (!AggregateId.isValid(id)) {
            throw ProblemException.badRequest("INVALID_ID", "an aggregate id is 1-" + AggregateId.MAX_LENGTH
                    + " characters of A-Z a-z 0-9 . _ : -");
        }
        return new AggregatePath(type, id);
    }

    /** @throws ProblemException 404 {@code UNKNOWN_TYPE} */
    public static AggregateType<?, ?, ?> typeOf(AggregateTypes types, String typeName) {
        return types.find(typeName).orElseThrow(() -> ProblemException.notFound("UNKNOWN_TYPE",
                "there is no aggregate type \"" + Printable.of(typeName) + "\"; the types are "
                        + types.names()));
    }

    public String typeName() {
        return type.name();
    }

    @Override
    public String toString() {
        return type.name() + " " + id;
    }
}
