package dev.hotpath.agent.config;

import java.util.Locale;

/**
 * One agent setting: key, type, default, valid range, a one-line description and, for settings the
 * collector may change, which way is cheaper for the host.
 */
public final class Setting<T> {

    /** Turns a raw string into a value, throwing {@link IllegalArgumentException} saying what is wrong. */
    interface Parser<T> {
        T parse(String raw);
    }

    private final String key;
    private final String type;
    private final T defaultValue;
    private final String range;
    private final String description;
    private final Parser<T> parser;
    private final Ceiling<T> ceiling;
    private final boolean secret;

    Setting(String key, String type, T defaultValue, String range, String description, Parser<T> parser) {
        this(key, type, defaultValue, range, description, parser, null, false);
    }

    private Setting(
            String key,
            String type,
            T defaultValue,
            String range,
            String description,
            Parser<T> parser,
            Ceiling<T> ceiling,
            boolean secret) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.range = range;
        this.description = description;
        this.parser = parser;
        this.ceiling = ceiling;
        this.secret = secret;
    }

    /** This setting, which the collector may change within the local value as {@code ceiling} says. */
    Setting<T> remote(Ceiling<T> ceiling) {
        return new Setting<>(key, type, defaultValue, range, description, parser, ceiling, secret);
    }

    /** This setting, whose value is never printed. */
    Setting<T> secret() {
        return new Setting<>(key, type, defaultValue, range, description, parser, ceiling, true);
    }

    public String key() {
        return key;
    }

    /** Human-readable type for the settings table, e.g. "integer" or "list". */
    public String type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** Valid values, e.g. "1..60000" or "cpu, wall, alloc, lock". */
    public String range() {
        return range;
    }

    public String description() {
        return description;
    }

    /** The system property that sets this key: {@code hotpath.<key>}. */
    public String systemPropertyName() {
        return "hotpath." + key;
    }

    /** The environment variable: {@code HOTPATH_} plus the key in upper snake case. */
    public String environmentName() {
        StringBuilder name = new StringBuilder("HOTPATH_");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                name.append('_');
            }
            name.append(Character.toUpperCase(c));
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }

    /** Whether the value must never appear in a message (the token). */
    public boolean isSecret() {
        return secret;
    }

    /** What the collector may set, for the settings table: e.g. "local or longer"; "no" when it cannot. */
    public String fromCollector() {
        return ceiling == null ? "no" : ceiling.text();
    }

    /** {@code remote} if it costs the host no more than {@code local}, else the costliest value within {@code local}. */
    T withinLocal(T remote, T local) {
        return ceiling.clamp(remote, local);
    }

    T parse(String raw) {
        return parser.parse(raw.trim());
    }

    @Override
    public String toString() {
        return key;
    }
}
