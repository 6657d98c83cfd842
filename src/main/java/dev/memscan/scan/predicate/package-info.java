/**
 * Search and refine predicates: {@link dev.memscan.scan.predicate.Op}, the one table of
 * operators (words, REPL symbols, arity, refine-only, messages); the sealed
 * {@link dev.memscan.scan.predicate.Predicate} with one kind per way of testing a value;
 * the parser behind {@link dev.memscan.scan.predicate.Predicate#parse}; and
 * {@link dev.memscan.scan.predicate.ValueKeys}, the order-preserving keys the kernels compare.
 *
 * <p>To add an operator: a row in {@code Op}, its case in the kinds' {@code test}
 * methods (and in the parser if it builds an interval), and its kernel if it should be fast.
 */
package dev.memscan.scan.predicate;
