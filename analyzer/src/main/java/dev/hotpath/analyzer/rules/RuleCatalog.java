package dev.hotpath.analyzer.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every recommendation rule, held here and nowhere else; docs/recommendations.md is generated from this list by
 * {@link RecommendationsDoc}.
 */
public final class RuleCatalog {
    private static final RuleCatalog DEFAULT = new RuleCatalog(List.of(
            Rule.builder("aws-sdk-client-per-call")
                    .title("AWS SDK service client created per call")
                    .detects(
                            "Building AWS SDK service clients (v1 or v2) on request paths instead of once per application.")
                    .targets(
                            "software.amazon.awssdk.core.client.builder.SdkDefaultClientBuilder.build",
                            "software.amazon.awssdk.services.*ClientBuilder.build",
                            "com.amazonaws.client.builder.AwsSyncClientBuilder.build",
                            "com.amazonaws.client.builder.AwsAsyncClientBuilder.build",
                            "com.amazonaws.AmazonWebServiceClient.<init>")
                    .threshold(1.0)
                    .why(
                            "A client build resolves credentials and region providers, loads endpoint rules, creates an HTTP "
                                    + "client with its connection pool and TLS context; none of it is reused, and connections are "
                                    + "re-established.")
                    .fix(
                            "Create each service client once (a field, a singleton bean) and share it: clients are thread-safe.",
                            "Close clients only at shutdown.")
                    .build(),
            Rule.builder("logger-per-call")
                    .title("Logger looked up per call")
                    .detects(
                            "Logger factory lookups (SLF4J, Log4j 2, commons-logging, java.util.logging) on hot paths.")
                    .targets(
                            "org.slf4j.LoggerFactory.getLogger",
                            "org.apache.logging.log4j.LogManager.getLogger",
                            "org.apache.commons.logging.LogFactory.getLog",
                            "java.util.logging.Logger.getLogger",
                            "ch.qos.logback.classic.LoggerContext.getLogger")
                    .threshold(1.0)
                    .why(
                            "Each lookup walks the logger hierarchy under a lock, may compute the caller's class from a stack "
                                    + "walk, and allocates; loggers are meant to be fetched once.")
                    .fix(
                            "Hold the logger in a private static final field.",
                            "Pass a Class, not a computed name, so the lookup is a map hit.")
                    .build(),
            Rule.builder("jackson-objectmapper-per-call")
                    .title("Jackson ObjectMapper created per call")
                    .detects("Constructing com.fasterxml.jackson.databind.ObjectMapper on request paths.")
                    .targets(
                            "com.fasterxml.jackson.databind.ObjectMapper.<init>",
                            "com.fasterxml.jackson.databind.json.JsonMapper.builder",
                            "com.fasterxml.jackson.databind.ObjectMapper.copy")
                    .threshold(1.0)
                    .why(
                            "A new mapper starts with empty serializer and deserializer caches, so every call re-introspects "
                                    + "the classes it writes and reads (reflection, annotation scanning) before doing any work.")
                    .fix(
                            "Create one ObjectMapper, configure it, and share it: it is thread-safe after configuration.",
                            "For per-call settings derive an ObjectReader or ObjectWriter from the shared mapper.")
                    .build(),
            Rule.builder("exception-stack-traces")
                    .title("Exceptions used for control flow")
                    .detects("Time filling in stack traces of exceptions that are created and thrown often.")
                    .targets("java.lang.Throwable.fillInStackTrace")
                    .threshold(2.0)
                    .why(
                            "fillInStackTrace walks and records the whole stack on every construction; thrown in a loop or per "
                                    + "request as a normal outcome (parse failures, not-found), it costs far more than a return value.")
                    .fix(
                            "Return a result (Optional, a status) for expected outcomes instead of throwing.",
                            "Check before calling (e.g. validate a number's format) rather than catching the exception.",
                            "For exceptions that are part of a protocol, override fillInStackTrace or use the "
                                    + "writableStackTrace=false constructor.")
                    .build(),
            Rule.builder("regex-compiled-per-call")
                    .title("Regular expression compiled on a hot path")
                    .detects("java.util.regex.Pattern compilation, directly or through String.split, replaceAll, "
                            + "replaceFirst and matches.")
                    .targets("java.util.regex.Pattern.compile", "java.util.regex.Pattern.<init>")
                    .threshold(2.0)
                    .why(
                            "Compiling a pattern parses it and builds a matcher graph each time; String.split (with a "
                                    + "multi-character or special regex), replaceAll and matches compile a fresh Pattern on every call.")
                    .fix(
                            "Compile the Pattern once into a static final field and use pattern.matcher(s) or pattern.split(s).",
                            "For literal replacements use String.replace, which does not compile a regex.")
                    .build(),
            Rule.builder("string-format")
                    .title("String.format on a hot path")
                    .detects("java.util.Formatter work behind String.format, formatted and printf.")
                    .targets("java.lang.String.format", "java.lang.String.formatted", "java.util.Formatter.format")
                    .threshold(2.0)
                    .why("String.format parses the format string with a regex-like scanner on every call, allocates a "
                            + "Formatter and boxes its arguments; it is several times slower than concatenation.")
                    .fix(
                            "Use concatenation or a StringBuilder for simple messages.",
                            "Format only when the text is really produced (e.g. not for a log message at a disabled level).")
                    .build(),
            Rule.builder("logging-disabled-level")
                    .title("Logging work at a disabled level")
                    .detects("Time inside debug and trace logging calls that never reach an appender.")
                    .targets(
                            "ch.qos.logback.classic.Logger.debug",
                            "ch.qos.logback.classic.Logger.trace",
                            "org.apache.logging.log4j.spi.AbstractLogger.debug",
                            "org.apache.logging.log4j.spi.AbstractLogger.trace",
                            "org.apache.logging.log4j.spi.AbstractLogger.logIfEnabled",
                            "java.util.logging.Logger.fine",
                            "java.util.logging.Logger.finer",
                            "java.util.logging.Logger.finest")
                    // Any of these means the level was enabled and an event is being built or written.
                    .unless(
                            "*Appender*.append*",
                            "*.doAppend",
                            "*.callAppenders",
                            "java.util.logging.*Handler.publish",
                            "ch.qos.logback.classic.Logger.buildLoggingEventAndAppend",
                            "org.apache.logging.log4j.core.Logger.logMessage",
                            "org.apache.logging.log4j.core.config.LoggerConfig.log",
                            "java.util.logging.Logger.doLog")
                    .threshold(2.0)
                    .why(
                            "A call at a disabled level still builds its arguments (toString, concatenation, varargs arrays), "
                                    + "runs turbo filters and level checks; done per item in a loop it is pure waste.")
                    .fix(
                            "Use parameterised messages (\"{}\") or lambdas/suppliers so arguments are built only when enabled.",
                            "Guard expensive argument building with isDebugEnabled().",
                            "Remove turbo filters and MDC lookups that run before the level check.")
                    .build(),
            Rule.builder("logging-output-heavy")
                    .title("Heavy logging output")
                    .detects("A large share of the samples inside log appenders writing and formatting events.")
                    .targets(
                            "ch.qos.logback.core.UnsynchronizedAppenderBase.doAppend",
                            "ch.qos.logback.core.AppenderBase.doAppend",
                            "org.apache.logging.log4j.core.appender.AbstractOutputStreamAppender.append",
                            "java.util.logging.StreamHandler.publish")
                    .threshold(5.0)
                    .why(
                            "Each event is formatted by pattern layouts (dates, caller data, MDC) and written under a lock; at "
                                    + "high rates this costs CPU and serialises threads on the appender.")
                    .fix(
                            "Lower the level of chatty loggers or sample repeated messages.",
                            "Use an asynchronous appender and avoid caller data (%L, %M, %C) in patterns.")
                    .build(),
            Rule.builder("reflection-lookup")
                    .title("Reflective lookups on a hot path")
                    .detects("Class.forName, getMethod/getDeclaredField and bean introspection called repeatedly.")
                    .targets(
                            "java.lang.Class.forName",
                            "java.lang.Class.getMethod",
                            "java.lang.Class.getMethods",
                            "java.lang.Class.getDeclaredMethod",
                            "java.lang.Class.getDeclaredMethods",
                            "java.lang.Class.getField",
                            "java.lang.Class.getDeclaredField",
                            "java.lang.Class.getDeclaredFields",
                            "java.lang.Class.getDeclaredConstructor",
                            "java.beans.Introspector.getBeanInfo")
                    .threshold(2.0)
                    .why("Lookups search and copy member arrays, check access and may load classes under a lock; the "
                            + "results are immutable and could be cached.")
                    .fix(
                            "Look up Method/Field/Constructor objects once and cache them (a static field or a ClassValue).",
                            "Prefer a MethodHandle or a plain interface call when the target is known.")
                    .build(),
            Rule.builder("boxing")
                    .title("Boxing of primitives")
                    .detects("Wrapper allocation by Integer.valueOf, Long.valueOf and friends in hot loops.")
                    .targets(
                            "java.lang.Integer.valueOf",
                            "java.lang.Long.valueOf",
                            "java.lang.Double.valueOf",
                            "java.lang.Float.valueOf",
                            "java.lang.Short.valueOf",
                            "java.lang.Character.valueOf",
                            "java.lang.Byte.valueOf")
                    .threshold(3.0)
                    .why("Every box outside the small-value cache is an allocation and an indirection; collections of "
                            + "wrappers multiply GC work and cache misses.")
                    .fix(
                            "Use primitive fields, arrays and primitive streams (IntStream, LongStream).",
                            "Use primitive collections (e.g. fastutil, Eclipse Collections) for large maps and lists of numbers.")
                    .build(),
            Rule.builder("crypto-instance-per-call")
                    .title("MessageDigest, Cipher or Mac created per call")
                    .detects(
                            "JCA getInstance calls for digests, ciphers, MACs, signatures and key factories on hot paths.")
                    .targets(
                            "java.security.MessageDigest.getInstance",
                            "javax.crypto.Cipher.getInstance",
                            "javax.crypto.Mac.getInstance",
                            "java.security.Signature.getInstance",
                            "java.security.KeyFactory.getInstance",
                            "javax.crypto.KeyGenerator.getInstance",
                            "javax.crypto.SecretKeyFactory.getInstance")
                    .threshold(1.0)
                    .why(
                            "getInstance searches the installed providers (synchronised service lookups, reflection) before "
                                    + "creating the engine; the lookup often costs more than hashing a small message.")
                    .fix(
                            "Keep one instance per thread (ThreadLocal) or pool them; these objects are not thread-safe.",
                            "Call reset() / init() to reuse an instance instead of creating a new one.")
                    .build(),
            Rule.builder("securerandom-per-call")
                    .title("SecureRandom created per call")
                    .detects("Construction and seeding of java.security.SecureRandom on hot paths.")
                    .targets(
                            "java.security.SecureRandom.<init>",
                            "java.security.SecureRandom.getInstance",
                            "java.security.SecureRandom.getInstanceStrong",
                            "sun.security.provider.SeedGenerator*")
                    .threshold(1.0)
                    .why("A new SecureRandom looks up a provider and seeds itself, which can read from the OS entropy "
                            + "source and block; getInstanceStrong may block for a long time on Linux.")
                    .fix(
                            "Create one SecureRandom and share it: it is thread-safe.",
                            "Avoid getInstanceStrong() on request paths.")
                    .build(),
            Rule.builder("xml-factory-per-call")
                    .title("XML parser or transformer factory created per call")
                    .detects("JAXP factory creation (DocumentBuilderFactory, SAXParserFactory, TransformerFactory, "
                            + "XMLInputFactory, XPathFactory) on hot paths.")
                    .targets(
                            "javax.xml.parsers.DocumentBuilderFactory.newInstance",
                            "javax.xml.parsers.DocumentBuilderFactory.newDefaultInstance",
                            "javax.xml.parsers.SAXParserFactory.newInstance",
                            "javax.xml.transform.TransformerFactory.newInstance",
                            "javax.xml.stream.XMLInputFactory.newInstance",
                            "javax.xml.stream.XMLInputFactory.newFactory",
                            "javax.xml.stream.XMLOutputFactory.newInstance",
                            "javax.xml.xpath.XPathFactory.newInstance")
                    .threshold(1.0)
                    .why("newInstance runs the service-provider lookup (system properties, jaxp.properties, class path "
                            + "scanning of META-INF/services) and loads classes every time.")
                    .fix(
                            "Create factories once and keep them; create cheap per-use objects (DocumentBuilder, Transformer) "
                                    + "from them per thread.",
                            "Set the factory implementation explicitly with the javax.xml.* system properties.")
                    .build(),
            Rule.builder("jaxb-context-per-call")
                    .title("JAXBContext created per call")
                    .detects("JAXBContext.newInstance (javax or jakarta) on hot paths.")
                    .targets("javax.xml.bind.JAXBContext.newInstance", "jakarta.xml.bind.JAXBContext.newInstance")
                    .threshold(1.0)
                    .why(
                            "Creating a JAXBContext introspects every bound class and builds the binding model; it is meant "
                                    + "to be created once.")
                    .fix(
                            "Create the JAXBContext once and share it (it is thread-safe); create Marshaller/Unmarshaller per use.")
                    .build(),
            Rule.builder("java-serialization")
                    .title("Java serialization")
                    .detects("ObjectOutputStream.writeObject and ObjectInputStream.readObject.")
                    .targets("java.io.ObjectOutputStream.writeObject", "java.io.ObjectInputStream.readObject")
                    .threshold(5.0)
                    .why("Java serialization reflects over every object graph, writes class descriptors and checks "
                            + "security on read; it is slow and a known attack surface.")
                    .fix(
                            "Use an explicit format (JSON, protobuf, Kryo, records with a codec) for caches and messages.",
                            "Cache serialized bytes of immutable values instead of serializing repeatedly.")
                    .build(),
            Rule.builder("compression-heavy")
                    .title("Compression on a hot path")
                    .detects("A large share of the samples compressing or decompressing with java.util.zip.")
                    .targets(
                            "java.util.zip.Deflater.deflate",
                            "java.util.zip.Inflater.inflate",
                            "java.util.zip.Deflater.<init>",
                            "java.util.zip.Inflater.<init>")
                    .threshold(5.0)
                    .why("Deflate is CPU-heavy, and at the default level trades much CPU for a little size; a new "
                            + "Deflater per call also allocates native buffers.")
                    .fix(
                            "Lower the compression level (e.g. Deflater.BEST_SPEED) or compress only payloads above a size.",
                            "Reuse Deflater/Inflater instances, or move to a cheaper codec (LZ4, zstd).",
                            "Cache compressed forms of static content.")
                    .build(),
            Rule.builder("date-format-per-call")
                    .title("Date or number format created per call")
                    .detects(
                            "SimpleDateFormat, DecimalFormat, NumberFormat and DateTimeFormatter.ofPattern on hot paths.")
                    .targets(
                            "java.text.SimpleDateFormat.<init>",
                            "java.text.DecimalFormat.<init>",
                            "java.text.NumberFormat.getInstance",
                            "java.text.NumberFormat.getNumberInstance",
                            "java.text.DateFormat.getDateInstance",
                            "java.text.DateFormat.getDateTimeInstance",
                            "java.time.format.DateTimeFormatter.ofPattern")
                    .threshold(1.0)
                    .why(
                            "Each construction parses the pattern and loads locale data (calendar, symbols); the formatter "
                                    + "itself is cheap to use once built.")
                    .fix(
                            "Use a static final DateTimeFormatter (immutable, thread-safe).",
                            "For legacy SimpleDateFormat/DecimalFormat keep one per thread in a ThreadLocal.")
                    .build(),
            Rule.builder("thread-per-task")
                    .title("Threads or thread pools created per task")
                    .detects("Thread construction and start, and executor creation, on request paths.")
                    .targets(
                            "java.lang.Thread.start",
                            "java.lang.Thread.<init>",
                            "java.util.concurrent.Executors.new*",
                            "java.util.concurrent.ThreadPoolExecutor.<init>")
                    .threshold(1.0)
                    .why(
                            "Starting a platform thread reserves a stack, makes system calls and touches the scheduler; a pool "
                                    + "created per task pays that every time and leaks threads if not shut down.")
                    .fix(
                            "Submit tasks to one long-lived, bounded executor.",
                            "On Java 21+ consider virtual threads for blocking tasks.")
                    .build(),
            Rule.builder("gc-pressure")
                    .title("Excessive garbage collection")
                    .detects("GC worker threads taking a large share of the CPU samples.")
                    .targets(
                            "G1*",
                            "PSScavenge*",
                            "PSPromotionManager*",
                            "PSParallelCompact*",
                            "ParallelScavengeHeap*",
                            "Z*::*",
                            "Shenandoah*",
                            "GCTaskThread*",
                            "ConcurrentGCThread*",
                            "ScavengeRootsTask*")
                    .threshold(10.0)
                    .why("GC work is proportional to allocation rate and live data; a high share means the application "
                            + "allocates faster than the heap can absorb cheaply.")
                    .fix(
                            "Profile allocations (type alloc) and remove the top allocation sites.",
                            "Size the heap and young generation for the live set; check for caches that grow without bound.")
                    .build(),
            Rule.builder("lock-contention")
                    .title("Lock contention")
                    .detects(
                            "Threads spinning or parking to acquire contended monitors and java.util.concurrent locks.")
                    .targets(
                            "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire*",
                            "ObjectMonitor::enter*",
                            "ObjectMonitor::EnterI*",
                            "ObjectSynchronizer::enter*")
                    .unless("java.util.concurrent.ThreadPoolExecutor.getTask")
                    .threshold(5.0)
                    .why("Contended locks serialise threads, and the spinning and parking to acquire them burns CPU on "
                            + "context switches and cache-line traffic.")
                    .fix(
                            "Shrink the critical section or split the lock (striping, per-key locks).",
                            "Use concurrent data structures (ConcurrentHashMap, LongAdder) instead of synchronized collections.",
                            "Remove locks around shared objects that are only read after construction.")
                    .build(),
            Rule.builder("dns-lookup")
                    .title("DNS lookups on a hot path")
                    .detects("Host name resolution and reverse lookups through java.net.InetAddress.")
                    .targets(
                            "java.net.InetAddress.getAddressesFromNameService",
                            "java.net.Inet*AddressImpl.lookupAllHostAddr",
                            "java.net.Inet*AddressImpl.getHostByAddr",
                            "java.net.InetAddress.getLocalHost",
                            "java.net.InetAddress.getHostFromNameService")
                    .threshold(1.0)
                    .why(
                            "A cache miss goes to the system resolver (files, then network); reverse lookups and getLocalHost "
                                    + "are not cached for long and can block for seconds.")
                    .fix(
                            "Resolve once and reuse the InetAddress, or rely on a connection pool.",
                            "Avoid getHostName()/getCanonicalHostName() for logging; log the address instead.",
                            "Tune networkaddress.cache.ttl when names are stable.")
                    .build(),
            Rule.builder("explicit-gc")
                    .title("Explicit garbage collection")
                    .detects("Calls to System.gc() or Runtime.gc().")
                    .targets("java.lang.System.gc", "java.lang.Runtime.gc")
                    .threshold(0.5)
                    .why("System.gc() runs a full, usually stop-the-world collection regardless of need.")
                    .fix(
                            "Remove the call; let the collector decide, or run with -XX:+DisableExplicitGC if a library makes it.")
                    .build(),
            Rule.builder("uuid-random")
                    .title("Random UUIDs on a hot path")
                    .detects("UUID.randomUUID, which draws from a shared SecureRandom.")
                    .targets("java.util.UUID.randomUUID")
                    .threshold(2.0)
                    .why(
                            "randomUUID reads 16 bytes from a SecureRandom shared by the whole JVM; under load the calls are "
                                    + "slow and contend on its lock.")
                    .fix(
                            "Use a cheaper unique id where unpredictability is not needed (a counter, ThreadLocalRandom-based "
                                    + "UUIDs, time-based ids).")
                    .build(),
            Rule.builder("http-client-per-call")
                    .title("HTTP client created per call")
                    .detects("Building HTTP clients (JDK, Apache HttpClient, OkHttp) on request paths.")
                    .targets(
                            "java.net.http.HttpClient.newHttpClient",
                            "java.net.http.HttpClient$Builder.build",
                            "jdk.internal.net.http.HttpClientBuilderImpl.build",
                            "org.apache.http.impl.client.HttpClientBuilder.build",
                            "org.apache.hc.client5.http.impl.classic.HttpClientBuilder.build",
                            "okhttp3.OkHttpClient.<init>",
                            "okhttp3.OkHttpClient$Builder.build")
                    .threshold(1.0)
                    .why(
                            "A new client brings a new connection pool, TLS context and often a selector thread; connections "
                                    + "(and TLS handshakes) are never reused.")
                    .fix(
                            "Create one client per target configuration and share it; all of these clients are thread-safe.")
                    .build(),
            Rule.builder("stack-trace-inspection")
                    .title("Stack traces captured for caller information")
                    .detects("Thread.getStackTrace, Throwable.getStackTrace and logging caller data.")
                    .targets(
                            "java.lang.Thread.getStackTrace",
                            "java.lang.Throwable.getStackTrace",
                            "java.lang.Throwable.getOurStackTrace",
                            "ch.qos.logback.classic.spi.CallerData.extract",
                            "org.apache.logging.log4j.util.StackLocator.calcLocation")
                    .threshold(2.0)
                    .why(
                            "Materialising a stack trace walks every frame and creates a StackTraceElement per frame, with "
                                    + "string lookups for class, method and file names.")
                    .fix(
                            "Drop caller data (%L, %M, %F, %C, location=true) from logging patterns.",
                            "Use StackWalker with a limit, or getCallerClass, when only the caller is needed.")
                    .build()));

    private final List<Rule> rules;

    private RuleCatalog(List<Rule> rules) {
        Set<String> ids = new HashSet<>();
        for (Rule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("duplicate rule id " + rule.id());
            }
        }
        this.rules = List.copyOf(rules);
    }

    /** The catalogue Hotpath ships. */
    public static RuleCatalog standard() {
        return DEFAULT;
    }

    public List<Rule> rules() {
        return rules;
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
