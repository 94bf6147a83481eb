package dev.tabbi.platform.internal;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.UUID;

/**
 * Maps {@link UUID} attributes (other than ids) of every entity, as text both ways. Some JPA providers fail on a
 * NULL uuid column, others on a converter to {@code Object}; PostgreSQL casts the text to {@code uuid} (the
 * datasource sends strings untyped), so the columns stay real uuids.
 */
@Converter(autoApply = true)
public class UuidConverter implements AttributeConverter<UUID, String> {

    @Override
    public String convertToDatabaseColumn(UUID uuid) {
        return uuid == null ? null : uuid.toString();
    }

    @Override
    public UUID convertToEntityAttribute(String value) {
        return value == null ? null : UUID.fromString(value);
    }
}
