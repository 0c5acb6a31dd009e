package dev.annals.security;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
        String template = template(resource.getResourceClass(), resource.getResourceMethod());
        String type = pathParameters.getFirst("type");
        return type == null ? template : template.replace("{type}", type);
    }

    /** The path template of an endpoint, its parameters without their patterns: {@code /api/{type}/{id}/events}. */
    static String template(Class<?> resource, Method method) {
        String template = join(path(resource.getAnnotation(Path.class)), path(method.getAnnotation(Path.class)));
        return PARAMETER_PATTERN.matcher(template).replaceAll("{$1}");
    }

    /**
     * Whether a read rule's route names an endpoint of this template: the same path, any one segment standing for
     * {@code {type}}.
     */
    static boolean names(String template, String route) {
        String[] parts = template.split("\\{type}", -1);
        String pattern = Arrays.stream(parts).map(Pattern::quote).collect(Collectors.joining("[^/]+"));
        return route.matches(pattern);
    }

    private static String path(Path path) {
        return path == null ? "" : path.value();
    }

    private static String join(String first, String second) {
        String joined = ("/" + first + "/" + second).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
