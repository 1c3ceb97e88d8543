package dev.hotpath.analyzer.io;

import dev.hotpath.analyzer.rules.FrameClassifier;
import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.analyzer.tree.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a call tree as one self-contained HTML page that draws the flame graph on a canvas with the same
 * {@code flame.js} the collector's web UI serves (embedded, so the page works offline as one file).
 */
public final class FlameGraphHtml {
    /** The renderer, a resource of this jar; the collector serves it at /js/flame.js. */
    public static final String FLAME_JS = "/META-INF/resources/js/flame.js";

    private static final String TEMPLATE = resource("flame.html").replace("/*FLAME_JS*/", resource(FLAME_JS));

    private FlameGraphHtml() {}

    /** The page for {@code tree}; {@code unit} labels values in the tooltip (samples, nanoseconds, bytes). */
    public static String render(CallTree tree, FrameClassifier classifier, String title, String unit) {
        String json = json(tree, classifier, title, unit);
        String escapedTitle = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        // The data last: a frame name may hold any text, /*TITLE*/ included.
        return TEMPLATE.replace("/*TITLE*/", escapedTitle).replace("/*DATA*/", json);
    }

    /**
     * The tree as the page embeds it: {@code {"title", "unit", "names": [frame names, each once], "kinds": [the
     * FrameKind label of each name], "tree": [nameIndex, total, [children...]]}}.
     */
    static String json(CallTree tree, FrameClassifier classifier, String title, String unit) {
        Map<String, Integer> ids = new HashMap<>();
        JsonWriter names = new JsonWriter().beginArray();
        JsonWriter kinds = new JsonWriter().beginArray();
        JsonWriter nodes = new JsonWriter();
        writeNode(tree.root(), nodes, name -> {
            Integer id = ids.get(name);
            if (id == null) {
                id = ids.size();
                ids.put(name, id);
                names.value(name);
                kinds.value(classifier.kind(name).label());
            }
            return id;
        });
        names.endArray();
        kinds.endArray();
        return new JsonWriter()
                        .beginObject()
                        .name("title")
                        .value(title)
                        .name("unit")
                        .value(unit)
                        .toString() + ",\"names\":" + names + ",\"kinds\":" + kinds + ",\"tree\":" + nodes + "}";
    }

    private static void writeNode(Node node, JsonWriter out, java.util.function.ToIntFunction<String> ids) {
        out.beginArray()
                .value((long) ids.applyAsInt(node.name()))
                .value(node.total())
                .beginArray();
        List<Node> children = node.children();
        for (Node child : children) {
            writeNode(child, out, ids);
        }
        out.endArray().endArray();
    }

    /** A text resource of this jar, relative to this class unless it starts with '/'. */
    static String resource(String name) {
        try (InputStream in = FlameGraphHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the analyzer jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
