package dev.hotpath.collector.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.analyzer.tree.CallTree;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TreeJsonTest {

    @Test
    void flame_tree_givesEachFrameNameItsKindOnce() {
        CallTree tree = new CallTree();
        tree.add(new String[] {"java.lang.Thread.run", "com.example.Orders.list", "java.lang.Thread.run"}, 3);
        tree.add(new String[] {"thread_native_entry(Thread*)", "CompileBroker::compiler_thread_loop()"}, 2);

        String json = TreeJson.flame(tree.root(), "cpu", new TimeRange(Instant.EPOCH, Instant.EPOCH.plusSeconds(60)));

        assertThat(json).contains("\"root\":{\"name\":\"[root]\",\"self\":0,\"total\":5,");
        assertThat(json.substring(json.indexOf(",\"frameKinds\":{")))
                .contains("\"[root]\":\"synthetic\"")
                .contains("\"java.lang.Thread.run\":\"jdk\"")
                .contains("\"com.example.Orders.list\":\"application\"")
                .contains("\"thread_native_entry(Thread*)\":\"native\"")
                .contains("\"CompileBroker::compiler_thread_loop()\":\"native\"")
                .containsOnlyOnce("java.lang.Thread.run");
    }
}
