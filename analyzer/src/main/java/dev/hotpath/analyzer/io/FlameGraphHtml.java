package dev.hotpath.analyzer.io;

import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.analyzer.tree.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Renders a call tree as one self-contained HTML page that draws the flame graph on a canvas. */
public final class FlameGraphHtml {
  private static final String TEMPLATE = template();

  private FlameGraphHtml() {}

  /** The page for {@code tree}; {@code unit} labels values in the tooltip (samples, nanoseconds, bytes). */
  public static String render(CallTree tree, String title, String unit) {
    String json = json(tree, title, unit);
    String escapedTitle = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return TEMPLATE.replace("/*TITLE*/", escapedTitle).replace("/*DATA*/", json);
  }

  /**
   * The tree as the page embeds it, for a UI that fetches it instead: {@code {"title", "unit", "names": [frame
   * names, each once], "tree": [nameIndex, total, [children...]]}}.
   */
  public static String json(CallTree tree, String title, String unit) {
    Map<String, Integer> ids = new HashMap<>();
    JsonWriter names = new JsonWriter().beginArray();
    JsonWriter nodes = new JsonWriter();
    writeNode(tree.root(), nodes, names, ids);
    names.endArray();
    return new JsonWriter().beginObject().name("title").value(title).name("unit").value(unit).toString()
        + ",\"names\":" + names + ",\"tree\":" + nodes + "}";
  }

  private static void writeNode(Node node, JsonWriter out, JsonWriter names, Map<String, Integer> ids) {
    Integer id = ids.get(node.name());
    if (id == null) {
      id = ids.size();
      ids.put(node.name(), id);
      names.value(node.name());
    }
    out.beginArray().value((long) id).value(node.total()).beginArray();
    List<Node> children = node.children();
    for (Node child : children) {
      writeNode(child, out, names, ids);
    }
    out.endArray().endArray();
  }

  private static String template() {
    try (InputStream in = FlameGraphHtml.class.getResourceAsStream("flame.html")) {
      if (in == null) {
        throw new IllegalStateException("flame.html is missing from the analyzer jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
