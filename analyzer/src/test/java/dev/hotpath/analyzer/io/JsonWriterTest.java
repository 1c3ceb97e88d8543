package dev.hotpath.analyzer.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void write_nestedValues_producesCommasInTheRightPlaces() {
        String json = new JsonWriter()
                .beginObject()
                .name("a")
                .value(1L)
                .name("b")
                .beginArray()
                .value("x")
                .value(2.5)
                .value(true)
                .beginObject()
                .endObject()
                .endArray()
                .name("c")
                .value((String) null)
                .endObject()
                .toString();

        assertThat(json).isEqualTo("{\"a\":1,\"b\":[\"x\",2.5,true,{}],\"c\":null}");
    }

    @Test
    void value_specialCharacters_areEscapedIncludingScriptClose() {
        String json = new JsonWriter().value("a\"b\\c\n</script>").toString();

        assertThat(json).isEqualTo("\"a\\\"b\\\\c\\n\\u003c/script\\u003e\"");
    }

    @Test
    void value_nan_isNull() {
        assertThat(new JsonWriter().value(Double.NaN).toString()).isEqualTo("null");
    }
}
