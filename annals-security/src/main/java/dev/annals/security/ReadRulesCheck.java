package dev.annals.security;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every {@code annals.security.reads."<route>"} rule must name a read endpoint of this service. A rule with a typo —
 * {@code "/api/bank/acounts"} — would restrict nothing, and the route would fall back to the default roles (any
 * authenticated caller): a rule meant to close a read would leave it open. So the service does not start with one,
 * and says which routes there are.
 */
@Startup(1) // before anything waits for Kafka or the database: a configuration error is told at once
@Singleton
public class ReadRulesCheck {

    ReadRulesCheck(SecurityConfig config) {
        if (config.reads().isEmpty()) {
            return;
        }
        Set<String> templates = readTemplates(beanClasses());
        List<String> unknown = unknownRoutes(config.reads().keySet(), templates);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("annals.security.reads names routes this service does not serve: "
                    + unknown + "; its read routes are " + templates + " ({type} stands for an aggregate type)");
        }
    }

    /** A GET endpoint: its method and its path template, parameters without their patterns. */
    public record ReadEndpoint(Method method, String template) {
    }

    /** The classes of the service's beans: its REST resources among them. */
    public static List<Class<?>> beanClasses() {
        return Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE).stream()
                .<Class<?>>map(Bean::getBeanClass).distinct().toList();
    }

    /** The GET endpoints of these classes (those that are REST resources), in template order. */
    public static List<ReadEndpoint> readEndpoints(Collection<Class<?>> classes) {
        List<ReadEndpoint> endpoints = new ArrayList<>();
        for (Class<?> type : classes) {
            if (type.getAnnotation(Path.class) == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                if (method.isAnnotationPresent(GET.class)) {
                    endpoints.add(new ReadEndpoint(method, ReadRoutes.template(type, method)));
                }
            }
        }
        endpoints.sort(Comparator.comparing(ReadEndpoint::template));
        return endpoints;
    }

    /** The path templates of the GET endpoints of these classes (those that are REST resources). */
    static Set<String> readTemplates(Collection<Class<?>> classes) {
        Set<String> templates = new TreeSet<>();
        readEndpoints(classes).forEach(endpoint -> templates.add(endpoint.template()));
        return templates;
    }

    static List<String> unknownRoutes(Collection<String> routes, Collection<String> templates) {
        List<String> unknown = new ArrayList<>();
        for (String route : new TreeSet<>(routes)) {
            if (templates.stream().noneMatch(template -> ReadRoutes.names(template, route))) {
                unknown.add(route);
            }
        }
        return unknown;
    }
}
