package dev.annals.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;

/**
 * Who may send which command and read what: roles per command and per read route, from configuration. A role
 * list of {@value AccessRules#ANY_CALLER} lets in every authenticated caller. Tokens themselves are verified by
 * SmallRye JWT ({@code mp.jwt.verify.*}). Every key is described in docs/configuration.md and docs/security.md.
 */
@ConfigMapping(prefix = "annals.security")
public interface SecurityConfig {

    /** The roles of a command or read route that no rule names: by default any authenticated caller. */
    @WithDefault(AccessRules.ANY_CALLER)
    List<String> defaultRoles();

    /**
     * Per aggregate type and command, the roles that may send it, e.g.
     * {@code annals.security.commands."bank-account".withdraw=customer,teller}.
     */
    Map<String, Map<String, List<String>>> commands();

    /**
     * Per read route, the roles that may read it, e.g. {@code annals.security.reads."/api/bank/accounts"=teller}.
     * A route is the endpoint's path template with the aggregate type filled in:
     * {@code /api/bank-account/{id}/events}.
     */
    Map<String, List<String>> reads();

    /**
     * Per aggregate type, its staff: the roles that read every item of the type and of its read models — any
     * account, every cart, the listings and streams of the whole type — e.g.
     * {@code annals.security.staff."bank-account"=teller}. Anyone else reads the items she owns only. A type no rule
     * names has no staff: its listings are nobody's (closed by default).
     */
    Map<String, List<String>> staff();

    /**
     * The longest {@code Authorization} header read; a longer one is refused (401) before it is parsed. The HTTP
     * server's header limit ({@code quarkus.http.limits.max-header-size}) is set above it, so that an oversized
     * token gets this clear answer rather than the server's bare 431.
     */
    @WithDefault("8192")
    int maxTokenSize();
}
