package dev.hotpath.demo;

import java.util.ArrayList;
import java.util.List;

/** The product catalogue as the legacy import left it: one text line per product, "sku | name | tags | price". */
record Catalog(List<String> lines) {

    private static final String[] COLOURS = {"red", "blue", "black", "white", "green", "grey", "navy", "olive"};
    private static final String[] THINGS = {
        "running shoes",
        "rain jacket",
        "wool socks",
        "backpack",
        "water bottle",
        "trail shoes",
        "fleece",
        "cap",
        "gloves",
        "tent",
        "sleeping bag",
        "headlamp"
    };
    private static final String[] TAGS = {"outdoor", "sale", "new", "kids", "winter", "summer", "eco", "classic"};

    /** A fixed catalogue of 384 products, the same on every run. */
    static Catalog standard() {
        List<String> lines = new ArrayList<>();
        int n = 0;
        for (String colour : COLOURS) {
            for (String thing : THINGS) {
                for (int size = 0; size < 4; size++) {
                    n++;
                    lines.add("SKU-" + n + " | " + colour + " " + thing + " " + (size + 1) + " | "
                            + TAGS[n % TAGS.length] + "," + TAGS[(n * 7) % TAGS.length] + " | " + (5 + (n * 37) % 200)
                            + ".99");
                }
            }
        }
        return new Catalog(List.copyOf(lines));
    }
}
