package dev.hotpath.collector.query;

import dev.hotpath.analyzer.io.JsonWriter;
import dev.hotpath.analyzer.tree.DiffNode;
import dev.hotpath.analyzer.tree.Node;
import dev.hotpath.analyzer.tree.TreeDiff;

/**
 * Call trees as JSON, written by hand because stacks run 1000+ frames deep, beyond a JSON library's nesting limit.
 */
final class TreeJson {

    private TreeJson() {
    }

    /** {@code {"name","self","total","children":[...]}} with total = self + children's totals. */
    static String flame(Node root, String type, TimeRange range) {
        JsonWriter json = new JsonWriter().beginObject();
        json.name("type").value(type).name("from").value(range.from().toString()).name("to").value(range.to().toString());
        json.name("root");
        node(json, root);
        return json.endObject().toString();
    }

    private static void node(JsonWriter json, Node node) {
        json.beginObject().name("name").value(node.name()).name("self").value(node.self())
                .name("total").value(node.total()).name("children").beginArray();
        for (Node child : node.children()) {
            node(json, child);
        }
        json.endArray().endObject();
    }

    /** Both sides' values per node and their shares of each side's total. */
    static String diff(TreeDiff diff, String type) {
        JsonWriter json = new JsonWriter().beginObject();
        json.name("type").value(type).name("baseTotal").value(diff.baseTotal())
                .name("currentTotal").value(diff.currentTotal()).name("root");
        diffNode(json, diff.root());
        return json.endObject().toString();
    }

    private static void diffNode(JsonWriter json, DiffNode node) {
        json.beginObject().name("name").value(node.name())
                .name("baseSelf").value(node.baseSelf()).name("baseTotal").value(node.baseTotal())
                .name("currentSelf").value(node.currentSelf()).name("currentTotal").value(node.currentTotal())
                .name("baseShare").value(node.baseShare()).name("currentShare").value(node.currentShare())
                .name("shareDelta").value(node.shareDelta())
                .name("isNew").value(node.isNew()).name("isGone").value(node.isGone())
                .name("children").beginArray();
        for (DiffNode child : node.children()) {
            diffNode(json, child);
        }
        json.endArray().endObject();
    }
}
