package dev.annals.command.openapi;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * JSON Schemas of command records, read from their components and Bean Validation annotations: what the
 * gateway accepts, shown in the OpenAPI document. Every component is required, as the gateway requires it.
 */
final class RecordSchemas {

    private RecordSchemas() {
    }

    static Schema of(Class<?> record) {
        Schema schema = OASFactory.createSchema().addType(SchemaType.OBJECT).additionalPropertiesBoolean(false);
        for (RecordComponent component : record.getRecordComponents()) {
            Schema property = ofType(component.getGenericType());
            constrain(property, component);
            schema.addProperty(component.getName(), property);
            schema.addRequired(component.getName());
        }
        return schema;
    }

    private static Schema ofType(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return OASFactory.createSchema().addType(SchemaType.ARRAY).items(ofType(arguments[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return OASFactory.createSchema().addType(SchemaType.OBJECT)
                        .additionalPropertiesSchema(ofType(arguments[1]));
            }
            if (raw == Optional.class) {
                return ofType(arguments[0]);
            }
            return ofType(raw);
        }
        Class<?> clazz = (Class<?>) type;
        if (clazz == String.class) {
            return simple(SchemaType.STRING, null);
        }
        if (clazz == long.class || clazz == Long.class || clazz == BigInteger.class) {
            return simple(SchemaType.INTEGER, "int64");
        }
        if (clazz == int.class || clazz == Integer.class || clazz == short.class || clazz == Short.class) {
            return simple(SchemaType.INTEGER, "int32");
        }
        if (clazz == boolean.class || clazz == Boolean.class) {
            return simple(SchemaType.BOOLEAN, null);
        }
        if (clazz == double.class || clazz == Double.class || clazz == float.class || clazz == Float.class
                || clazz == BigDecimal.class) {
            return simple(SchemaType.NUMBER, null);
        }
        if (clazz == Instant.class || clazz == OffsetDateTime.class) {
            return simple(SchemaType.STRING, "date-time");
        }
        if (clazz == LocalDate.class) {
            return simple(SchemaType.STRING, "date");
        }
        if (clazz.isEnum()) {
            return simple(SchemaType.STRING, null).enumeration(Arrays.stream(clazz.getEnumConstants())
                    .map(constant -> (Object) ((Enum<?>) constant).name()).toList());
        }
        if (clazz.isRecord()) {
            return of(clazz);
        }
        return OASFactory.createSchema();
    }

    private static Schema simple(SchemaType type, String format) {
        Schema schema = OASFactory.createSchema().addType(type);
        return format == null ? schema : schema.format(format);
    }

    private static void constrain(Schema schema, RecordComponent component) {
        // Bean Validation annotations do not target record components; Java copies them to the accessor
        AnnotatedElement annotated = component.getAccessor();
        if (annotated.isAnnotationPresent(NotBlank.class) || annotated.isAnnotationPresent(NotEmpty.class)) {
            schema.minLength(1);
        }
        Size size = annotated.getAnnotation(Size.class);
        if (size != null) {
            schema.minLength(Math.max(size.min(), schema.getMinLength() == null ? 0 : schema.getMinLength()));
            if (size.max() < Integer.MAX_VALUE) {
                schema.maxLength(size.max());
            }
        }
        Pattern pattern = annotated.getAnnotation(Pattern.class);
        if (pattern != null) {
            schema.pattern(pattern.regexp());
        }
        if (annotated.isAnnotationPresent(Positive.class)) {
            schema.exclusiveMinimum(BigDecimal.ZERO);
        }
        if (annotated.isAnnotationPresent(PositiveOrZero.class)) {
            schema.minimum(BigDecimal.ZERO);
        }
        if (annotated.isAnnotationPresent(Negative.class)) {
            schema.exclusiveMaximum(BigDecimal.ZERO);
        }
        Min min = annotated.getAnnotation(Min.class);
        if (min != null) {
            schema.minimum(BigDecimal.valueOf(min.value()));
        }
        Max max = annotated.getAnnotation(Max.class);
        if (max != null) {
            schema.maximum(BigDecimal.valueOf(max.value()));
        }
        if (annotated.isAnnotationPresent(NotNull.class)) {
            schema.description("must not be null");
        }
    }
}
