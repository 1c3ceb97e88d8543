package dev.hotpath.agent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the agent argument string {@code key=value,key=value}. */
final class AgentArguments {
    private AgentArguments() {}

    /**
     * The key/value pairs of {@code args}. A part without '=' continues the previous value, so
     * {@code profiles=cpu,alloc} keeps both types; a part that continues nothing is a problem.
     */
    static Map<String, String> parse(String args, List<String> problems) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (args == null || args.trim().isEmpty()) {
            return parsed;
        }
        String lastKey = null;
        int position = 0;
        for (String part : args.split(",")) {
            position++;
            int eq = part.indexOf('=');
            if (eq > 0) {
                lastKey = part.substring(0, eq).trim();
                if (parsed.containsKey(lastKey)) {
                    problems.add("setting '" + lastKey + "' given twice in agent arguments; the first value is used");
                    lastKey = null;
                } else {
                    parsed.put(lastKey, part.substring(eq + 1).trim());
                }
            } else if (lastKey != null && !part.trim().isEmpty()) {
                parsed.put(lastKey, parsed.get(lastKey) + "," + part.trim());
            } else if (!part.trim().isEmpty()) {
                // Its text is not shown: a stray part may be (part of) a token.
                problems.add("agent argument " + position + " is not key=value and is ignored");
            }
        }
        return parsed;
    }
}
