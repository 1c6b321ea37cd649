package org.lifeboat.persistence;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import javax.sql.DataSource;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * The indexes the application's reads need, made at start when missing. EclipseLink's
 * {@code create-or-extend-tables} adds tables and columns but never an index to a table that exists, and
 * PostgreSQL, unlike Derby, does not index a foreign key by itself: without these one item's read scanned
 * every recovery point of the vault (0.35 s at 50,000 points).
 */
@Stateless
public class SchemaIndexes {

    private static final Logger LOG = Logger.getLogger(SchemaIndexes.class.getName());

    /** An index by name on a table's columns, in the upper-case names EclipseLink gives them. */
    record Index(String name, String table, List<String> columns) {
        String createStatement() {
            return "CREATE INDEX " + name + " ON " + table + " (" + String.join(", ", columns) + ")";
        }
    }

    static final List<Index> INDEXES = List.of(
            // one item's points, newest first: the item page, failover's point picker, retention
            new Index("RECOVERY_POINT_ITEM", "RECOVERY_POINT", List.of("ITEMNAME", "SOURCETIME")),
            // a point's disk snapshots (an element collection, fetched per point)
            new Index("RECOVERY_POINT_DISK_POINT", "RECOVERY_POINT_DISK", List.of("RECOVERY_POINT_ID")));

    @Resource(lookup = "jdbc/lifeboat")
    private DataSource database;

    /** Creates each missing index; an index that exists (under any name on the same first column) is kept. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void ensure() {
        try (Connection connection = database.getConnection()) {
            DatabaseMetaData metadata = connection.getMetaData();
            boolean lowerCase = metadata.storesLowerCaseIdentifiers();
            for (Index index : INDEXES) {
                if (!exists(metadata, index, lowerCase)) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(index.createStatement());
                    }
                    LOG.info(() -> "created index " + index.name() + " on " + index.table() + index.columns());
                }
            }
        } catch (SQLException e) {
            // the application works without them, slower: say so and go on
            LOG.warning("could not check or create the database's indexes: " + e.getMessage());
        }
    }

    private static boolean exists(DatabaseMetaData metadata, Index index, boolean lowerCase) throws SQLException {
        String table = lowerCase ? index.table().toLowerCase(Locale.ROOT) : index.table();
        try (ResultSet indexes = metadata.getIndexInfo(null, null, table, false, true)) {
            while (indexes.next()) {
                String name = indexes.getString("INDEX_NAME");
                String column = indexes.getString("COLUMN_NAME");
                short position = indexes.getShort("ORDINAL_POSITION");
                if (name != null && name.equalsIgnoreCase(index.name())) {
                    return true;
                }
                if (position == 1 && column != null && column.equalsIgnoreCase(index.columns().get(0))) {
                    return true;
                }
            }
        }
        return false;
    }
}
