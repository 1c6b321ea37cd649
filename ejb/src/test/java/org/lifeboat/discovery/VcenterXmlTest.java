package org.lifeboat.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dom4j.DocumentException;
import org.dom4j.io.SAXReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** yavijava's parser (dom4j) under {@link VcenterXml}: no DOCTYPE, so no external entity, is ever read. */
class VcenterXmlTest {

    @TempDir
    Path directory;

    @Test
    void anExternalEntityIsRefusedAndTheFileIsNeverRead() throws Exception {
        Path secret = Files.writeString(directory.resolve("secret"), "the-marker");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]><x>&xxe;</x>";

        DocumentException refused = assertThrows(DocumentException.class,
                () -> VcenterXml.parsingWithoutDoctypes(() -> parse(xxe)));

        assertTrue(refused.getMessage().contains("DOCTYPE is disallowed"), refused.getMessage());
        assertFalse(refused.getMessage().contains("the-marker"), refused.getMessage());
    }

    @Test
    void soapWithoutADoctypeParsesAsBefore() throws Exception {
        String soap = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
                + "<x>fish &amp; chips</x></soapenv:Body></soapenv:Envelope>";

        String parsed = VcenterXml.parsingWithoutDoctypes(() -> parse(soap));

        assertTrue(parsed.contains("<x>fish &amp; chips</x>"), parsed);
    }

    @Test
    void theThreadGetsItsClassLoaderBack() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        VcenterXml.parsingWithoutDoctypes(() -> "done");

        assertEquals(before, Thread.currentThread().getContextClassLoader());
    }

    private static String parse(String xml) throws DocumentException {
        return new SAXReader().read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).asXML();
    }
}
