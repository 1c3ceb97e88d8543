package dev.hotpath.agent.labels;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One interned label set: its id and its labels as key, value, key, value... sorted by key; immutable. */
final class LabelSet {
  final int id;
  final String[] pairs;
  /** The sets a scope entered with a given map inside this one turns into; a map equal to a key hits here. */
  final Map<Map<String, String>, Integer> children = new ConcurrentHashMap<>();

  LabelSet(int id, String[] pairs) {
    this.id = id;
    this.pairs = pairs;
  }
}
