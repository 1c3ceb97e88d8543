package dev.hotpath.demo;

import java.util.List;

/** An order as the API reads and writes it (Jackson binds the records by their component names). */
record Order(String id, String customer, List<Item> items, String placedAt, double total) {

    /** One line of an order. */
    record Item(String sku, int quantity, double price) {}
}
