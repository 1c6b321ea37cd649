package org.lifeboat.web.security;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.identitystore.DatabaseIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import org.lifeboat.security.AdministratorCredentials;

/** Administrators are checked against the PBKDF2 hashes in the vault database. */
@ApplicationScoped
@DeclareRoles({AdministratorCredentials.ROLE, AgentIdentityStore.ROLE})
@DatabaseIdentityStoreDefinition(
        dataSourceLookup = AdministratorCredentials.DATA_SOURCE,
        callerQuery = AdministratorCredentials.CALLER_QUERY,
        groupsQuery = AdministratorCredentials.GROUPS_QUERY,
        hashAlgorithm = Pbkdf2PasswordHash.class,
        hashAlgorithmParameters = {
                AdministratorCredentials.ALGORITHM,
                AdministratorCredentials.ITERATIONS,
                AdministratorCredentials.SALT_SIZE,
                AdministratorCredentials.KEY_SIZE})
public class AdministratorIdentityStore {
}
