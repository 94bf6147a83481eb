package dev.tabbi.platform.api;

import dev.tabbi.platform.RequestBody;
import dev.tabbi.platform.internal.RequestBodyBinder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads every {@link RequestBody} of the API with {@link RequestBodyBinder} instead of the server's general JSON
 * binding, which lets wrong types through as 500s or silently. The body's size is already capped as it is read
 * ({@code http.max-request-bytes}).
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class RequestBodyReader implements MessageBodyReader<RequestBody> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return RequestBody.class.isAssignableFrom(type) && type.isRecord();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public RequestBody readFrom(Class<RequestBody> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return RequestBodyBinder.bind(body.readAllBytes(), (Class) type);
    }
}
