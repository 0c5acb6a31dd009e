package dev.annals.deploy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static dev.annals.deploy.ManifestFields.list;
import static dev.annals.deploy.ManifestFields.map;
import static dev.annals.deploy.ManifestFields.strings;

/**
 * Where the rendered NetworkPolicies of one namespace let a pod's traffic go, as Kubernetes decides it: a pod that
 * no policy with {@code Egress} selects may go anywhere; one that some policy selects may go only where an egress
 * rule of a policy selecting it allows, a rule without {@code to} allowing every destination and one without
 * {@code ports} every port. Only what the manifests use is understood: {@code matchLabels} selectors and
 * {@code ipBlock}s with their {@code except}; anything else is refused rather than guessed.
 */
public final class NetworkPolicies {

    private final List<Map<String, Object>> policies;

    private NetworkPolicies(List<Map<String, Object>> policies) {
        this.policies = policies;
    }

    /** The NetworkPolicies among {@code objects}, which are one namespace's. */
    public static NetworkPolicies of(List<Map<String, Object>> objects) {
        return new NetworkPolicies(objects.stream().filter(object -> "NetworkPolicy".equals(object.get("kind")))
                .toList());
    }

    /** Whether a pod labelled {@code pod} may open a TCP connection to {@code address}:{@code port}, outside the cluster's pods. */
    public boolean allowsEgress(Map<String, ?> pod, String address, int port) {
        List<Map<String, Object>> selecting = egressPoliciesOf(pod);
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(policy -> list(spec(policy), "egress").stream())
                .anyMatch(rule -> allowsPort(rule, port) && (!rule.containsKey("to")
                        || list(rule, "to").stream().anyMatch(peer -> ipBlockHolds(peer, address))));
    }

    /**
     * Whether a pod labelled {@code pod} may reach port {@code port} of something outside its namespace's pods
     * (an address block or another namespace): the question for a destination known by name only.
     */
    public boolean allowsEgressOutside(Map<String, ?> pod, int port) {
        List<Map<String, Object>> selecting = egressPoliciesOf(pod);
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(policy -> list(spec(policy), "egress").stream())
                .anyMatch(rule -> allowsPort(rule, port) && (!rule.containsKey("to")
                        || list(rule, "to").stream().anyMatch(peer -> peer.containsKey("ipBlock")
                                || peer.containsKey("namespaceSelector"))));
    }

    /** The egress rules that let a pod labelled {@code pod} reach any address at all on some port. */
    public List<String> unboundedEgress(Map<String, ?> pod) {
        return egressPoliciesOf(pod).stream().flatMap(policy -> list(spec(policy), "egress").stream()
                .filter(rule -> !rule.containsKey("to") || list(rule, "to").stream().anyMatch(peer ->
                        "0.0.0.0/0".equals(map(peer, "ipBlock").get("cidr"))))
                .map(rule -> "NetworkPolicy " + map(policy, "metadata").get("name") + " " + rule)).toList();
    }

    private List<Map<String, Object>> egressPoliciesOf(Map<String, ?> pod) {
        return policies.stream().filter(policy -> strings(spec(policy).get("policyTypes")).contains("Egress")
                && selects(map(spec(policy), "podSelector"), pod)).toList();
    }

    private static boolean allowsPort(Map<String, Object> rule, int port) {
        if (!rule.containsKey("ports")) {
            return true;
        }
        return list(rule, "ports").stream().anyMatch(allowed -> {
            if (!"TCP".equals(allowed.getOrDefault("protocol", "TCP"))) {
                return false;
            }
            Object number = allowed.get("port");
            if (number == null) {
                return true;
            }
            if (!(number instanceof Number first)) {
                throw new IllegalArgumentException("a named port in an egress rule is not understood here: " + allowed);
            }
            int last = ((Number) allowed.getOrDefault("endPort", first)).intValue();
            return first.intValue() <= port && port <= last;
        });
    }

    private static boolean ipBlockHolds(Map<String, Object> peer, String address) {
        Map<String, Object> block = map(peer, "ipBlock");
        if (block.isEmpty()) {
            return false;
        }
        return holds(String.valueOf(block.get("cidr")), address)
                && strings(block.get("except")).stream().noneMatch(except -> holds(except, address));
    }

    /** Whether {@code address} (an IP literal) is in the block {@code cidr}. */
    static boolean holds(String cidr, String address) {
        try {
            String[] parts = cidr.split("/");
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] candidate = InetAddress.getByName(address).getAddress();
            if (network.length != candidate.length) {
                return false;
            }
            int bits = network.length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            BigInteger mask = prefix == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(bits - prefix)
                    .shiftLeft(bits - prefix);
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, candidate).and(mask));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an address block and an address: " + cidr + ", " + address, e);
        }
    }

    /** Whether a {@code matchLabels} selector selects what {@code labels} label. */
    static boolean selects(Map<String, Object> selector, Map<String, ?> labels) {
        if (selector.containsKey("matchExpressions")) {
            throw new IllegalArgumentException("matchExpressions are not understood here: " + selector);
        }
        return map(selector, "matchLabels").entrySet().stream()
                .allMatch(label -> String.valueOf(label.getValue()).equals(String.valueOf(labels.get(label.getKey()))));
    }

    private static Map<String, Object> spec(Map<String, Object> policy) {
        return map(policy, "spec");
    }



}
