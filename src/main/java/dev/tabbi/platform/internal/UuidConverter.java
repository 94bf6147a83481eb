package dev.tabbi.platform.internal;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.UUID;

/**
 * Maps {@link UUID} attributes (other than ids) of every entity, writing them as text. The JPA provider shipped with the
 * server fails on a NULL uuid column; PostgreSQL casts the text to {@code uuid} (the datasource sends strings
 * untyped), so the columns stay real uuids.
 */
@Converter(autoApply = true)
public class UuidConverter implements AttributeConverter<UUID, Object> {

    @Override
    public Object convertToDatabaseColumn(UUID uuid) {
        return uuid == null ? null : uuid.toString();
    }

    /** The driver hands back {@code java.util.UUID} for uuid columns; text is accepted too. */
    @Override
    public UUID convertToEntityAttribute(Object value) {
        if (value == null || value instanceof UUID) {
            return (UUID) value;
        }
        return UUID.fromString(value.toString());
    }
}
