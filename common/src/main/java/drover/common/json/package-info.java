/**
 * Every process: the one JSON writer (status report, reactor counters) and the reader for flat
 * objects of numbers that the control link's counters need. Depends on nothing of Drover.
 */
package drover.common.json;
