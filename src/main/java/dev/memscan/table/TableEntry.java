package dev.memscan.table;

import dev.memscan.error.UsageException;
import dev.memscan.scan.ValueEncoder;
import dev.memscan.scan.ValueType;

import java.nio.ByteOrder;

/**
 * One named value of an address table.
 *
 * @param name        unique in its table; how {@code set}, {@code freeze} and {@code watch} name it
 * @param address     an address expression as {@code read} takes it: {@code 0x} hex, decimal,
 *                    {@code MODULE+OFFSET}, or a pointer chain ({@code game+0x4010 -> +0x10 -> +0x8})
 * @param type        the value's type
 * @param length      bytes of a {@code bytes}, {@code str} or {@code str16} value; 0 for a number
 * @param description free text, or null
 * @param freeze      the value {@code table freeze} holds (as typed for {@code write}), or null to
 *                    hold the value found when the freeze starts
 * @param group       a group path such as {@code Player/Stats}, or null
 */
public record TableEntry(String name, String address, ValueType type, int length, String description,
                         String freeze, String group) {

    /** The longest value an entry may name, in bytes: a table is for values, not for dumps. */
    public static final int MAX_LENGTH = 4096;

    /**
     * Checks the fields.
     *
     * @throws UsageException an empty name or address, a length where none belongs or none
     *                        where one must be, or a freeze value that is not a value of the type
     */
    public TableEntry {
        if (name == null || name.isBlank()) {
            throw new UsageException("an entry needs a name");
        }
        name = name.strip();
        if (address == null || address.isBlank()) {
            throw new UsageException("entry '" + name + "' needs an address");
        }
        address = address.strip();
        if (type.isNumeric() && length != 0) {
            throw new UsageException("entry '" + name + "': length applies to bytes, str and str16, not " + type);
        }
        if (!type.isNumeric() && (length < 1 || length > MAX_LENGTH)) {
            throw new UsageException("entry '" + name + "': a " + type + " value needs a length of 1 to "
                    + MAX_LENGTH + " bytes");
        }
        description = blankToNull(description);
        freeze = blankToNull(freeze);
        group = blankToNull(group);
        if (freeze != null) {
            encode(name, type, length, freeze);
        }
    }

    /**
     * The bytes {@code text} stands for as this entry's value (little-endian; a string
     * as long as it is, at most the entry's length).
     *
     * @throws UsageException not a value of the type, or a string longer than the entry
     */
    public byte[] encode(String text) {
        return encode(name, type, length, text);
    }

    private static byte[] encode(String name, ValueType type, int length, String text) {
        byte[] bytes;
        try {
            bytes = ValueEncoder.encode(type, text, ByteOrder.LITTLE_ENDIAN);
        } catch (UsageException e) {
            throw new UsageException("entry '" + name + "': " + e.getMessage());
        }
        if (!type.isNumeric() && bytes.length > length) {
            throw new UsageException("entry '" + name + "': " + bytes.length + " bytes do not fit its length of "
                    + length);
        }
        return bytes;
    }

    /** A numeric entry with no description, freeze value or group. */
    public static TableEntry of(String name, String address, ValueType type) {
        return new TableEntry(name, address, type, 0, null, null, null);
    }

    /** This entry with another name and address, everything else the same. */
    public TableEntry at(String newName, String newAddress) {
        return new TableEntry(newName, newAddress, type, length, description, freeze, group);
    }

    /** Bytes read and written for the value. */
    public int width() {
        return type.isNumeric() ? type.size() : length;
    }

    /** The name with its group in front ({@code Player/Stats/gold}), as {@code show} prints it. */
    public String path() {
        return group == null ? name : group + "/" + name;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
