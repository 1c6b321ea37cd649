package org.lifeboat.recoveryplan;

import java.util.regex.Pattern;
import org.lifeboat.shared.InvalidRequestException;

/** A recovery plan's name, as it appears in URLs: a safe, short charset. */
record PlanName(String value) {

    static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

    PlanName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new InvalidRequestException("name", "a recovery plan's name is 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
