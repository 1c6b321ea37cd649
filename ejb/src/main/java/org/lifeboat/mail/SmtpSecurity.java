package org.lifeboat.mail;

/** How the connection to the SMTP server is protected. */
public enum SmtpSecurity {
    /** Plain SMTP (only for a relay on the same machine or a trusted network). */
    NONE,
    /** Upgrade with STARTTLS, and refuse to send if the server does not offer it. */
    STARTTLS,
    /** TLS from the first byte (SMTPS, usually port 465). */
    TLS
}
