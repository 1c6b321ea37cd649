package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.json.JsonObject;

/** Recovery points as an operator gets them: a bookmark through the running agent, an image through the API. */
final class RecoveryPoints {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private RecoveryPoints() {
    }

    /** Takes a bookmark through the agent running on {@code state} and waits (5 minutes at most) for its point's id. */
    static String bookmark(String item, Path state, AgentProcess agent) throws InterruptedException {
        return bookmark(item, state, agent, false);
    }

    /** As {@link #bookmark(String, Path, AgentProcess)}, app-consistent if asked. */
    static String bookmark(String item, Path state, AgentProcess agent, boolean appConsistent)
            throws InterruptedException {
        return awaitPoint(item, takeBookmark(state, agent, appConsistent), Duration.ofMinutes(5));
    }

    /** Takes a bookmark through the agent running on {@code state} and returns its id, not waiting for its point. */
    static String takeBookmark(Path state, AgentProcess agent, boolean appConsistent) {
        List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", LifeboatStack.AGENT_JAR.toString(),
                "bookmark", "--state", state.toString(), "--timeout", "600"));
        if (appConsistent) {
            command.add("--app-consistent");
        }
        LifeboatStack.CommandResult bookmark = LifeboatStack.run(command, Duration.ofMinutes(11));
        assertEquals(0, bookmark.exitCode(), bookmark + "\n--- agent log\n" + agent.log());
        Matcher id = UUID.matcher(bookmark.stdout());
        assertTrue(id.find(), bookmark.stdout());
        return id.group();
    }

    /** The id of the bookmark's recovery point, once it is listed; empty if none is. */
    static java.util.Optional<String> pointOf(String item, String bookmarkId) {
        for (JsonObject point : JsonBodies.array(LifeboatStack.getAsAdmin("/protectedItems/" + item
                + "/recoveryPoints").body()).getValuesAs(JsonObject.class)) {
            if (bookmarkId.equals(point.getString("bookmarkId"))) {
                return java.util.Optional.of(point.getString("id"));
            }
        }
        return java.util.Optional.empty();
    }

    /** Waits for the bookmark's recovery point, {@code within} at most, and returns its id. */
    static String awaitPoint(String item, String bookmarkId, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            java.util.Optional<String> point = pointOf(item, bookmarkId);
            if (point.isPresent()) {
                return point.get();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no recovery point for bookmark " + bookmarkId + " within " + within.toSeconds()
                + " s\n" + LifeboatStack.getAsAdmin("/protectedItems/" + item).body());
    }

    /** Waits for the item's first recovery point, taken by nobody but the agent itself, and returns its id. */
    static String awaitFirst(String item, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            List<String> points = ids(item);
            if (!points.isEmpty()) {
                return points.get(points.size() - 1);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no recovery point within " + within.toSeconds() + " s\n"
                + LifeboatStack.getAsAdmin("/protectedItems/" + item).body());
    }

    /** The item's recovery points' ids, newest first, as the API lists them. */
    static List<String> ids(String item) {
        return JsonBodies.array(LifeboatStack.getAsAdmin("/protectedItems/" + item + "/recoveryPoints").body())
                .getValuesAs(JsonObject.class).stream().map(p -> p.getString("id")).toList();
    }

    /** {@code length} bytes of one disk's image in a recovery point from {@code offset}, through the API (Range). */
    static byte[] imageBytes(String item, String point, String diskId, long offset, int length) throws IOException {
        HttpResponse<InputStream> image = LifeboatStack.streamAsAdmin("/protectedItems/" + item + "/recoveryPoints/"
                + point + "/disks/" + diskId + "/image", "Range", "bytes=" + offset + "-" + (offset + length - 1));
        try (InputStream in = image.body()) {
            assertEquals(206, image.statusCode());
            return in.readNBytes(length);
        }
    }

    /** The SHA-256 of one disk's image in a recovery point, downloaded through the API. */
    static String imageSha(String item, String point, String diskId) throws IOException {
        HttpResponse<InputStream> image = LifeboatStack.streamAsAdmin("/protectedItems/" + item + "/recoveryPoints/"
                + point + "/disks/" + diskId + "/image");
        try (InputStream in = image.body()) {
            assertEquals(200, image.statusCode());
            return DiskImage.sha256(in);
        }
    }
}
