package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack the build started on PostgreSQL (failsafe's "postgresql" execution, docs/database.md), seen
 * from the database the operator named: the vault and the EJB timers are there and not in a Derby, the
 * database password stays a secret, a new version's columns are added when it is deployed, and bad
 * database settings are refused with nothing changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresDatabaseIT {

    private static final String URL = System.getProperty("lifeboat.database.url");
    private static final Path PASSWORD_FILE = Path.of(System.getProperty("lifeboat.database.password.file"));
    private static final String POLICY = "postgres-database-it";

    @BeforeAll
    @AfterAll
    void removePolicy() {
        LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + POLICY, null);
    }

    @Test
    @Order(1)
    void theVaultAndItsTimersAreInPostgresqlAndNoDerbyIsMade() throws SQLException {
        HttpResponse<String> created = LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + POLICY,
                "{\"rpoThresholdMinutes\":17,\"retentionHours\":48,\"crashConsistentFrequencyMinutes\":10}");
        assertEquals(201, created.statusCode(), created.body());

        try (Connection db = connect(); Statement sql = db.createStatement()) {
            assertEquals(List.of("17"), rows(sql, "SELECT rpothresholdminutes FROM replication_policy WHERE name = '"
                    + POLICY + "'"));
            // persistent EJB timers (retention, RPO, heartbeat...) live beside the vault
            assertNotEquals(List.of("0"), rows(sql, "SELECT COUNT(*) FROM \"EJB__TIMER__TBL\""));
            String hash = rows(sql, "SELECT password_hash FROM administrator WHERE name = 'admin'").get(0);
            assertTrue(hash.startsWith("PBKDF2WithHmacSHA256:"), hash);
            assertFalse(hash.contains(LifeboatStack.adminPassword()));
            // the indexes one item's read needs were made at the first start (PostgreSQL indexes no foreign key)
            assertEquals(INDEXES, indexes(sql));
        }
        assertFalse(Files.exists(LifeboatStack.HOME.resolve("db/vault")), "a Derby database was made as well");
    }

    /**
     * Reading a protected item leaves its row alone: an item that never failed over was written back at every read
     * (a null embedded failover status replaced by an empty one), an UPDATE and a row lock per read. A row's xmin
     * is the transaction that last wrote it.
     */
    @Test
    @Order(2)
    void readingAProtectedItemDoesNotWriteIt() throws Exception {
        String item = "postgres-it-read";
        RegisteredTestAgent.registerAndProtect(item, 1 << 20);
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            String query = "SELECT xmin::text FROM protected_item WHERE name = '" + item + "'";
            List<String> before = rows(sql, query);
            assertEquals(1, before.size(), "the item's row");
            for (String read : List.of("", "/failoverSettings", "/recoveryPoints", "")) {
                HttpResponse<String> answer = LifeboatStack.getAsAdmin("/protectedItems/" + item + read);
                assertEquals(200, answer.statusCode(), answer.body());
            }
            assertEquals(200, LifeboatStack.getAsAdmin("/protectedItems").statusCode());
            assertEquals(before, rows(sql, query), "reading the item wrote its row");
        } finally {
            LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + item, null);
        }
    }

    @Test
    @Order(2)
    void theDatabasePasswordIsOnlyInItsOwnerOnlyFile() throws IOException {
        String password = LifeboatStack.read(PASSWORD_FILE);
        Path secret = LifeboatStack.HOME.resolve("secrets/database-password");
        assertEquals(password, LifeboatStack.read(secret));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(secret));

        List<Path> looked = new ArrayList<>(List.of(LifeboatStack.HOME.resolve("lifeboat.conf"),
                LifeboatStack.HOME.resolve("domains/lifeboat/config/domain.xml")));
        for (String dir : new String[]{"logs", "run", "domains/lifeboat/logs"}) {
            try (Stream<Path> files = Files.walk(LifeboatStack.HOME.resolve(dir))) {
                files.filter(Files::isRegularFile).forEach(looked::add);
            }
        }
        for (Path file : looked) {
            assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(password),
                    "the database password is in " + file);
        }
        assertTrue(LifeboatStack.read(LifeboatStack.HOME.resolve("domains/lifeboat/config/domain.xml"))
                .contains("${ALIAS=lifeboat-database-password}"), "the pool does not name the password alias");
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    assertFalse(new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.ISO_8859_1)
                            .contains(password), "the database password is on the command line of " + process);
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
    }

    @Test
    void badDatabaseSettingsAreRefusedAndChangeNothing(@TempDir Path homes) throws IOException {
        Path home = homes.resolve("home");
        LifeboatStack.CommandResult withPassword = LifeboatStack.launcherIn(home, LifeboatStack.PORT_BASE + 300,
                Map.of("LIFEBOAT_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/lifeboat?user=lifeboat&password=x"),
                Duration.ofMinutes(2), "start");
        assertNotEquals(0, withPassword.exitCode(), withPassword.toString());
        assertTrue(withPassword.stderr().contains("LIFEBOAT_DATABASE_URL must not hold the password: put it in a file"
                + " and name it in LIFEBOAT_DATABASE_PASSWORD_FILE"), withPassword.toString());
        LifeboatStack.CommandResult notPostgresql = LifeboatStack.launcherIn(home, LifeboatStack.PORT_BASE + 300,
                Map.of("LIFEBOAT_DATABASE_URL", "jdbc:mysql://127.0.0.1/lifeboat"), Duration.ofMinutes(2), "start");
        assertNotEquals(0, notPostgresql.exitCode(), notPostgresql.toString());
        assertTrue(notPostgresql.stderr().contains("LIFEBOAT_DATABASE_URL must be a PostgreSQL JDBC URL"),
                notPostgresql.toString());
        try (Stream<Path> made = Files.list(home)) {
            assertEquals(List.of(), made.toList(), "a refused start left files behind");
        }

        Path conf = LifeboatStack.HOME.resolve("lifeboat.conf");
        byte[] before = Files.readAllBytes(conf);
        LifeboatStack.CommandResult otherDatabase = LifeboatStack.launcherIn(LifeboatStack.HOME, LifeboatStack.PORT_BASE,
                Map.of("LIFEBOAT_DATABASE_URL", URL + "&ApplicationName=other"), Duration.ofMinutes(2), "start");
        assertNotEquals(0, otherDatabase.exitCode(), otherDatabase.toString());
        assertTrue(otherDatabase.stderr().contains("the database is fixed when a home is created"), otherDatabase.toString());
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(conf));
        assertEquals(200, LifeboatStack.get(LifeboatStack.api("/health"), null, null).statusCode());
    }

    /**
     * An upgrade deploys a new EAR; EclipseLink then adds the columns the new version's entities have. The default
     * policy is made at the start, before any request: on a fresh vault, parallel first requests that each made it
     * collided (duplicate key, a 500 for all but one; seen in the scale-out bench's first enables).
     */
    @Test
    @Order(3)
    void whatTheVaultLacksIsAddedWhenTheApplicationIsDeployed() throws SQLException, IOException {
        boolean defaultPolicyDeleted;
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            sql.execute("ALTER TABLE timer_heartbeat DROP COLUMN firings");
            sql.execute("DROP INDEX recovery_point_item"); // a vault made before the index existed
            // a fresh vault has no default policy; unless an item or group of another test class still uses it
            defaultPolicyDeleted = sql.executeUpdate("DELETE FROM replication_policy WHERE name = 'default'"
                    + " AND NOT EXISTS (SELECT 1 FROM protected_item WHERE policy_name = 'default')"
                    + " AND NOT EXISTS (SELECT 1 FROM replication_group WHERE policy_name = 'default')") == 1;
        }
        LifeboatStack.CommandResult stop = LifeboatStack.launcher("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        // the launcher deploys at start an EAR that differs from the one it deployed last: a new version
        Files.delete(LifeboatStack.HOME.resolve("run/deployed.sha256"));
        LifeboatStack.CommandResult start = LifeboatStack.launcherIn(LifeboatStack.HOME, LifeboatStack.PORT_BASE,
                Duration.ofMinutes(30), "start");
        assertEquals(0, start.exitCode(), start.toString());
        assertTrue(start.stdout().contains("Deploying lifeboat.ear"), start.stdout());

        try (Connection db = connect(); Statement sql = db.createStatement()) {
            // read before any request of this test, which could make it
            assertEquals(List.of("1"), rows(sql, "SELECT COUNT(*) FROM replication_policy WHERE name = 'default'"),
                    "the default policy after the start (deleted before it: " + defaultPolicyDeleted + ")");
            assertEquals(List.of("bigint"), rows(sql, "SELECT data_type FROM information_schema.columns"
                    + " WHERE table_name = 'timer_heartbeat' AND column_name = 'firings'"));
            assertEquals(INDEXES, indexes(sql));
        }
        HttpResponse<String> policy = LifeboatStack.getAsAdmin("/replicationPolicies/" + POLICY);
        assertEquals(200, policy.statusCode(), "the vault did not survive the upgrade: " + policy.body());
        assertEquals(200, LifeboatStack.get(LifeboatStack.api("/health"), null, null).statusCode());
    }

    private static final List<String> INDEXES = List.of("recovery_point_disk_point", "recovery_point_item");

    private static List<String> indexes(Statement sql) throws SQLException {
        return rows(sql, "SELECT indexname FROM pg_indexes WHERE indexname IN ('recovery_point_item',"
                + " 'recovery_point_disk_point') ORDER BY indexname");
    }

    private static Connection connect() throws SQLException {
        Properties login = new Properties();
        login.setProperty("password", LifeboatStack.read(PASSWORD_FILE));
        return DriverManager.getConnection(URL, login);
    }

    private static List<String> rows(Statement sql, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = sql.executeQuery(query)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
