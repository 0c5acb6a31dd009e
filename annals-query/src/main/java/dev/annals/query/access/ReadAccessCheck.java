package dev.annals.query.access;

import dev.annals.core.AggregateTypes;
import dev.annals.query.consistency.ReadModel;
import dev.annals.security.ReadRulesCheck;
import dev.annals.security.ReadRulesCheck.ReadEndpoint;
import dev.annals.security.SecurityConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The read side is closed by default: a service does not start while one of its GET routes does not say who may
 * read it ({@link ReadAccess}), names a read model it does not declare or a path parameter it does not have, a
 * route of a shared model has no rule naming its readers, or {@code annals.security.staff} names a type it does not
 * serve. Each would leave a route open, or closed to everyone, by a slip nobody sees until it matters.
 */
@Startup(1) // before anything waits for the database: a configuration error is told at once
@Singleton
public class ReadAccessCheck {

    ReadAccessCheck(ReadModels models, SecurityConfig security, AggregateTypes types,
                    Instance<AggregateOwners> aggregateOwners) {
        List<String> problems = problems(ReadRulesCheck.readEndpoints(ReadRulesCheck.beanClasses()), models,
                security, types, aggregateOwners.isResolvable());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("who may read what is not clear: " + String.join("; ", problems)
                    + " (docs/security.md, the read side)");
        }
    }

    static List<String> problems(List<ReadEndpoint> endpoints, ReadModels models, SecurityConfig security,
                                 AggregateTypes types, boolean findsAggregateOwners) {
        List<String> problems = new ArrayList<>();
        for (ReadEndpoint endpoint : endpoints) {
            String route = "GET " + endpoint.template();
            ReadAccess access = endpoint.method().getAnnotation(ReadAccess.class);
            if (access == null) {
                problems.add(route + " does not say who may read it: declare @ReadAccess on "
                        + endpoint.method().getDeclaringClass().getSimpleName() + "." + endpoint.method().getName());
                continue;
            }
            Optional<ReadModel> model = models.named(access.model());
            if (model.isEmpty()) {
                problems.add(route + " reads " + access.model() + ", which no ReadModel bean declares (the read"
                        + " models are " + models.all().keySet() + ")");
                continue;
            }
            if (!access.item().isEmpty() && !endpoint.template().contains("{" + access.item() + "}")) {
                problems.add(route + " names its item by {" + access.item() + "}, which its path does not have");
            }
            if (model.get().readsEveryType() && !endpoint.template().contains("{type}")) {
                problems.add(route + " reads " + access.model() + ", a model of every type, without a {type} to say"
                        + " whose staff may read it");
            }
            if (model.get().ownership() instanceof Ownership.Shared
                    && security.reads().keySet().stream().noneMatch(endpoint.template()::equals)) {
                problems.add(route + " reads " + access.model() + ", whose items are shared: name the roles that"
                        + " read it, annals.security.reads.\"" + endpoint.template() + "\"");
            }
            if (model.get().ownership() instanceof Ownership.Aggregate && !findsAggregateOwners) {
                problems.add(route + " reads aggregates' items, and no AggregateOwners bean finds whose they are");
            }
        }
        security.staff().keySet().stream().filter(type -> types.find(type).isEmpty()).sorted().forEach(type ->
                problems.add("annals.security.staff names \"" + type + "\", which is not an aggregate type of this"
                        + " service (the types are " + types.names() + ")"));
        return problems;
    }
}
