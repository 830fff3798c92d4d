package drover.worker.testapps;

import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;

/** An HTTP app whose constructor fails, as one whose configuration is missing would. Loaded from a jar by AppLoaderTest. */
public final class ThrowingHttpApp implements HttpApp {
    public ThrowingHttpApp() {
        throw new IllegalStateException("no database configured");
    }

    @Override
    public void onRequest(Request request, Response response) {
        response.end();
    }
}
