package org.lifeboat.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.lifeboat.protocol.sizing.ChurnLimits;
import org.lifeboat.protocol.sizing.DiskFit;
import org.lifeboat.shared.InvalidRequestException;

/** The server's reading of an uploaded churn profile, and the fleet's sizing from several. */
class ChurnProfileTest {

    private static final long MB = ChurnLimits.MB;

    static String report(String machine, long peak, String diskPeaks) {
        StringBuilder disks = new StringBuilder();
        String[] peaks = diskPeaks.split(",");
        for (int i = 0; i < peaks.length; i++) {
            disks.append(i == 0 ? "" : ",").append("""
                    {"disk":"/dev/sd%c","sizeBytes":1073741824,"writes":10,"bytesWritten":40960,
                     "averageBytesPerSecond":1000,"peakBytesPerSecond":%s,"touchedShare":0.25,"fit":"STANDARD",
                     "bytesPerMinute":[40960],"writeSizes":[{"fromBytes":4096,"writes":10}],"touchedBlocks":1,
                     "blockBytes":4096,"diskBlocks":262144,"gaps":[]}""".formatted((char) ('a' + i), peaks[i]));
        }
        return """
                {"machine":"%s","startedAt":"2026-12-02T10:00:00Z","seconds":3600.0,"stoppedEarly":false,
                 "averageBytesPerSecond":2000,"peakBytesPerSecond":%d,"disks":[%s],
                 "sizing":{"processServers":1},"limits":{}}""".formatted(machine, peak, disks);
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void theAgentsReportIsReadWithTheFiguresTheSizingUses() {
        ChurnProfile profile = ChurnProfile.parse(json(report("db1", 25 * MB, "15000000,5000")), "db1");
        assertEquals(2, profile.disks().size());
        assertEquals(25 * MB, profile.peakBytesPerSecond());
        assertEquals(15 * MB, profile.disks().get(0).peakBytesPerSecond());
        assertEquals(0.25, profile.disks().get(1).touchedShare());
    }

    @Test
    void aBadFieldIsRefusedNamingIt() {
        assertField("machine", report("other", 1, "1"));
        assertField("disks[0].peakBytesPerSecond", report("db1", 1, "-5"));
        assertField("disks[1].peakBytesPerSecond", report("db1", 1, "1,1.5"));
        assertField("disks[0].touchedShare", report("db1", 1, "1").replace("0.25", "1.5"));
        assertField("seconds", report("db1", 1, "1").replace("3600.0", "0"));
        assertField("startedAt", report("db1", 1, "1").replace("2026-12-02T10:00:00Z", "yesterday"));
        assertField("disks", report("db1", 1, "1").replaceAll("(?s)\"disks\":\\[.*\\],", "\"disks\":[],"));
        assertField("disks[0].sizeBytes", report("db1", 1, "1").replace("\"sizeBytes\":1073741824,", ""));
        assertField("peakBytesPerSecond", report("db1", 1, "1").replace("\"peakBytesPerSecond\":1,", "\"peakBytesPerSecond\":\"fast\","));
        assertField("colour", report("db1", 1, "1").replace("{\"machine\"", "{\"colour\":1,\"machine\""));
        assertField("disks", report("db1", 1, "1,1").replace("/dev/sdb", "/dev/sda"));
    }

    @Test
    void theMachineNameIsAHostNameAndNotTheSummary() {
        assertEquals("machine", assertThrows(InvalidRequestException.class, () -> new MachineName("a b")).field());
        assertEquals("machine", assertThrows(InvalidRequestException.class, () -> new MachineName("summary")).field());
        assertEquals("db-1.example", new MachineName("db-1.example").value());
    }

    @Test
    void theFleetAddsMachinesUpAndListsWhatIsOverALimit() {
        Map<String, ChurnProfile> fleet = new LinkedHashMap<>();
        fleet.put("db1", ChurnProfile.parse(json(report("db1", 60 * MB, "15000000,25000000")), "db1"));
        fleet.put("web1", ChurnProfile.parse(json(report("web1", 4 * MB, "4000000")), "web1"));
        FleetSizing sizing = FleetSizing.of(fleet, ChurnLimits.ASR);
        assertEquals(2, sizing.machines());
        assertEquals(3, sizing.disks());
        assertEquals(64 * MB, sizing.sizing().peakBytesPerSecond());
        assertEquals(4000, sizing.sizing().averageBytesPerSecond());
        assertEquals(1, sizing.sizing().processServers());
        assertEquals(64 * MB * 3600, sizing.sizing().cacheBytes());
        assertEquals(java.util.List.of(new FleetSizing.MachineOverLimit("db1", 60 * MB)), sizing.machinesOverLimit());
        assertEquals(java.util.List.of(
                new FleetSizing.DiskOverLimit("db1", "/dev/sda", 15 * MB, DiskFit.PREMIUM),
                new FleetSizing.DiskOverLimit("db1", "/dev/sdb", 25 * MB, DiskFit.EXCEEDS)), sizing.disksOverLimit());
    }

    private static void assertField(String field, String body) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> ChurnProfile.parse(json(body), "db1"), body);
        assertEquals(field, refused.field(), refused.getMessage());
    }
}
