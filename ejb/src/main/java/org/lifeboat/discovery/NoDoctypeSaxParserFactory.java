package org.lifeboat.discovery;

import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;

/**
 * The JDK's SAX parser with DOCTYPEs refused and no external entity or DTD ever read. dom4j (yavijava's
 * parser) installs its own entity resolver, which escapes the JAXP {@code javax.xml.accessExternalDTD}
 * restriction, so only the parser's features stop an XXE there (and that restriction set domain-wide
 * stops Payara deploying the EAR: both measured); a vCenter's SOAP never has a DOCTYPE.
 * {@link VcenterXml} makes yavijava's parses take this factory.
 */
public final class NoDoctypeSaxParserFactory extends SAXParserFactory {

    private static final String[] OFF = {"http://xml.org/sax/features/external-general-entities",
        "http://xml.org/sax/features/external-parameter-entities",
        "http://apache.org/xml/features/nonvalidating/load-external-dtd"};

    private final SAXParserFactory jdk = SAXParserFactory.newDefaultInstance();

    public NoDoctypeSaxParserFactory() {
        try {
            jdk.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            for (String feature : OFF) {
                jdk.setFeature(feature, false);
            }
            jdk.setXIncludeAware(false);
        } catch (ParserConfigurationException | SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("the JDK's SAX parser cannot refuse DOCTYPEs", e);
        }
    }

    @Override
    public SAXParser newSAXParser() throws ParserConfigurationException, org.xml.sax.SAXException {
        jdk.setNamespaceAware(isNamespaceAware());
        jdk.setValidating(false); // validation would need the DTD this factory never reads
        return jdk.newSAXParser();
    }

    @Override
    public void setFeature(String name, boolean value) throws ParserConfigurationException,
            SAXNotRecognizedException, SAXNotSupportedException {
        // callers may turn protections on, never off
        boolean weakens = name.equals("http://apache.org/xml/features/disallow-doctype-decl") ? !value
                : java.util.Arrays.asList(OFF).contains(name) && value;
        if (!weakens) {
            jdk.setFeature(name, value);
        }
    }

    @Override
    public boolean getFeature(String name) throws ParserConfigurationException, SAXNotRecognizedException,
            SAXNotSupportedException {
        return jdk.getFeature(name);
    }
}
