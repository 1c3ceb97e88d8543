package dev.hotpath.analyzer.io;

/** A minimal streaming JSON writer: enough for reports, no dependency. Callers keep the nesting balanced. */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    // True right after an opening bracket or a name, where no comma is due.
    private boolean first = true;

    public JsonWriter beginObject() {
        separate();
        out.append('{');
        first = true;
        return this;
    }

    public JsonWriter endObject() {
        out.append('}');
        first = false;
        return this;
    }

    public JsonWriter beginArray() {
        separate();
        out.append('[');
        first = true;
        return this;
    }

    public JsonWriter endArray() {
        out.append(']');
        first = false;
        return this;
    }

    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        first = true;
        return this;
    }

    public JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        first = false;
        return this;
    }

    public JsonWriter value(long value) {
        separate();
        out.append(value);
        first = false;
        return this;
    }

    public JsonWriter value(double value) {
        separate();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            out.append("null");
        } else {
            out.append(value);
        }
        first = false;
        return this;
    }

    public JsonWriter value(boolean value) {
        separate();
        out.append(value);
        first = false;
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (!first) {
            out.append(',');
        }
        first = false;
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    // Also escapes '<' so a string can never close the <script> element the flame graph embeds it in.
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
