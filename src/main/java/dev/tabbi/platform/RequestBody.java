package dev.tabbi.platform;

/**
 * A JSON request body of the REST API, as a record. The API's edge binds it strictly before any logic runs: only
 * the record's own fields (an unknown or repeated key is refused), each of its declared type, nested at most a few
 * levels deep, valid UTF-8, then its Bean Validation constraints. Whatever is wrong is a 400
 * {@code VALIDATION_ERROR} naming the field, never a 500.
 */
public interface RequestBody {
}
