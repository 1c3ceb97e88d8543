package dev.hotpath.demo;

/** Parses a bounded whole number from a setting, with an error that names the setting and the bad value. */
final class WholeNumber {

    private WholeNumber() {}

    static int parse(String name, String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", not " + value);
        }
        return value;
    }
}
