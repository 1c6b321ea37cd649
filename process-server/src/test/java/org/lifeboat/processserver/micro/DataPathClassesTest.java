package org.lifeboat.processserver.micro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the WAR's WEB-INF/classes hold (the data-path classes the build takes from the EJB module, and this
 * module's own): every Lifeboat class they refer to is there too (or in the protocol, files or resource adapter
 * jar Micro has on its class path), and none asks for an EJB timer, which fails the whole deployment on Payara
 * Micro without its data grid. Read from the class files' constant pools, so a class added to the data path
 * later with a new dependency fails here, not at deployment.
 */
class DataPathClassesTest {

    private static final Path CLASSES = Path.of("target", "classes");
    /** Packages of the jars beside the WAR: the protocol and the resource adapter (Micro's), the files helper (WEB-INF/lib). */
    private static final List<String> ELSEWHERE = List.of("org/lifeboat/protocol/", "org/lifeboat/connector/",
            "org/lifeboat/files/");
    private static final Set<String> TIMERS = Set.of("jakarta/ejb/Schedule", "jakarta/ejb/Schedules",
            "jakarta/ejb/TimerService", "jakarta/ejb/Timeout");
    private static final Pattern TYPE = Pattern.compile("L([\\w/$]+)[;<]");

    private static final TreeMap<String, Set<String>> REFERENCES = new TreeMap<>();

    @BeforeAll
    static void readClasses() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('\\', '/').replace(".class", "");
                try (InputStream in = Files.newInputStream(file)) {
                    REFERENCES.put(name, classesReferredTo(in));
                }
            }
        }
    }

    @Test
    void holdsTheDataPath() {
        for (String root : List.of("org/lifeboat/processserver/ReplicationEndpoint", "org/lifeboat/processserver/LogApplier",
                "org/lifeboat/processserver/SegmentUploader", "org/lifeboat/persistence/InstantConverter",
                "org/lifeboat/processserver/micro/HealthResource")) {
            assertTrue(REFERENCES.containsKey(root), root + " is missing from " + CLASSES);
        }
    }

    @Test
    void everyLifeboatClassReferredToIsThere() {
        List<String> missing = new ArrayList<>();
        REFERENCES.forEach((from, referred) -> referred.stream()
                .filter(to -> to.startsWith("org/lifeboat/"))
                .map(to -> to.contains("$") ? to.substring(0, to.indexOf('$')) : to)
                .filter(to -> ELSEWHERE.stream().noneMatch(to::startsWith) && !REFERENCES.containsKey(to))
                .forEach(to -> missing.add(from + " -> " + to)));
        assertEquals(List.of(), missing, "add these to data-path.includes in process-server/pom.xml");
    }

    @Test
    void noClassAsksForAnEjbTimer() {
        List<String> timed = new ArrayList<>();
        REFERENCES.forEach((from, referred) -> referred.stream().filter(TIMERS::contains)
                .forEach(to -> timed.add(from + " -> " + to)));
        assertEquals(List.of(), timed);
    }

    /** The classes a class file names: its class constants and every type in its descriptors and signatures. */
    static Set<String> classesReferredTo(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        Set<String> names = new TreeSet<>();
        List<Integer> classIndexes = new ArrayList<>();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classIndexes.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // eight-byte constants take two slots
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        for (int index : classIndexes) {
            String name = utf8[index];
            names.add(name.startsWith("[") ? name.replaceAll("^\\[+L?|;$", "") : name);
        }
        for (String text : utf8) {
            if (text != null) {
                Matcher type = TYPE.matcher(text);
                while (type.find()) {
                    names.add(type.group(1));
                }
            }
        }
        return names;
    }
}
