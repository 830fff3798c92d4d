/**
 * The public API a Drover app compiles against, as the artifact {@code io.drover:drover-api} in scope
 * {@code provided}. Implement {@link drover.worker.api.DroverApp}, name the class in
 * {@code META-INF/services/drover.worker.api.DroverApp}, and start the jar with
 * {@code scripts/start.sh APP_JAR}. The app's class loader sees the JDK and these packages only, so
 * libraries the app bundles never clash with Drover's own. docs/WRITING-APPS.md walks through it.
 */
package drover.worker.api;
