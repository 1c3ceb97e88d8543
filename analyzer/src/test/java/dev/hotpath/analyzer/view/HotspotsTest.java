package dev.hotpath.analyzer.view;

import static dev.hotpath.analyzer.Folded.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HotspotsTest {

    @Test
    void bySelf_functionLeafOnSeveralPaths_sumsSelfAcrossPaths() {
        List<Hotspot> hotspots = Hotspots.bySelf(tree("main;a;hash 30", "main;b;hash 20", "main;a 10", "main;b 40"));

        Hotspot hash = hotspots.get(0);
        assertThat(hash.function()).isEqualTo("hash");
        assertThat(hash.self()).isEqualTo(50);
        assertThat(hash.selfShare()).isCloseTo(0.5, within(1e-9));
        assertThat(hotspots).extracting(Hotspot::function).containsExactly("hash", "b", "a", "main");
    }

    @Test
    void byTotal_recursiveFunction_countsEachStackOnce() {
        List<Hotspot> hotspots = Hotspots.byTotal(tree("main;walk;walk;walk 6", "main;walk 4", "main;other 10"));

        Hotspot walk = hotspots.stream()
                .filter(h -> h.function().equals("walk"))
                .findFirst()
                .orElseThrow();
        assertThat(walk.total()).isEqualTo(10);
        assertThat(walk.self()).isEqualTo(10);
        assertThat(walk.totalShare()).isCloseTo(0.5, within(1e-9));
        assertThat(hotspots.get(0).function()).isEqualTo("main");
    }
}
