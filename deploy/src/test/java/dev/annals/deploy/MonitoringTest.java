package dev.annals.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.annals.deploy.RenderedManifestsTest.copy;
import static dev.annals.deploy.RenderedManifestsTest.find;
import static dev.annals.deploy.RenderedManifestsTest.name;
import static dev.annals.deploy.RenderedManifestsTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring component, as production with every component renders it: every Deployment is scraped on its
 * management port, a kube-prometheus-stack Prometheus selects every monitor and the rule, the rule has an alert for
 * each thing an operator must be woken for, every expression parses (promtool), and every metric an alert reads
 * is one the services or Kafka's exporter rules make. Each check is also shown to catch what it is for.
 */
class MonitoringTest {

    /** The label a kube-prometheus-stack Prometheus selects monitors and rules by: its Helm release's name. */
    private static final String RELEASE = "kube-prometheus-stack";

    /**
     * The namespace an object gets when it names none: an object of a component gets none from the base's
     * kustomization, and kubectl puts it in the namespace it applies to, which must be the system's.
     */
    private static final String APPLIED_NAMESPACE = "annals";

    /** What an operator must be woken for, and the alerts that say it (docs/alerts.md). */
    private static final Map<String, List<String>> CONCERNS = concerns();

    private static final Path REPOSITORY = RenderedOverlays.DEPLOY.getParent();
    private static final ObjectMapper YAML = new YAMLMapper();

    private static final List<Map<String, Object>> OBJECTS = RenderedOverlays.render("production+components");

    private static Map<String, List<String>> concerns() {
        Map<String, List<String>> concerns = new LinkedHashMap<>();
        concerns.put("consumer lag growing", List.of("AnnalsConsumerLagGrowing", "AnnalsConsumerStalled"));
        concerns.put("dead letters appearing", List.of("AnnalsDeadLetters", "AnnalsCommandDeadLetters"));
        concerns.put("command processor not RUNNING or restoring for long", List.of("AnnalsCommandProcessorNotRunning",
                "AnnalsCommandProcessorRestoringLong"));
        concerns.put("under-replicated partitions", List.of("KafkaUnderReplicatedPartitions", "KafkaUnderMinIsrPartitions"));
        concerns.put("offline partitions", List.of("KafkaOfflinePartitions"));
        concerns.put("no active controller", List.of("KafkaNoActiveController"));
        concerns.put("disk filling", List.of("KafkaVolumeFillingUp", "PostgresVolumeFillingUp",
                "AnnalsStateVolumeFillingUp"));
        concerns.put("5xx rates of the APIs", List.of("AnnalsApiServerErrors"));
        concerns.put("PostgreSQL down", List.of("PostgresDown"));
        concerns.put("PostgreSQL replication lag", List.of("PostgresReplicationLag"));
        concerns.put("PostgreSQL connections near max_connections", List.of("PostgresConnectionsNearMax"));
        concerns.put("PostgreSQL's WAL archive (the backups) failing", List.of("PostgresWalArchivingFailing"));
        concerns.put("PostgreSQL's base backups failing or stale", List.of("PostgresBackupStale",
                "PostgresBackupFailed"));
        return concerns;
    }

    @Test
    void every_deployment_is_scraped_on_its_management_port() {
        assertThat(new Rendered(OBJECTS).workloads()).extracting(RenderedManifestsTest::name)
                .contains("command-service", "projection-service", "query-service", "payment-service");
        assertThat(unscraped(OBJECTS)).isEmpty();
    }

    @Test
    void a_deployment_no_monitor_scrapes_or_scraped_on_another_port_is_caught() {
        List<Map<String, Object>> objects = copy(OBJECTS);
        objects.remove(find(objects, "ServiceMonitor", "payment-service"));
        endpoints(find(objects, "ServiceMonitor", "command-service")).get(0).put("port", "http");
        assertThat(unscraped(objects)).containsExactlyInAnyOrder(
                "StatefulSet command-service is scraped on its management port by no ServiceMonitor or PodMonitor",
                "Deployment payment-service is scraped on its management port by no ServiceMonitor or PodMonitor");
    }

    @Test
    void every_monitor_and_rule_carries_the_release_label() {
        assertThat(OBJECTS).filteredOn(object -> "PodMonitor".equals(object.get("kind"))).extracting(RenderedManifestsTest::name)
                .containsExactlyInAnyOrder("kafka", "annals-db");
        assertThat(withoutReleaseLabel(OBJECTS)).isEmpty();

        List<Map<String, Object>> objects = copy(OBJECTS);
        labels(find(objects, "PodMonitor", "kafka")).remove("release");
        labels(find(objects, "PrometheusRule", "annals")).put("release", "prometheus");
        assertThat(withoutReleaseLabel(objects)).containsExactly(
                "PodMonitor kafka has no label release: " + RELEASE,
                "PrometheusRule annals has no label release: " + RELEASE);
    }

    @Test
    void the_rule_has_an_alert_for_each_concern() {
        assertThat(missingConcerns(rules(OBJECTS))).isEmpty();

        List<Map<String, Object>> objects = copy(OBJECTS);
        rules(objects).stream().filter(rule -> "KafkaNoActiveController".equals(rule.get("alert"))).findFirst()
                .orElseThrow().put("alert", "KafkaControllerCount");
        assertThat(missingConcerns(rules(objects)))
                .containsExactly("no alert KafkaNoActiveController for: no active controller");
    }

    @Test
    void every_alert_has_a_severity_and_a_section_of_docs_alerts_md() throws IOException {
        Set<String> sections = sections(Files.readString(REPOSITORY.resolve("docs/alerts.md")));
        assertThat(unexplained(rules(OBJECTS), sections)).isEmpty();

        List<Map<String, Object>> objects = copy(OBJECTS);
        Map<String, Object> rule = rules(objects).stream().filter(r -> "PostgresDown".equals(r.get("alert")))
                .findFirst().orElseThrow();
        map(rule, "labels").put("severity", "page");
        map(rule, "annotations").put("runbook_url", "docs/alerts.md#postgres-down");
        assertThat(unexplained(rules(objects), sections)).containsExactly(
                "PostgresDown has severity page, not critical or warning",
                "PostgresDown's runbook_url docs/alerts.md#postgres-down names no section of docs/alerts.md");
    }

    @Test
    void every_expression_parses() {
        Map<String, Object> rule = find(OBJECTS, "PrometheusRule", "annals");
        assertThat(promtool(rule).problems()).as("promtool check rules").isEmpty();

        Map<String, Object> broken = copy(rule);
        rules(List.of(broken)).stream().filter(r -> "KafkaOfflinePartitions".equals(r.get("alert"))).findFirst()
                .orElseThrow().put("expr", "max(kafka_controller_kafkacontroller_offlinepartitionscount > 0");
        PromtoolResult result = promtool(broken);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("KafkaOfflinePartitions").contains("unclosed left parenthesis");
    }

    @Test
    void the_kafka_metrics_of_the_alerts_are_ones_the_exporter_rules_make() {
        assertThat(metrics(rules(OBJECTS), "kafka_")).contains("kafka_server_replicamanager_underreplicatedpartitions",
                "kafka_controller_kafkacontroller_offlinepartitionscount",
                "kafka_controller_kafkacontroller_activecontrollercount", "kafka_log_log_logendoffset");
        assertThat(unmadeKafkaMetrics(OBJECTS)).isEmpty();

        List<Map<String, Object>> objects = copy(OBJECTS);
        rules(objects).stream().filter(r -> "KafkaOfflinePartitions".equals(r.get("alert"))).findFirst().orElseThrow()
                .put("expr", "kafka_controller_kafkacontroller_offlinepartitions > 0");
        assertThat(unmadeKafkaMetrics(objects)).containsExactly("KafkaOfflinePartitions reads"
                + " kafka_controller_kafkacontroller_offlinepartitions, which no rule of ConfigMap kafka-metrics makes");
    }

    @Test
    void the_postgres_metrics_of_the_alerts_are_ones_cloudnative_pg_makes() {
        assertThat(metrics(rules(OBJECTS), "cnpg_")).contains("cnpg_collector_up", "cnpg_pg_replication_lag",
                "cnpg_backends_total", "cnpg_pg_stat_archiver_last_failed_time");
        assertThat(metrics(rules(OBJECTS), "barman_cloud_"))
                .contains("barman_cloud_cloudnative_pg_io_last_available_backup_timestamp");
        assertThat(unmadePostgresMetrics(rules(OBJECTS))).isEmpty();

        List<Map<String, Object>> objects = copy(OBJECTS);
        rules(objects).stream().filter(r -> "PostgresReplicationLag".equals(r.get("alert"))).findFirst()
                .orElseThrow().put("expr", "cnpg_pg_replication_lag_seconds > 60");
        assertThat(unmadePostgresMetrics(rules(objects))).containsExactly("PostgresReplicationLag reads"
                + " cnpg_pg_replication_lag_seconds, which neither CloudNativePG's default queries nor its backup"
                + " plugin make");
    }

    @Test
    void the_annals_metrics_of_the_alerts_are_meters_of_the_services() {
        Set<String> meters = serviceMeters();
        assertThat(metrics(rules(OBJECTS), "annals_")).contains("annals_projection_lag", "annals_projection_dead_letters",
                "annals_projection_events_total");
        assertThat(unknownServiceMetrics(rules(OBJECTS), meters)).isEmpty();

        List<Map<String, Object>> objects = copy(OBJECTS);
        rules(objects).stream().filter(r -> "AnnalsDeadLetters".equals(r.get("alert"))).findFirst().orElseThrow()
                .put("expr", "delta(annals_projection_deadletters[15m]) > 0");
        assertThat(unknownServiceMetrics(rules(objects), meters)).containsExactly(
                "AnnalsDeadLetters reads annals_projection_deadletters, which no meter of the services makes");
    }

    // ---- every Deployment is scraped

    static List<String> unscraped(List<Map<String, Object>> objects) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> deployment : new Rendered(objects).workloads()) {
            boolean scraped = ofKind(objects, "ServiceMonitor").stream()
                    .anyMatch(monitor -> scrapesThroughAService(monitor, deployment, objects))
                    || ofKind(objects, "PodMonitor").stream().anyMatch(monitor -> scrapesPods(monitor, deployment));
            if (!scraped) {
                problems.add(Rendered.named(deployment) + " is scraped on its management port by no ServiceMonitor or PodMonitor");
            }
        }
        return problems;
    }

    /** A Service the monitor selects sends one of its endpoints' ports to the pods' management port. */
    private static boolean scrapesThroughAService(Map<String, Object> monitor, Map<String, Object> deployment,
                                                  List<Map<String, Object>> objects) {
        Map<String, Object> pod = podTemplate(deployment);
        for (Map<String, Object> service : ofKind(objects, "Service")) {
            if (!namespace(service).equals(namespace(deployment)) || !watches(monitor, namespace(service))
                    || !selects(map(spec(monitor), "selector"), labels(service))
                    || !contains(labels(pod), stringMap(spec(service).get("selector")))) {
                continue;
            }
            for (Map<String, Object> endpoint : endpoints(monitor)) {
                for (Map<String, Object> port : list(spec(service), "ports")) {
                    if (String.valueOf(port.get("name")).equals(endpoint.get("port"))
                            && managementPort(pod, port.get("targetPort"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean scrapesPods(Map<String, Object> monitor, Map<String, Object> deployment) {
        Map<String, Object> pod = podTemplate(deployment);
        return watches(monitor, namespace(deployment)) && selects(map(spec(monitor), "selector"), labels(pod))
                && list(spec(monitor), "podMetricsEndpoints").stream()
                .anyMatch(endpoint -> managementPort(pod, endpoint.get("port")));
    }

    /** {@code port}, a name or a number, is the pod's container port named management. */
    private static boolean managementPort(Map<String, Object> pod, Object port) {
        for (Map<String, Object> container : list(map(pod, "spec"), "containers")) {
            for (Map<String, Object> containerPort : list(container, "ports")) {
                if ("management".equals(containerPort.get("name")) && ("management".equals(port)
                        || String.valueOf(containerPort.get("containerPort")).equals(String.valueOf(port)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A monitor looks in its own namespace unless its namespaceSelector says otherwise. */
    private static boolean watches(Map<String, Object> monitor, String namespace) {
        Map<String, Object> selector = map(spec(monitor), "namespaceSelector");
        if (Boolean.TRUE.equals(selector.get("any"))) {
            return true;
        }
        if (selector.containsKey("matchNames")) {
            return ((List<?>) selector.get("matchNames")).contains(namespace);
        }
        return namespace(monitor).equals(namespace);
    }

    /** matchLabels only: a selector with matchExpressions is not understood here, so it selects nothing. */
    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.containsKey("matchExpressions") && !selector.isEmpty()
                && contains(labels, stringMap(selector.get("matchLabels")));
    }

    private static boolean contains(Map<String, Object> labels, Map<String, Object> wanted) {
        return !wanted.isEmpty() && wanted.entrySet().stream()
                .allMatch(label -> String.valueOf(label.getValue()).equals(String.valueOf(labels.get(label.getKey()))));
    }

    // ---- the release label

    static List<String> withoutReleaseLabel(List<Map<String, Object>> objects) {
        return objects.stream().filter(object -> Set.of("ServiceMonitor", "PodMonitor", "PrometheusRule")
                        .contains(object.get("kind")))
                .filter(object -> !RELEASE.equals(labels(object).get("release")))
                .map(object -> object.get("kind") + " " + name(object) + " has no label release: " + RELEASE)
                .toList();
    }

    // ---- the alerts

    static List<String> missingConcerns(List<Map<String, Object>> rules) {
        Set<Object> alerts = new TreeSet<>();
        rules.forEach(rule -> {
            if (rule.get("alert") != null) {
                alerts.add(rule.get("alert"));
            }
        });
        List<String> problems = new ArrayList<>();
        CONCERNS.forEach((concern, names) -> names.stream().filter(alert -> !alerts.contains(alert))
                .forEach(alert -> problems.add("no alert " + alert + " for: " + concern)));
        return problems;
    }

    static List<String> unexplained(List<Map<String, Object>> rules, Set<String> sections) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            Object alert = rule.get("alert");
            if (alert == null) {
                continue;
            }
            Object severity = map(rule, "labels").get("severity");
            if (!"critical".equals(severity) && !"warning".equals(severity)) {
                problems.add(alert + " has severity " + severity + ", not critical or warning");
            }
            String runbook = String.valueOf(map(rule, "annotations").get("runbook_url"));
            String anchor = runbook.startsWith("docs/alerts.md#") ? runbook.substring("docs/alerts.md#".length()) : null;
            if (anchor == null || !sections.contains(anchor)) {
                problems.add(alert + "'s runbook_url " + runbook + " names no section of docs/alerts.md");
            }
        }
        return problems;
    }

    /** The anchors of docs/alerts.md's second-level headings, as GitHub makes them. */
    private static Set<String> sections(String markdown) {
        Set<String> anchors = new TreeSet<>();
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                anchors.add(line.substring(3).strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "")
                        .replace(' ', '-'));
            }
        }
        return anchors;
    }

    // ---- the expressions parse

    record PromtoolResult(String output, int exitCode) {
        List<String> problems() {
            return exitCode == 0 ? List.of() : List.of(output);
        }
    }

    /** {@code promtool check rules} on the rule's groups, as Prometheus Operator hands them to Prometheus. */
    static PromtoolResult promtool(Map<String, Object> prometheusRule) {
        try {
            Path file = Files.createTempFile("annals-rules-", ".yaml");
            YAML.writeValue(file.toFile(), Map.of("groups", spec(prometheusRule).get("groups")));
            Process process = new ProcessBuilder(promtool(), "check", "rules", file.toString())
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool check rules did not finish in a minute");
            }
            return new PromtoolResult(output, process.exitValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String promtool() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("the monitoring check needs Prometheus' promtool on the PATH, and there is"
                + " none: install it (Debian and Ubuntu: apt-get install prometheus)");
    }

    // ---- the metrics are real

    private static final Pattern METRIC = Pattern.compile("(?<![\\w:.\"'])((?:annals|kafka|cnpg|barman_cloud)_[a-z0-9_]+)");

    /**
     * What a CloudNativePG 1.27 instance exports with its default queries (the operator's ConfigMap
     * {@code cnpg-default-monitoring}: {@code cnpg_<query>_<column>} of each GAUGE or COUNTER column), its own
     * collector and the Barman Cloud plugin 0.11 (its {@code internal/cnpgi/instance/metrics.go}), for the queries
     * the alerts read. Pinned here because the build has no cluster to scrape: a new
     * CloudNativePG version is checked against its {@code config/manager/default-monitoring.yaml} and this list
     * updated with the pin in docs/kubernetes.md.
     */
    static final Set<String> CLOUDNATIVE_PG_METRICS = Set.of(
            "cnpg_collector_up",
            "cnpg_backends_total", "cnpg_backends_max_tx_duration_seconds", "cnpg_backends_waiting_total",
            "cnpg_pg_database_size_bytes", "cnpg_pg_database_xid_age", "cnpg_pg_database_mxid_age",
            "cnpg_pg_replication_lag", "cnpg_pg_replication_in_recovery", "cnpg_pg_replication_is_wal_receiver_up",
            "cnpg_pg_replication_streaming_replicas",
            "cnpg_pg_stat_archiver_archived_count", "cnpg_pg_stat_archiver_failed_count",
            "cnpg_pg_stat_archiver_seconds_since_last_archival", "cnpg_pg_stat_archiver_seconds_since_last_failure",
            "cnpg_pg_stat_archiver_last_archived_time", "cnpg_pg_stat_archiver_last_failed_time",
            "cnpg_pg_settings_setting",
            "barman_cloud_cloudnative_pg_io_first_recoverability_point",
            "barman_cloud_cloudnative_pg_io_last_available_backup_timestamp",
            "barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp");

    /** The metric names starting with {@code prefix} the rules' expressions read. */
    static Set<String> metrics(List<Map<String, Object>> rules, String prefix) {
        Set<String> metrics = new TreeSet<>();
        for (Map<String, Object> rule : rules) {
            metrics.addAll(metricsOf(rule, prefix));
        }
        return metrics;
    }

    private static Set<String> metricsOf(Map<String, Object> rule, String prefix) {
        Set<String> metrics = new LinkedHashSet<>();
        Matcher matcher = METRIC.matcher(String.valueOf(rule.get("expr")));
        while (matcher.find()) {
            if (matcher.group(1).startsWith(prefix)) {
                metrics.add(matcher.group(1));
            }
        }
        return metrics;
    }

    /** Every kafka_* name an alert reads matches a rule of the exporter configuration the Kafka resource names. */
    static List<String> unmadeKafkaMetrics(List<Map<String, Object>> objects) {
        Map<String, Object> reference = map(map(map(map(spec(find(objects, "Kafka", "annals")), "kafka"),
                "metricsConfig"), "valueFrom"), "configMapKeyRef");
        String configMap = String.valueOf(reference.get("name"));
        Map<String, Object> exporter = parse(String.valueOf(map(find(objects, "ConfigMap", configMap), "data")
                .get(String.valueOf(reference.get("key")))));
        boolean lowercase = Boolean.TRUE.equals(exporter.get("lowercaseOutputName"));
        List<Pattern> made = list(exporter, "rules").stream().map(rule -> madeNames(rule, lowercase)).toList();
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> rule : rules(objects)) {
            for (String metric : metricsOf(rule, "kafka_")) {
                if (made.stream().noneMatch(names -> names.matcher(metric).matches())) {
                    problems.add(rule.get("alert") + " reads " + metric + ", which no rule of ConfigMap " + configMap
                            + " makes");
                }
            }
        }
        return problems;
    }

    /** Every cnpg_* and barman_cloud_* name an alert reads is one CloudNativePG or its backup plugin makes. */
    static List<String> unmadePostgresMetrics(List<Map<String, Object>> rules) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            for (String metric : Stream.concat(metricsOf(rule, "cnpg_").stream(),
                    metricsOf(rule, "barman_cloud_").stream()).toList()) {
                if (!CLOUDNATIVE_PG_METRICS.contains(metric)) {
                    problems.add(rule.get("alert") + " reads " + metric
                            + ", which neither CloudNativePG's default queries nor its backup plugin make");
                }
            }
        }
        return problems;
    }

    /**
     * The names one exporter rule can make: its name with each {@code $n} replaced by the words of capture group n
     * when that group is a plain alternation (as {@code (UnderReplicatedPartitions|LeaderCount)}), by any name part
     * otherwise; a counter's name gets {@code _total} when it has none (the exporter adds it).
     */
    private static Pattern madeNames(Map<String, Object> rule, boolean lowercase) {
        List<String> groups = captureGroups(String.valueOf(rule.get("pattern")));
        String template = String.valueOf(rule.get("name"));
        StringBuilder regex = new StringBuilder();
        Matcher reference = Pattern.compile("\\$(\\d+)").matcher(template);
        int at = 0;
        while (reference.find()) {
            regex.append(Pattern.quote(lowercase(template.substring(at, reference.start()), lowercase)));
            int group = Integer.parseInt(reference.group(1));
            String content = group <= groups.size() ? groups.get(group - 1) : "";
            regex.append(content.matches("[A-Za-z0-9_]+(\\|[A-Za-z0-9_]+)*")
                    ? "(?:" + lowercase(content, lowercase) + ")" : "[A-Za-z0-9_]+");
            at = reference.end();
        }
        regex.append(Pattern.quote(lowercase(template.substring(at), lowercase)));
        if ("COUNTER".equals(rule.get("type")) && !template.endsWith("_total")) {
            regex.append("(?:_total)?");
        }
        return Pattern.compile(regex.toString());
    }

    private static String lowercase(String text, boolean lowercase) {
        return lowercase ? text.toLowerCase(Locale.ROOT) : text;
    }

    /** The contents of a regular expression's capturing groups, in the order of their opening parentheses. */
    private static List<String> captureGroups(String regex) {
        List<String> groups = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                boolean capturing = i + 1 >= regex.length() || regex.charAt(i + 1) != '?';
                open.add(i);
                slots.add(capturing ? groups.size() : -1);
                if (capturing) {
                    groups.add(null);
                }
            } else if (c == ')' && !open.isEmpty()) {
                int start = open.remove(open.size() - 1);
                int slot = slots.remove(slots.size() - 1);
                if (slot >= 0) {
                    groups.set(slot, regex.substring(start + 1, i));
                }
            }
        }
        return groups;
    }

    /**
     * The Prometheus names of the meters the services register: every {@code "annals.…"} string of a main source
     * file that uses a MeterRegistry, dots made underscores, with the suffixes Micrometer's Prometheus registry adds.
     */
    static Set<String> serviceMeters() {
        Pattern literal = Pattern.compile("\"(annals(?:\\.[a-z0-9-]+)+)\"");
        Set<String> meters = new TreeSet<>();
        try (Stream<Path> files = Files.walk(REPOSITORY)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")
                    && path.toString().contains(File.separator + "src" + File.separator + "main" + File.separator)
                    && !path.toString().contains(File.separator + "target" + File.separator)).toList()) {
                String source = Files.readString(file);
                if (source.contains("MeterRegistry")) {
                    Matcher matcher = literal.matcher(source);
                    while (matcher.find()) {
                        String base = matcher.group(1).replaceAll("[.-]", "_");
                        meters.add(base);
                        for (String suffix : List.of("_total", "_seconds", "_seconds_count", "_seconds_sum",
                                "_seconds_bucket", "_seconds_max")) {
                            meters.add(base + suffix);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return meters;
    }

    static List<String> unknownServiceMetrics(List<Map<String, Object>> rules, Set<String> meters) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            for (String metric : metricsOf(rule, "annals_")) {
                if (!meters.contains(metric)) {
                    problems.add(rule.get("alert") + " reads " + metric + ", which no meter of the services makes");
                }
            }
        }
        return problems;
    }

    // ---- reading the rendered objects

    /** Every rule (alerts and recordings) of every PrometheusRule. */
    static List<Map<String, Object>> rules(List<Map<String, Object>> objects) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> rule : ofKind(objects, "PrometheusRule")) {
            for (Map<String, Object> group : list(spec(rule), "groups")) {
                rules.addAll(list(group, "rules"));
            }
        }
        return rules;
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }

    private static String namespace(Map<String, Object> object) {
        Object namespace = map(object, "metadata").get("namespace");
        return namespace == null ? APPLIED_NAMESPACE : namespace.toString();
    }

    private static Map<String, Object> podTemplate(Map<String, Object> deployment) {
        return map(spec(deployment), "template");
    }

    private static List<Map<String, Object>> endpoints(Map<String, Object> serviceMonitor) {
        return list(spec(serviceMonitor), "endpoints");
    }

    private static Map<String, Object> labels(Map<String, Object> object) {
        return map(map(object, "metadata"), "labels");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> object, String key) {
        Object value = object == null ? null : object.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> object, String key) {
        Object value = object == null ? null : object.get(key);
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static Map<String, Object> parse(String yaml) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = YAML.readValue(yaml, Map.class);
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
