package org.lifeboat.agent.daemon;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The daemon's log: one line per event on stderr (journald adds its own metadata), with a stack
 * trace only for the unexpected failures that carry one.
 */
public final class OneLineLogFormat extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Sends the root logger's output through this format. */
    public static void install() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new OneLineLogFormat());
        console.setLevel(Level.INFO);
        root.addHandler(console);
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder()
                .append(TIME.format(LocalDateTime.ofInstant(record.getInstant(), ZoneId.systemDefault())))
                .append(' ').append(record.getLevel().getName())
                .append(' ').append(formatMessage(record))
                .append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }
}
