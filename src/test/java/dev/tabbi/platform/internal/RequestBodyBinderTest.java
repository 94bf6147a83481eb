package dev.tabbi.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabbi.platform.Refusal;
import dev.tabbi.platform.RequestBody;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestBodyBinderTest {

    record Inner(@Size(max = 3, message = "at most {max} characters") String name) implements RequestBody {
    }

    record Body(String text, Boolean flag, Integer count, List<String> names, Map<String, Object> free,
            List<@Valid Inner> inners) implements RequestBody {
    }

    private static Body bind(String json) {
        return RequestBodyBinder.bind(json.getBytes(StandardCharsets.UTF_8), Body.class);
    }

    private static void refused(String json, String says) {
        assertThatThrownBy(() -> bind(json)).isInstanceOf(Refusal.class).hasMessageContaining(says)
                .extracting(e -> ((Refusal) e).code()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void aWellFormedBodyIsBoundWithItsTypes() {
        Body body = bind("{\"text\":\"hi\",\"flag\":true,\"count\":3,\"names\":[\"a\"],\"free\":{\"x\":[1,{\"y\":null}]},"
                + "\"inners\":[{\"name\":\"abc\"}]}");
        assertThat(body.text()).isEqualTo("hi");
        assertThat(body.count()).isEqualTo(3);
        assertThat(body.free()).containsKey("x");
        assertThat(body.inners()).containsExactly(new Inner("abc"));
        assertThat(bind("  ")).as("an empty body is no body").isNull();
        assertThat(bind("{\"text\":null}").text()).isNull();
    }

    @Test
    void aWrongTypeAnywhereIsA400NamingTheField() {
        refused("{\"free\":[1,2]}", "free: an object, not an array");
        refused("{\"text\":1}", "text: a string, not a number");
        refused("{\"flag\":\"true\"}", "flag: true or false, not a string");
        refused("{\"count\":1.5}", "count: a whole number");
        refused("{\"count\":99999999999}", "count: a whole number");
        refused("{\"names\":[\"a\",null]}", "names[1]: a value, not null");
        refused("{\"inners\":[{\"name\":5}]}", "inners[0].name: a string");
        refused("{\"inners\":[{\"name\":\"abcd\"}]}", "inners[0].name: at most 3 characters");
    }

    @Test
    void onlyTheRecordsKeysEachOnceInOneObjectOfValidUtf8JsonNotTooDeep() {
        refused("{\"colour\":1}", "colour: unknown field (known: count, flag, free, inners, names, text)");
        refused("{\"inners\":[{\"nam\":\"x\"}]}", "inners[0].nam: unknown field");
        refused("{\"text\":\"a\",\"text\":\"b\"}", "text: given twice");
        refused("[]", "body: the body is a JSON object, not an array");
        refused("{} {}", "not valid JSON");
        refused("{\"text\":", "not valid JSON");
        refused("{\"free\":" + "[".repeat(40) + "]".repeat(40) + "}", "nested deeper than 16 levels");
        refused("{\"count\":1e999999999}", "count: a number out of range");
        refused("{\"free\":{\"n\":" + "9".repeat(100) + "}}", "free.n: a number of at most 64 characters");
        assertThatThrownBy(() -> RequestBodyBinder.bind(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, Body.class))
                .hasMessageContaining("not valid UTF-8");
    }
}
