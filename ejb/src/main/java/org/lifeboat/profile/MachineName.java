package org.lifeboat.profile;

import java.util.regex.Pattern;
import org.lifeboat.shared.InvalidRequestException;

/** The name a churn profile is filed under: a host name (1 to 253 letters, digits, '.', '_' or '-'). */
public record MachineName(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,253}");

    public MachineName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new InvalidRequestException("machine", "a machine's name is 1 to 253 letters, digits, '.', '_' or '-'");
        }
        if (value.equals("summary")) {
            throw new InvalidRequestException("machine", "'summary' is the fleet's sizing, not a machine's name");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
