package dev.annals.core.envelope;

import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.message.MessageWriter;
import io.cloudevents.core.message.impl.MessageUtils;
import io.cloudevents.core.v1.CloudEventV1;
import io.cloudevents.rw.CloudEventWriter;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CloudEvents SDK's binary-mode writer into a plain header map, with the header names of the SDK's Kafka
 * binding: {@code ce_<attribute>}, and {@code content-type} for {@code datacontenttype}.
 */
final class HeaderMapMessageWriter
        implements MessageWriter<CloudEventWriter<EncodedRecord>, EncodedRecord>, CloudEventWriter<EncodedRecord> {

    private static final Map<String, String> ATTRIBUTE_HEADERS = MessageUtils.generateAttributesToHeadersMapping(
            attribute -> attribute.equals(CloudEventV1.DATACONTENTTYPE) ? EventHeaders.CONTENT_TYPE : "ce_" + attribute);

    private final Map<String, byte[]> headers = new LinkedHashMap<>();
    private byte[] value = new byte[0];

    @Override
    public CloudEventWriter<EncodedRecord> create(SpecVersion version) {
        withContextAttribute(CloudEventV1.SPECVERSION, version.toString());
        return this;
    }

    @Override
    public HeaderMapMessageWriter withContextAttribute(String name, String attributeValue) {
        String header = ATTRIBUTE_HEADERS.getOrDefault(name, "ce_" + name);
        headers.put(header, attributeValue.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    @Override
    public EncodedRecord end(CloudEventData data) {
        value = data.toBytes();
        return end();
    }

    @Override
    public EncodedRecord end() {
        return new EncodedRecord(headers, value);
    }

    @Override
    public EncodedRecord setEvent(EventFormat format, byte[] event) {
        throw new UnsupportedOperationException("Annals writes events in binary mode only");
    }
}
