/**
 * drover-test: a JUnit 6 extension ({@link drover.test.DroverServer}) that app authors' tests use to
 * boot a real Drover server (its own manager, reactor and worker JVMs) from the app under test. Runs
 * in the test JVM; the server's processes are started from the Drover jars on the test class path.
 */
package drover.test;
