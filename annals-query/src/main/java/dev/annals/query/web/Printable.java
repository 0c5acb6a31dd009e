package dev.annals.query.web;

/** Client input quoted back in a problem's detail: shortened, with control characters made visible. */
public final class Printable {

    private static final int MAX = 80;

    private Printable() {
    }

    public static String of(String input) {
        if (input == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        input.codePoints().limit(MAX).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return input.codePointCount(0, input.length()) > MAX ? out + "…" : out.toString();
    }
}
