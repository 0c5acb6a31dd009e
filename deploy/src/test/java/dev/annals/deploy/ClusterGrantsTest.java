package dev.annals.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.annals.devstack.postgres.DatabaseGrants;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CloudNativePG Cluster grants the roles exactly what devstack grants them: its bootstrap SQL is the
 * statements of security/database-grants.sql, after the two statements that make the login roles it then
 * manages.
 */
class ClusterGrantsTest {

    @Test
    void the_clusters_bootstrap_sql_is_the_repositorys_grants() throws Exception {
        JsonNode cluster = new YAMLMapper().readTree(RenderedOverlays.DEPLOY.resolve("base/postgres/cluster.yaml")
                .toFile());
        List<String> sql = new ArrayList<>();
        cluster.path("spec").path("bootstrap").path("initdb").path("postInitApplicationSQL")
                .forEach(statement -> sql.add(statement.asText().strip()));
        List<String> managedRoles = new ArrayList<>();
        cluster.path("spec").path("managed").path("roles").forEach(role -> managedRoles.add(role.path("name").asText()));

        assertThat(sql.subList(0, managedRoles.size())).containsExactlyElementsOf(
                managedRoles.stream().map(role -> "CREATE ROLE " + role + " NOLOGIN").toList());
        assertThat(sql.subList(managedRoles.size(), sql.size())).containsExactlyElementsOf(DatabaseGrants.statements());
    }
}
