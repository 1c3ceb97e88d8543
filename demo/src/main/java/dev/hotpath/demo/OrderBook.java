package dev.hotpath.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongFunction;

/** The most recent orders, bounded so the demo's memory stays flat however long it runs. */
final class OrderBook {

    private final int capacity;
    private final Deque<Order> recent = new ArrayDeque<>();
    private long placed;

    OrderBook(int capacity) {
        this.capacity = capacity;
    }

    /** Stores the order built for the next order number and returns it. */
    synchronized Order add(LongFunction<Order> numbered) {
        Order order = numbered.apply(++placed);
        if (recent.size() == capacity) {
            recent.removeFirst();
        }
        recent.addLast(order);
        return order;
    }

    synchronized List<Order> recent() {
        return new ArrayList<>(recent);
    }
}
