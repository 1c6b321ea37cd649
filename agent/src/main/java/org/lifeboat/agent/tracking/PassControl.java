package org.lifeboat.agent.tracking;

/** Lets the owner of a scan cut a pass short, checked between blocks. */
@FunctionalInterface
public interface PassControl {

    boolean shouldAbandon();
}
