import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Test-only Neo4j 5 server for c2graph's pytest suite (see tests/neo4j_server.py).
 *
 * <p>Run with the Java 11+ source launcher, no compile step:
 * {@code java -Xmx1g -cp CLASSPATH tests/neo4j/Neo4jLauncher.java PORT WORKDIR}
 * with the password in env NEO4J_TEST_PASSWORD (at least 1 character), and optionally
 * env NEO4J_TEST_TRANSACTION_MAX (bytes: a per-transaction memory limit).
 *
 * <p>Why each choice:
 * <ul>
 *   <li>neo4j-harness runs the real Community server in-process, so tests need only Java and
 *       Maven Central (no tarball or Docker image to download).</li>
 *   <li>Bolt listens on 127.0.0.1:PORT only; HTTP/HTTPS are off (nothing uses them).</li>
 *   <li>The harness turns auth off; we turn it on and set the built-in {@code neo4j} user's
 *       password through the system database, so tests run the same auth path as production.</li>
 *   <li>Everything the server logs goes to stderr; stdout carries exactly one line,
 *       {@code READY bolt://127.0.0.1:PORT}, which the Python parent waits for.</li>
 *   <li>The server lives until stdin reaches EOF: when the Python parent exits or dies, its end
 *       of the pipe closes and the server shuts down instead of lingering.</li>
 * </ul>
 */
public class Neo4jLauncher {
    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0); // harness threads are not all daemons
        } catch (Throwable e) {
            // Without an explicit exit a failed start leaves non-daemon threads running,
            // and the parent would wait for READY until its timeout.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Neo4jLauncher PORT WORKDIR  (password in env NEO4J_TEST_PASSWORD)");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path workdir = Path.of(args[1]).toAbsolutePath();
        String password = System.getenv("NEO4J_TEST_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("NEO4J_TEST_PASSWORD is not set");
            System.exit(2);
        }

        // Keep stdout for the READY line alone; anything else printed goes to stderr.
        PrintStream ready = System.out;
        System.setOut(System.err);

        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(workdir)
                .withDisabledServer() // no HTTP/HTTPS connectors
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, bolt)
                .withConfig(BoltConnector.advertised_address, bolt)
                .withConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                .withConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                .withConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                .withConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt's Netty default waits ~10 s for a "quiet period" on close; tests want it now.
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(3))
                // db.memory.transaction.max for tests of a server's memory ceiling (bytes; 0: none)
                .withConfig(GraphDatabaseSettings.memory_transaction_max_size,
                        Long.parseLong(System.getenv().getOrDefault("NEO4J_TEST_TRANSACTION_MAX", "0")))
                .build();

        Thread closer = new Thread(neo4j::close, "neo4j-shutdown");
        Runtime.getRuntime().addShutdownHook(closer); // also close cleanly on SIGTERM / Ctrl-C

        // Embedded transactions bypass auth, so the system database accepts this without a login.
        neo4j.databaseManagementService()
                .database("system")
                .executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));

        ready.println("READY bolt://127.0.0.1:" + port);
        ready.flush();

        while (System.in.read() != -1) {
            // Discard input; only EOF matters.
        }
        System.err.println("stdin closed, shutting down Neo4j");
        Runtime.getRuntime().removeShutdownHook(closer);
        neo4j.close();
    }
}
