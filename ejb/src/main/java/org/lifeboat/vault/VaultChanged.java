package org.lifeboat.vault;

/**
 * Fired (CDI event) in the transaction that changed what failover needs to know of an item: the item,
 * its disks, its recovery points, its failover settings or its failover state. The vault catalog in
 * Azure Storage is brought up to date after that transaction commits, so it never runs ahead of the data.
 *
 * @param itemName the protected item whose part of the catalog changed
 */
public record VaultChanged(String itemName) {
}
