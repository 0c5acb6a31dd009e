package dev.annals.system.badinput;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * A bounded corpus of bad requests, generated from a seed: each category in turn, each time with a random
 * variation, until there are enough. Every one must be refused with a 4xx problem and write nothing.
 */
public final class BadRequests {

    /**
     * A valid command, the template the broken variants are made from: the fields it cannot do without, and its
     * number fields, which must all be positive.
     */
    private record Template(String path, String body, List<String> requiredFields, List<String> numberFields,
                            List<String> textFields) {
    }

    private static final String JSON = "application/json";
    private static final String LONG_OVERFLOW = "9223372036854775808";

    private final Targets targets;
    private final Random random;
    private final List<Template> templates;

    private BadRequests(Targets targets, Random random) {
        this.targets = targets;
        this.random = random;
        this.templates = List.of(
                new Template("/api/bank-account/" + targets.account() + "/deposit", "{\"amount\":5}",
                        List.of("amount"), List.of("amount"), List.of()),
                new Template("/api/bank-account/" + targets.account() + "/withdraw", "{\"amount\":5}",
                        List.of("amount"), List.of("amount"), List.of()),
                new Template("/api/cart/" + targets.cart() + "/add-item",
                        "{\"sku\":\"fig\",\"quantity\":2,\"unitPrice\":30}", List.of("sku", "quantity"),
                        List.of("quantity"), List.of("sku")),
                new Template("/api/cart/create", "{\"customerId\":\"zoe\"}", List.of("customerId"), List.of(),
                        List.of("customerId")),
                new Template("/api/food-order/create",
                        "{\"userId\":\"u\",\"restaurantId\":\"r\",\"items\":{\"pizza\":1}}",
                        List.of("userId", "restaurantId"), List.of(), List.of("userId", "restaurantId")),
                new Template("/api/food-order/" + targets.foodOrder() + "/initiate-payment",
                        "{\"paymentData\":\"card\"}", List.of("paymentData"), List.of(), List.of("paymentData")),
                new Template("/api/order-book/" + targets.book() + "/buy", "{\"userId\":\"u\",\"price\":7}",
                        List.of("userId", "price"), List.of("price"), List.of("userId")),
                new Template("/api/order-book/" + targets.book() + "/sell", "{\"userId\":\"u\",\"price\":70}",
                        List.of("userId", "price"), List.of("price"), List.of("userId")));
    }

    /** At least {@code count} requests, every category about equally often. */
    public static List<BadRequest> corpus(Targets targets, long seed, int count) {
        BadRequests generator = new BadRequests(targets, new Random(seed));
        List<Function<BadRequests, BadRequest>> categories = List.of(
                BadRequests::truncatedJson, BadRequests::notAnObject, BadRequests::garbage,
                BadRequests::wrongType, BadRequests::missingField, BadRequests::extraField,
                BadRequests::hugeOrNegativeNumber, BadRequests::badCommandId, BadRequests::oversizedBody,
                BadRequests::unknownTypeOrCommand, BadRequests::malformedIfMatch, BadRequests::malformedIdempotencyKey,
                BadRequests::wrongContentType, BadRequests::wrongCommandMethod, BadRequests::malformedToken,
                BadRequests::badQueryParameter, BadRequests::badReadId, BadRequests::wrongQueryMethod,
                BadRequests::badClassicRoute);
        List<BadRequest> corpus = new ArrayList<>(count);
        while (corpus.size() < count) {
            categories.forEach(category -> corpus.add(category.apply(generator)));
        }
        return corpus;
    }

    private Template template() {
        return templates.get(random.nextInt(templates.size()));
    }

    private String commandUrl(String path) {
        return targets.commandUrls().get(random.nextInt(targets.commandUrls().size())) + path;
    }

    private BadRequest truncatedJson() {
        Template template = template();
        // any proper prefix of a JSON object is not JSON
        String body = template.body().substring(0, random.nextInt(template.body().length()));
        return BadRequest.post("truncated JSON", commandUrl(template.path()), body);
    }

    private BadRequest notAnObject() {
        String[] bodies = {"[]", "null", "\"amount\"", "5", "true", "[{\"amount\":5}]", "{}{}", "{\"amount\":5}}",
            "{'amount':5}", "{amount:5}", "{\"amount\":5,}", "{\"amount\":05}", "{\"amount\":NaN}", "\uFEFF{"};
        return BadRequest.post("not a JSON object", commandUrl(template().path()),
                bodies[random.nextInt(bodies.length)]);
    }

    private BadRequest garbage() {
        byte[] bytes = new byte[1 + random.nextInt(200)];
        random.nextBytes(bytes);
        String body = "{" + new String(bytes, StandardCharsets.ISO_8859_1);
        return BadRequest.post("garbage bytes", commandUrl(template().path()), body);
    }

    private BadRequest wrongType() {
        Template template = pick(templates.stream().filter(t -> !t.numberFields().isEmpty()
                || !t.textFields().isEmpty()).toList());
        List<String> fields = new ArrayList<>(template.numberFields());
        fields.addAll(template.textFields());
        String field = pick(fields);
        String[] values = template.numberFields().contains(field)
                ? new String[]{"\"5\"", "\"abc\"", "true", "[]", "{}", "1.5", "5e0", "null", "\"\""}
                : new String[]{"5", "true", "[]", "{}", "null", "1.5", "[\"a\"]", "\"a\\u0000b\"", "\"\""};
        return BadRequest.post("wrong type", commandUrl(template.path()),
                withField(template.body(), field, values[random.nextInt(values.length)]));
    }

    private BadRequest missingField() {
        Template template = template();
        String field = pick(template.requiredFields());
        return BadRequest.post("missing field", commandUrl(template.path()), withoutField(template.body(), field));
    }

    private BadRequest extraField() {
        Template template = template();
        String[] extras = {"\"extra\":1", "\"Amount\":5", "\"id\":\"x\"", "\"version\":3", "\"deliveryCode\":\"01\"",
            "\"__proto__\":{}", "\"\":0"};
        String body = template.body().substring(0, template.body().length() - 1) + ","
                + extras[random.nextInt(extras.length)] + "}";
        return BadRequest.post("extra field", commandUrl(template.path()), body);
    }

    private BadRequest hugeOrNegativeNumber() {
        Template template = pick(templates.stream().filter(t -> !t.numberFields().isEmpty()).toList());
        // every field here must be positive and fit a long (an int for a quantity): none of these is valid
        String[] values = {"-1", "0", "-9223372036854775808", LONG_OVERFLOW, "99999999999999999999999999",
            "1e400", "-0", "1e3", "-1e400"};
        return BadRequest.post("huge or negative number", commandUrl(template.path()),
                withField(template.body(), pick(template.numberFields()), values[random.nextInt(values.length)]));
    }

    private BadRequest badCommandId() {
        String[] ids = {"x".repeat(129 + random.nextInt(2000)), "é", "ü🙂", "a b", "a/b", "a\u0000b", "../../etc",
            "a?b", "%", "a\\b", "<script>", "\u202Eabc", "a\nb", "a;b", "a,b"};
        String id = URLEncoder.encode(ids[random.nextInt(ids.length)], StandardCharsets.UTF_8);
        String command = random.nextBoolean() ? "deposit" : "withdraw";
        return BadRequest.post("bad aggregate id", commandUrl("/api/bank-account/" + id + "/" + command),
                "{\"amount\":5}");
    }

    private BadRequest oversizedBody() {
        // above the gateway's 64 KiB limit, below the HTTP layer's 1 MiB (which closes the connection instead)
        int size = 64 * 1024 + 1 + random.nextInt(900 * 1024);
        String body = "{\"amount\":5,\"pad\":\"" + "x".repeat(size) + "\"}";
        return BadRequest.post("oversized body", commandUrl(template().path()), body);
    }

    private BadRequest unknownTypeOrCommand() {
        String[] paths = {"/api/no-such-type/x/deposit", "/api/bank-account/" + targets.account() + "/explode",
            "/api/bank-account/deposit", "/api/Bank-Account/" + targets.account() + "/deposit",
            "/api/bank-account/" + targets.account() + "/Deposit", "/api/cart/" + targets.cart() + "/create",
            "/api/bank-account/" + targets.account() + "/deposit/more", "/api", "/api/bank-account",
            "/api/order-book/" + targets.book() + "/cancel", "/buy", "/sell/u"};
        return BadRequest.post("unknown type or command", commandUrl(paths[random.nextInt(paths.length)]),
                "{\"amount\":5}");
    }

    private BadRequest malformedIfMatch() {
        String[] values = {"abc", "\"abc\"", "\"-1\"", "\"1", "1", "W/\"1\"", "\"99999999999999999999\"",
            "\"1\", \"2\"", "\"\"", "\"1.5\"", "\" 1\""};
        return BadRequest.post("malformed If-Match", commandUrl("/api/bank-account/" + targets.account()
                + "/deposit"), "{\"amount\":5}", Map.of("Content-Type", JSON, "If-Match",
                values[random.nextInt(values.length)]));
    }

    private BadRequest malformedIdempotencyKey() {
        String[] keys = {"k".repeat(256 + random.nextInt(1000)), "", "a b", "tab\there"};
        return BadRequest.post("malformed Idempotency-Key", commandUrl("/api/bank-account/" + targets.account()
                + "/deposit"), "{\"amount\":5}", Map.of("Content-Type", JSON, "Idempotency-Key",
                keys[random.nextInt(keys.length)]));
    }

    private BadRequest wrongContentType() {
        String[] types = {"text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/octet-stream", "text/json", "application/jsonx"};
        Template template = template();
        return BadRequest.post("wrong content type", commandUrl(template.path()), template.body(),
                Map.of("Content-Type", types[random.nextInt(types.length)]));
    }

    private BadRequest wrongCommandMethod() {
        String[] methods = {"GET", "PUT", "DELETE", "PATCH"};
        Template template = template();
        String method = methods[random.nextInt(methods.length)];
        return new BadRequest("wrong method on a command", method, commandUrl(template.path()),
                Map.of("Content-Type", JSON), method.equals("GET") || method.equals("DELETE") ? ""
                : template.body());
    }

    private BadRequest malformedToken() {
        String[] tokens = {"garbage", "bank-account", "bank-account:1", "bank-account:a:b", "bank-account:-1:5",
            "bank-account:1:-5", "bank-account:0:1,garbage", ":::", ",",
            "bank-account:0:" + LONG_OVERFLOW, "t".repeat(5000), "bank-account:99999999999:1"};
        String[] reads = {"/api/bank/accounts/" + targets.account(), "/api/bank-account/" + targets.account(),
            "/api/carts/" + targets.cart(), "/api/delivery/orders/" + targets.foodOrder() + "/status", "/orderbook"};
        return BadRequest.get("malformed consistency token", targets.queryUrl() + reads[random.nextInt(reads.length)],
                Map.of("Annals-Consistency-Token", tokens[random.nextInt(tokens.length)]));
    }

    private BadRequest badQueryParameter() {
        String account = "/api/bank-account/" + targets.account();
        String[] reads = {account + "?atVersion=-1", account + "?atVersion=abc",
            account + "?atVersion=" + LONG_OVERFLOW, account + "?atVersion=", account + "/events?limit=0", account + "/events?limit=1001",
            account + "/events?limit=x", account + "/events?fromVersion=0", account + "/events?fromVersion=-3",
            "/api/bank/accounts?owner=x&page=-1", "/api/bank/accounts?owner=x&size=0",
            "/api/bank/accounts?owner=x&size=100000", "/api/order-books/" + targets.book() + "/trades?limit=0",
            "/api/order-books/" + targets.book() + "/trades?after=x", account + "?atVersion=1.5"};
        return BadRequest.get("bad query parameter", targets.queryUrl() + reads[random.nextInt(reads.length)],
                Map.of());
    }

    private BadRequest badReadId() {
        // all malformed: an unknown but valid id has an empty history, which is not an error
        String[] ids = {"x".repeat(129 + random.nextInt(500)), "é", "a b", "a/b", "a\u0000b", "%", "<script>"};
        String id = URLEncoder.encode(ids[random.nextInt(ids.length)], StandardCharsets.UTF_8);
        String[] reads = {"/api/bank/accounts/" + id, "/api/bank-account/" + id, "/api/bank-account/" + id + "/events",
            "/api/carts/" + id, "/api/delivery/orders/" + id + "/status", "/api/order-books/" + id,
            "/api/no-such-type/" + id,
            // a user id is free text, not an aggregate id: only blank, overlong or NUL is wrong there
            "/api/delivery/users/" + pick(List.of("%20", "u".repeat(201), "a%00b")) + "/orders",
            "/api/bank/accounts?owner=" + pick(List.of("", "a%00b", "o".repeat(201)))};
        return BadRequest.get("bad or unknown id on a read", targets.queryUrl() + reads[random.nextInt(reads.length)],
                Map.of());
    }

    private BadRequest wrongQueryMethod() {
        String[] methods = {"POST", "PUT", "DELETE", "PATCH"};
        String[] reads = {"/api/bank/accounts/" + targets.account(), "/api/bank-account/" + targets.account(),
            "/api/carts/" + targets.cart(), "/orderbook"};
        return new BadRequest("wrong method on a read", methods[random.nextInt(methods.length)],
                targets.queryUrl() + reads[random.nextInt(reads.length)], Map.of("Content-Type", JSON), "{}");
    }

    private BadRequest badClassicRoute() {
        String[] paths = {"/buy/u/0", "/buy/u/-5", "/sell/u/abc", "/buy/u/1.5", "/sell/u/" + LONG_OVERFLOW,
            "/buy/" + "u".repeat(300) + "/5", "/sell/u/99999999999999"};
        return BadRequest.post("bad classic order route", commandUrl(paths[random.nextInt(paths.length)]), "");
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** The template's body with {@code field} set to the raw JSON {@code value}. */
    private static String withField(String body, String field, String value) {
        String withoutIt = withoutField(body, field);
        return withoutIt.equals("{}") ? "{\"" + field + "\":" + value + "}"
                : "{\"" + field + "\":" + value + "," + withoutIt.substring(1);
    }

    /** The template's body without {@code field}; the templates' values are simple (no nested commas). */
    private static String withoutField(String body, String field) {
        String regex = "\"" + field + "\":(\"[^\"]*\"|\\{[^}]*\\}|[^,}]*),?";
        String without = body.replaceFirst(regex, "");
        return without.replace(",}", "}");
    }
}
