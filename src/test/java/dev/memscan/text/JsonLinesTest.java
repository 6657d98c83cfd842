package dev.memscan.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonLinesTest {

    @Test
    void oneEscapedObjectPerLine() throws Exception {
        StringWriter w = new StringWriter();
        JsonLines json = new JsonLines(w);
        json.begin().field("path", "/tmp/a \"b\"\n").field("size", 4096L).end();
        json.begin().unsignedField("u", -1L).field("f", 0.1f).field("nan", Double.NaN).field("ok", true)
                .nullField("n").end();
        String[] lines = w.toString().split("\n", -1);
        assertEquals(3, lines.length);
        assertEquals("{\"path\":\"/tmp/a \\\"b\\\"\\n\",\"size\":4096}", lines[0]);
        assertEquals("{\"u\":18446744073709551615,\"f\":0.1,\"nan\":\"NaN\",\"ok\":true,\"n\":null}", lines[1]);
        assertEquals("", lines[2]);
        try (JsonParser p = new JsonFactory().createParser(lines[0])) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            p.nextToken();
            p.nextToken();
            assertEquals("/tmp/a \"b\"\n", p.getText());
        }
    }
}
