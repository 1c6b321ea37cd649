package org.lifeboat.pushinstall;

/** How the installer logs in to the target over SSH. */
public enum CredentialKind { PASSWORD, PRIVATE_KEY }
