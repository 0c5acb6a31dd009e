package dev.annals.core.envelope;

import io.cloudevents.SpecVersion;
import io.cloudevents.core.data.BytesCloudEventData;
import io.cloudevents.core.message.impl.BaseGenericBinaryMessageReaderImpl;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The CloudEvents SDK's binary-mode reader over a plain header map, mirroring the SDK's Kafka binding
 * ({@code KafkaBinaryMessageReaderImpl}) without its dependency on the Kafka client.
 */
final class HeaderMapMessageReader extends BaseGenericBinaryMessageReaderImpl<String, byte[]> {

    private static final String PREFIX = "ce_";

    private final Map<String, byte[]> headers;

    HeaderMapMessageReader(SpecVersion version, Map<String, byte[]> headers, byte[] value) {
        super(version, value != null && value.length > 0 ? BytesCloudEventData.wrap(value) : null);
        this.headers = headers;
    }

    @Override
    protected boolean isContentTypeHeader(String key) {
        return key.equals(EventHeaders.CONTENT_TYPE);
    }

    @Override
    protected boolean isCloudEventsHeader(String key) {
        return key.length() > PREFIX.length() && key.startsWith(PREFIX);
    }

    @Override
    protected String toCloudEventsKey(String key) {
        return key.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
    }

    @Override
    protected void forEachHeader(BiConsumer<String, byte[]> fn) {
        headers.forEach(fn);
    }

    @Override
    protected String toCloudEventsValue(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
