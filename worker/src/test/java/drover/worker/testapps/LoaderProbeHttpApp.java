package drover.worker.testapps;

import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;

/** Notes the thread context class loader its constructor ran with. Loaded from a jar by AppLoaderTest. */
public final class LoaderProbeHttpApp implements HttpApp {
    public final ClassLoader constructedWith = Thread.currentThread().getContextClassLoader();

    @Override
    public void onRequest(Request request, Response response) {
        response.end();
    }
}
