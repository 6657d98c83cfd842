package dev.memscan.session;

import dev.memscan.scan.FloatMatch;
import dev.memscan.scan.TypeSet;
import dev.memscan.scan.ValueType;

import java.nio.ByteOrder;
import java.util.List;

/**
 * What a first scan looks for.
 *
 * @param types a type set ({@code -t any}) instead of {@code type}, or null
 */
public record ScanRequest(ValueType type, List<String> predicateWords, ByteOrder order, Integer align,
                            FloatMatch floatMatch, RegionSelection regions, boolean ignoreCase, TypeSet types) {
}
