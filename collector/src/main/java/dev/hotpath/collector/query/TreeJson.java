package dev.hotpath.collector.query;

import dev.hotpath.analyzer.io.JsonWriter;
import dev.hotpath.analyzer.rules.FrameClassifier;
import dev.hotpath.analyzer.tree.DiffNode;
import dev.hotpath.analyzer.tree.Node;
import dev.hotpath.analyzer.tree.TreeDiff;
import java.util.HashMap;
import java.util.Map;

/**
 * Call trees as JSON, written by hand because stacks run 1000+ frames deep, beyond a JSON library's nesting limit.
 */
final class TreeJson {

    // The classifier the recommendations use, so the UI colours and filters frames as the findings name them.
    private static final FrameClassifier CLASSIFIER = FrameClassifier.byLibraryList();

    private TreeJson() {}

    /**
     * {@code {"name","self","total","children":[...]}} with total = self + children's totals, and
     * {@code "frameKinds": {name: "application" | "library" | "jdk" | "native" | "synthetic"}} once per name.
     */
    static String flame(Node root, String type, TimeRange range) {
        JsonWriter json = new JsonWriter().beginObject();
        json.name("type")
                .value(type)
                .name("from")
                .value(range.from().toString())
                .name("to")
                .value(range.to().toString());
        json.name("root");
        Map<String, String> kinds = new HashMap<>();
        node(json, root, kinds);
        return frameKinds(json, kinds).endObject().toString();
    }

    private static JsonWriter frameKinds(JsonWriter json, Map<String, String> kinds) {
        json.name("frameKinds").beginObject();
        kinds.forEach((name, kind) -> json.name(name).value(kind));
        return json.endObject();
    }

    private static void node(JsonWriter json, Node node, Map<String, String> kinds) {
        kinds.computeIfAbsent(node.name(), name -> CLASSIFIER.kind(name).label());
        json.beginObject()
                .name("name")
                .value(node.name())
                .name("self")
                .value(node.self())
                .name("total")
                .value(node.total())
                .name("children")
                .beginArray();
        for (Node child : node.children()) {
            node(json, child, kinds);
        }
        json.endArray().endObject();
    }

    /** Both sides' values per node and their shares of each side's total. */
    static String diff(TreeDiff diff, String type) {
        JsonWriter json = new JsonWriter().beginObject();
        json.name("type")
                .value(type)
                .name("baseTotal")
                .value(diff.baseTotal())
                .name("currentTotal")
                .value(diff.currentTotal())
                .name("root");
        Map<String, String> kinds = new HashMap<>();
        diffNode(json, diff.root(), kinds);
        return frameKinds(json, kinds).endObject().toString();
    }

    private static void diffNode(JsonWriter json, DiffNode node, Map<String, String> kinds) {
        kinds.computeIfAbsent(node.name(), name -> CLASSIFIER.kind(name).label());
        json.beginObject()
                .name("name")
                .value(node.name())
                .name("baseSelf")
                .value(node.baseSelf())
                .name("baseTotal")
                .value(node.baseTotal())
                .name("currentSelf")
                .value(node.currentSelf())
                .name("currentTotal")
                .value(node.currentTotal())
                .name("baseShare")
                .value(node.baseShare())
                .name("currentShare")
                .value(node.currentShare())
                .name("shareDelta")
                .value(node.shareDelta())
                .name("isNew")
                .value(node.isNew())
                .name("isGone")
                .value(node.isGone())
                .name("children")
                .beginArray();
        for (DiffNode child : node.children()) {
            diffNode(json, child, kinds);
        }
        json.endArray().endObject();
    }
}
