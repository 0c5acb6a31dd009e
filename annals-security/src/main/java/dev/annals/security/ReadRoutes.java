package dev.annals.security;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.regex.Pattern;

/**
 * The route a read rule names: the endpoint's path template, with the aggregate type filled in where the path
 * has one, e.g. {@code /api/bank/accounts/{id}} or {@code /api/bank-account/{id}/events}.
 */
final class ReadRoutes {

    /** {@code {id: [0-9]+}} → {@code {id}}: a rule names parameters, not their patterns. */
    private static final Pattern PARAMETER_PATTERN = Pattern.compile("\\{\\s*(\\w+)\\s*:[^}]*}");

    private ReadRoutes() {
    }

    static String of(ResourceInfo resource, MultivaluedMap<String, String> pathParameters) {
        String template = join(path(resource.getResourceClass().getAnnotation(Path.class)),
                path(resource.getResourceMethod().getAnnotation(Path.class)));
        template = PARAMETER_PATTERN.matcher(template).replaceAll("{$1}");
        String type = pathParameters.getFirst("type");
        return type == null ? template : template.replace("{type}", type);
    }

    private static String path(Path path) {
        return path == null ? "" : path.value();
    }

    private static String join(String first, String second) {
        String joined = ("/" + first + "/" + second).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
