/**
 * large_payload=chronicle, in whichever reactor or worker JVM chose it: the Chronicle Queue store, the
 * queue-then-files store around it, the JVM options it needs, and the {@code StoreModule} common finds
 * through ServiceLoader (the manager reads only its JVM options, through a class loader of its own).
 * On a child's class path only when that setting is chosen.
 */
package drover.chronicle;
