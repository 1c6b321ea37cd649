package org.lifeboat.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores instants as SQL timestamps; JPA 3.1 has no standard mapping for {@link Instant}. */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, Timestamp> {

    @Override
    public Timestamp convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    @Override
    public Instant convertToEntityAttribute(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
