package dev.hotpath.demo;

/** The demo service's command line: {@code [--port N] [--clients N] [--rate REQUESTS_PER_SECOND]}. */
record DemoOptions(int port, int clients, int requestsPerSecond) {

    static final String USAGE = "usage: java -jar hotpath-demo.jar [--port N (0 = any free port)] [--clients N] "
            + "[--rate REQUESTS_PER_SECOND]";

    static DemoOptions parse(String... args) {
        int port = 0;
        int clients = 4;
        int rate = 100;
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[i + 1];
            switch (name) {
                case "--port" -> port = WholeNumber.parse(name, value, 0, 65535);
                case "--clients" -> clients = WholeNumber.parse(name, value, 1, 64);
                case "--rate" -> rate = WholeNumber.parse(name, value, 1, 100_000);
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            }
        }
        return new DemoOptions(port, clients, rate);
    }
}
