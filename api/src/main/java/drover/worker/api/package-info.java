/**
 * The public API a Drover app compiles against (scope {@code provided}). Implement {@link drover.worker.api.DroverApp},
 * name the class in {@code META-INF/services/drover.worker.api.DroverApp}, and start the jar with
 * {@code scripts/start.sh APP_JAR}.
 */
package drover.worker.api;
