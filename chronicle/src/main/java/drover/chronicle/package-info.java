/**
 * large_payload=chronicle, in whichever reactor or worker JVM chose it: the Chronicle Queue store and the
 * factory common finds through ServiceLoader. On the class path only when that setting is chosen.
 */
package drover.chronicle;
